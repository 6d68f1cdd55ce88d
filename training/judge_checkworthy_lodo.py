"""Judge check-worthiness tops trained with the later debates, one debate held out at a time.

    for g in 2012-10-22 2016-09-26 2016-10-09 2016-10-19; do
        OMP_NUM_THREADS=1 .venv/bin/python training/finetune_checkworthy.py --epochs 3 \
            --train-later-except $g --work-dir .cache/train/cw-lodo-$g
    done
    .venv/bin/python training/judge_checkworthy_lodo.py .cache/train/cw-lodo-*

The shipped top never saw the later debates (2012-10-22 and the three 2016 debates); it is
fitted on the 29 earlier ones. Newer debates may differ (other candidates, other topics), so
this asks whether training on the nearer debates helps: each run trains on the earlier
debates plus three of the four later ones and scores the fourth. Every later sentence is then
scored by a model that never saw its debate, and the operating point (Platt scaling and
threshold) of each debate is fitted on the other three debates' scores, as ``judge`` does for
the shipped top. Printed per epoch, beside the shipped top's numbers from the same rows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from finetune_checkworthy import judge, load_rows

SHIPPED = Path(__file__).resolve().parents[1] / ".cache" / "exp" / "cw-e5-later.npy"


def main(argv: list[str] | None = None) -> int:
    dirs = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    runs = {}
    for d in dirs:
        f = d / "held-out.npz"
        if f.is_file():
            runs[d.name.rsplit("cw-lodo-", 1)[-1]] = dict(np.load(f))
    if not runs:
        raise SystemExit("no held-out.npz found")
    epochs = sorted(
        {k for r in runs.values() for k in r if k.startswith("epoch")},
        key=lambda k: int(k[5:]),
    )
    for epoch in epochs:
        have = [g for g, r in runs.items() if epoch in r]
        z = np.concatenate([runs[g][epoch] for g in have])
        y = np.concatenate([runs[g]["y"] for g in have])
        groups = np.concatenate([[g] * len(runs[g]["y"]) for g in have])
        res = judge(z, y.astype(int), groups) if len(have) > 1 else {}
        print(epoch, f"debates {have}", json.dumps(res))
    if SHIPPED.is_file():  # written by eval_checkworthy_encoders.py: the runtime's logits
        d = load_rows()
        later = d["part"] == "later"
        z_all, g_all, y_all = np.load(SHIPPED), d["group"][later], d["y"][later]
        keep = np.isin(g_all, have)
        print("shipped top, same debates", json.dumps(judge(z_all[keep], y_all[keep], g_all[keep])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
