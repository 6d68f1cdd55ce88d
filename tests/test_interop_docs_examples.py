"""The copy-paste examples of docs/interop.md run as written.

Every fenced ``bash`` or ``python`` block right after a ``<!-- docs-test: FILE ... -->``
comment runs in a fresh folder (bash as ``bash -euo pipefail`` with the venv's ``bin``
first on PATH, python with the venv's interpreter) and must exit 0 and leave the files
the comment names. ``<!-- docs-test slow: ... -->`` marks a block that trains a model.
Blocks without the comment are reference, never run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import ROOT

DOC = ROOT / "docs" / "interop.md"
MARKED = re.compile(
    r"<!-- docs-test(?P<slow> slow)?(?::(?P<files>[^>]*?))? -->\n"
    r"```(?P<lang>bash|python)\n(?P<code>.*?)```",
    flags=re.S,
)


@dataclass(frozen=True)
class Example:
    section: str
    lang: str
    code: str
    files: tuple[str, ...]
    slow: bool


def examples() -> list[Example]:
    text = DOC.read_text(encoding="utf-8")
    found = []
    for match in MARKED.finditer(text):
        headings = re.findall(r"^## (.+)$", text[: match.start()], flags=re.M)
        found.append(
            Example(
                section=headings[-1] if headings else "intro",
                lang=match["lang"],
                code=match["code"],
                files=tuple((match["files"] or "").split()),
                slow=bool(match["slow"]),
            )
        )
    return found


EXAMPLES = examples()
#: Every integration has a runnable example.
SECTIONS = (
    "spaCy",
    "Label Studio",
    "doccano",
    "CoNLL / BIO",
    "Shared tasks",
    "Training on your own labels",
)


def test_every_integration_has_a_runnable_example() -> None:
    assert {e.section for e in EXAMPLES} == set(SECTIONS)
    assert all(e.files for e in EXAMPLES), "each example names the files it makes"
    # Label Studio and doccano examples show offsets surviving an emoji and CRLF.
    for section in ("Label Studio", "doccano"):
        (example,) = (e for e in EXAMPLES if e.section == section)
        assert "👍🏽" in example.code and "\\r\\n" in example.code


def _run(example: Example, folder: Path) -> subprocess.CompletedProcess[str]:
    venv_bin = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
    }
    if example.lang == "bash":
        command = ["bash", "-euo", "pipefail", "-c", example.code]
    else:
        command = [sys.executable, "-c", example.code]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "example",
    [pytest.param(e, id=e.section, marks=[pytest.mark.slow] if e.slow else []) for e in EXAMPLES],
)
def test_docs_example_runs(example: Example, tmp_path: Path) -> None:
    if example.slow:
        pytest.importorskip("torch", reason="needs the train extra")
    done = _run(example, tmp_path)
    assert done.returncode == 0, f"{example.section}:\n{done.stdout}\n{done.stderr}"
    for name in example.files:
        path = tmp_path / name
        assert path.is_file() and path.stat().st_size > 0, f"{example.section}: no {name}"
    trained = tmp_path / "models" / "mine" / "tagger-delta.safetensors"
    if trained.is_file():  # the model folder holds the new delta, not the shipped copy
        from unspun.runtime.files import PACKAGED_MODELS

        shipped = PACKAGED_MODELS / "techniques" / "tagger-delta.safetensors"
        assert trained.read_bytes() != shipped.read_bytes(), "a relative --model-out was lost"
