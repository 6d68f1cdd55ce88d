"""The command line never imports torch, even where the training extra installed it."""

from __future__ import annotations

import json
import subprocess
import sys

from .helpers import EXAMPLE, ROOT

SCRIPT = """
import sys
from unspun.cli.main import keep_torch_out, cli
keep_torch_out()
try:
    cli(["analyze", sys.argv[1], "--format", "json", "-q"], prog_name="unspun")
except SystemExit:
    pass
print("torch" in sys.modules and sys.modules["torch"] is not None, file=sys.stderr)
"""


def test_the_cli_runs_the_default_pipeline_without_torch() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(EXAMPLE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = json.loads(proc.stdout)
    record = records[0] if isinstance(records, list) else records
    kinds = {f["kind"] for f in record["findings"]}
    assert {"technique", "claim", "attribution"} <= kinds
    assert proc.stderr.strip().splitlines()[-1] == "False"
