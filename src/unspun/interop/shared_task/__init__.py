"""Shared-task file formats, one module per family.

- :mod:`.ptc`: PTC / SemEval-2020 Task 11 SI and TC/FLC, SemEval-2023 Task 3 and
  CheckThat! 2024 Task 3 span files;
- :mod:`.checkthat`: CheckThat! 2024 Task 1 check-worthiness TSV;
- :mod:`.narratives`: SemEval-2025 Task 10 narrative files;
- :mod:`.writers`: the submission writers (``--format ptc-si`` and the others).
"""
