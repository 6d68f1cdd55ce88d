"""Write the large or unusual cases of the bad-input corpus into a folder.

The small cases are committed next to this file; these are generated (by the tests, into
a temporary folder; or by hand: ``python tests/data/bad/generate.py OUT``) because they are
large, or are things git cannot hold: a symbolic-link loop, a file name that is not UTF-8,
a folder nobody may read.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SAID = "Officials said the port will close, experts believe."


def generate(out: Path) -> dict[str, Path]:
    """Write every generated case under ``out``; returns them by name."""
    out.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Path] = {}

    rows = ["id,text"] + [f"bad{i},x,extra" for i in range(1100)]
    rows += [f'good{i},"{SAID}"' for i in range(5)]
    cases["many-bad-rows"] = out / "many-bad-rows.csv"
    cases["many-bad-rows"].write_text("\n".join(rows) + "\n", encoding="utf-8")

    cases["huge-ids"] = out / "huge-ids.jsonl"
    with cases["huge-ids"].open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "x" * 100_000, "text": SAID}) + "\n")
        fh.write(json.dumps({"id": "x" * 100_000, "text": SAID}) + "\n")  # a duplicate
        fh.write(json.dumps({"id": {"nested": [1, 2]}, "text": SAID}) + "\n")

    if os.name == "posix":
        name = os.fsencode(out) + b"/bad\xffname.txt"
        with open(name, "wb") as fh:
            fh.write(SAID.encode("utf-8"))
        cases["bad-name"] = Path(os.fsdecode(name))
        loop = out / "loop"
        loop.mkdir(exist_ok=True)
        for a, b in (("a", "b"), ("b", "a")):
            link = loop / f"{a}.txt"
            if not link.is_symlink():
                link.symlink_to(loop / f"{b}.txt")
        if not (loop / "self").is_symlink():
            (loop / "self").symlink_to(loop)
        cases["symlink-loop"] = loop
        locked = out / "locked"
        locked.mkdir(exist_ok=True)
        (locked / "secret.txt").write_text(SAID, encoding="utf-8")
        locked.chmod(0)
        cases["unreadable-folder"] = locked
    return cases


if __name__ == "__main__":
    for name, path in generate(Path(sys.argv[1] if len(sys.argv) > 1 else "bad-generated")).items():
        print(f"{name}: {path}")
