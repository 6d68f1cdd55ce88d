"""docs/interop.md keeps up with the code: every command, format and error code is there."""

from __future__ import annotations

import re

from unspun.cli.interop import import_cli, label_studio_cli
from unspun.interop import errors
from unspun.interop.errors import InteropInputError

from .helpers import ROOT

DOC = (ROOT / "docs" / "interop.md").read_text(encoding="utf-8")
FORMATS = (
    "label-studio",
    "doccano",
    "conll",
    "ptc-si",
    "ptc-tc",
    "semeval2023-spans",
    "semeval2023-paragraphs",
    "checkthat-task1",
    "semeval2025-narratives",
)


def test_interop_docs_name_every_command_and_format() -> None:
    for name in import_cli.commands:
        assert f"unspun import {name}" in DOC, name
    for name in label_studio_cli.commands:
        assert f"unspun label-studio {name}" in DOC, name
    for fmt in FORMATS:
        assert f"--format {fmt}" in DOC, fmt
    assert "unspun export" in DOC and "unspun eval records" in DOC
    assert "unspun train techniques --data" in DOC


def test_interop_docs_list_every_error_code() -> None:
    classes = [getattr(errors, n) for n in errors.__all__ if isinstance(getattr(errors, n), type)]
    assert InteropInputError in classes
    codes = {c.code for c in classes}
    assert all(re.fullmatch(r"E7[6-8]\d", code) for code in codes)
    assert len(codes) == len(classes)  # never two errors with one code
    for cls in classes:
        assert f"| {cls.code} | `{cls.__name__}` |" in DOC, cls.__name__
