"""The data sets we wrote or annotated keep passing their own checkers (offsets, labels,
splits): a hand edit that breaks one fails here, not in a later training run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT

CHECKS = [
    ["data/narratives/register/check.py"],
    ["data/lexicons/check.py", "--quiet"],
]


@pytest.mark.parametrize("command", CHECKS, ids=lambda c: c[0])
def test_data_checker_passes(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, *command], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_the_register_checker_rejects_a_broken_row(tmp_path) -> None:
    rows = (ROOT / "data/narratives/register/register.jsonl").read_text(encoding="utf-8")
    broken = tmp_path / "register.jsonl"
    first, rest = rows.split("\n", 1)
    broken.write_text(first.replace('"split": "', '"split": "x') + "\n" + rest, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "data/narratives/register/check.py", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
