"""Corpus runs: ``unspun batch`` (resumable, parallel, near-duplicate aware) and
``unspun report`` (the corpus dashboard).

>>> from unspun.batch import BatchOptions, run_batch
>>> summary = run_batch(BatchOptions(inputs=("feed.jsonl",), run_dir=Path("run")))
>>> from unspun.batch.report import build_report
>>> build_report(Path("run"))
"""

from unspun.batch.options import BatchOptions, DedupOptions
from unspun.batch.runner import run_batch
from unspun.batch.store import is_run_dir, read_table
from unspun.batch.summary import BatchSummary

__all__ = [
    "BatchOptions",
    "BatchSummary",
    "DedupOptions",
    "is_run_dir",
    "read_table",
    "run_batch",
]
