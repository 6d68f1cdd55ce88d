"""Ship a fine-tuned encoder top for check-worthiness (``finetune_checkworthy.py``'s best epoch).

    OMP_NUM_THREADS=2 .venv/bin/python training/export_checkworthy_branch.py \
        --work-dir .cache/train/checkworthy-ft [--write]

1. Writes the delta (LoRA factors as fp16, trained layer norms, the linear head) under
   transformers names to ``<model dir>/branch.npz``.
2. Runs the *runtime* (ONNX, the shipped precision) over the CT24 train+dev sentences of
   the ``later`` part and the dev-test, so the numbers below are those of what users run:
   Platt scaling and the operating point (recall >= 0.7 at precision >= 0.8, else best F1)
   are fitted on ``later`` from runtime logits, and F1 on ``later`` is reported cross-fitted
   by debate as for the frozen heads; dev-test is scored once.
3. Chooses the languages the branch answers for: our parallel sentences
   (``data/languages/align.jsonl`` and ``smoke.jsonl``, English plus 12 languages) are
   scored by the branch (no offset) and by the frozen head (after the language's offset);
   a language goes to the branch when its F1 against our labels is no more than 0.01 below
   the frozen head's. English always does.

With ``--operating-point-from DIR ...`` (the four runs of ``finetune_checkworthy.py
--train-later-except DEBATE``, for a top trained on every debate with ``--train-later-except
all``), the later debates are no longer held out from the top being shipped: Platt scaling,
the operating point, the cross-fitted F1 and the ECE then come from the four runs' held-out
logits of the same epoch (each later debate scored by a model that never saw it), and the
runtime scores only the dev-test and the parallel sentences.

Without ``--write`` the delta goes to a temporary folder and config.json is left alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
import train_checkworthy as tc
from finetune_checkworthy import _MATS, judge, load_rows
from train_checkworthy_chrono import operating_point

ROOT = Path(__file__).resolve().parents[1]
LANGS = ROOT / "data" / "languages"


def delta_arrays(state: dict, lower: int, layers: int) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for j in range(layers):
        i = lower + j
        for short, name in _MATS.items():
            stem = f"encoder.layer.{i}.{name}"
            out[f"{stem}.lora_A"] = state[f"layers.{j}.lin.{short}.a"].numpy().astype(np.float16)
            out[f"{stem}.lora_B"] = state[f"layers.{j}.lin.{short}.b"].numpy().astype(np.float16)
        for ln, name in (("ln1", "attention.output.LayerNorm"), ("ln2", "output.LayerNorm")):
            for part in ("weight", "bias"):
                value = state[f"layers.{j}.{ln}.{part}"].numpy().astype(np.float32)
                out[f"encoder.layer.{i}.{name}.{part}"] = value
    out["head.weight"] = state["head.weight"].numpy().astype(np.float32)
    out["head.bias"] = state["head.bias"].numpy().astype(np.float32)
    return out


def parallel_rows() -> tuple[list[dict], list[str]]:
    rows = []
    for name in ("align.jsonl", "smoke.jsonl"):
        for line in (LANGS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    langs = sorted({k for r in rows for k in r} - {"id", "check_worthy", "register"})
    return rows, langs


def f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred & gold).sum())
    return 2 * tp / max(1.0, float(pred.sum() + gold.sum()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work-dir", type=Path, required=True)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--operating-point-from", type=Path, nargs="*", default=None)
    args = ap.parse_args(argv)
    run_args = json.loads((args.work_dir / "best.json").read_text())["args"]
    best = torch.load(args.work_dir / "best.pt", weights_only=False)
    top, rank, alpha = int(run_args["top"]), int(run_args["rank"]), float(run_args["alpha"])
    lower = 12 - top
    delta = delta_arrays(best["model"], lower, top)

    model_dir = tc.MODEL_DIR
    target = model_dir if args.write else Path(tempfile.mkdtemp(prefix="cw-branch-"))
    if not args.write:
        for name in ("config.json", "head.npz"):
            shutil.copy(model_dir / name, target / name)
    np.savez(target / "branch.npz", **delta)
    config = json.loads((target / "config.json").read_text())
    config["branch"] = {
        "file": "branch.npz",
        "sha256": tc.sha256_file(target / "branch.npz"),
        "lower": lower,
        "layers": top,
        "rank": rank,
        "lora_scale": alpha / rank,
        "platt": {"a": 1.0, "b": 0.0},
        "threshold": 0.5,
        "languages": [],
    }
    (target / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")

    from unspun.detectors.claims.checkworthy import CheckWorthinessModel
    from unspun.runtime.alignment import align

    model = CheckWorthinessModel(target, threads=2)
    assert model.branch is not None, "the encoder backend cannot run a branch"
    d = load_rows()
    later = np.flatnonzero(d["part"] == "later")
    if args.operating_point_from:
        epoch = f"epoch{best['epoch']}"
        held = [dict(np.load(p / "held-out.npz")) for p in args.operating_point_from]
        z = np.concatenate([h[epoch] for h in held])
        y = np.concatenate([h["y"] for h in held]).astype(int)
        groups = np.concatenate(
            [[p.name] * len(h["y"]) for p, h in zip(args.operating_point_from, held, strict=True)]
        )
        if len(y) != len(later):
            raise SystemExit(f"the held-out runs cover {len(y)} of {len(later)} later sentences")
        cross = judge(z, y, groups)
    else:
        texts = [d["texts"][i] for i in later]
        _, top_vectors = model.encoder.encode_both(texts, query=True)
        z = model.branch.logits(top_vectors)
        y = d["y"][later]
        cross = judge(z, y, d["group"][later])
    a, b = tc.fit_platt(z, y)
    prob = tc.sigmoid(a * z + b)
    thr = operating_point(prob, y)
    _, test_top = model.encoder.encode_both(d["test_texts"], query=True)
    p_test = tc.sigmoid(a * model.branch.logits(test_top) + b)
    dev_test = {
        **tc.prf((p_test >= thr).astype(int), d["test_y"]),
        "ece": round(tc.ece(p_test, d["test_y"])[0], 4),
    }
    print("runtime later (cross-fitted):", json.dumps(cross))
    print("runtime dev-test:", json.dumps(dev_test))

    rows, langs = parallel_rows()
    gold = np.asarray([bool(r["check_worthy"]) for r in rows])
    base_thr = float(config["threshold"])
    chosen, table = ["en"], {}
    for lang in langs:
        keep = [i for i, r in enumerate(rows) if r.get(lang)]
        lt = [rows[i][lang] for i in keep]
        base, tv = model.encoder.encode_both(lt, query=True)
        p_branch = tc.sigmoid(a * model.branch.logits(tv) + b) >= thr
        p_base = model.score_embedded(align(base, lang), lt) >= base_thr
        fb, ff = f1(p_branch, gold[keep]), f1(p_base, gold[keep])
        table[lang] = {"branch": round(fb, 3), "frozen_with_offset": round(ff, 3), "n": len(keep)}
        if lang != "en" and fb >= ff - 0.01:
            chosen.append(lang)
        print(f"{lang}: branch F1 {fb:.3f}  frozen+offset F1 {ff:.3f}  (n={len(keep)})")
    print("branch languages:", chosen)

    config["branch"].update(
        {
            "platt": {"a": a, "b": b},
            "threshold": round(thr, 6),
            "languages": sorted(chosen),
            "metrics": {
                "later_crossfit": cross,
                "later_ece": round(tc.ece(prob, y)[0], 4),
                "dev_test": dev_test,
                "parallel_f1": table,
                "training": json.loads((args.work_dir / "best.json").read_text())["history"],
            },
            "trained_on": (
                "CT24 train+dev, all 33 debates (training/finetune_checkworthy.py "
                "--train-later-except all, 3 epochs fixed in advance): LoRA on the top layers "
                "and a linear head; Platt scaling and operating point fitted on the held-out "
                "logits of four runs that each left one of the 4 later debates out; later F1 "
                "cross-fitted by debate over those logits; dev-test (2020) scored once"
                if args.operating_point_from
                else "CT24 train+dev, chronological split: LoRA on the top layers and a linear "
                "head fitted on the 29 earlier debates (training/finetune_checkworthy.py); "
                "epoch, Platt scaling and operating point chosen on the 4 later debates; "
                "dev-test (2020) scored once"
            ),
        }
    )
    config["version"] = f"checkworthy-e5s-top{top}-" + (
        "all-debates-1" if args.operating_point_from else "chrono-3"
    )
    (target / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")
    print("wrote", target / "config.json", "and", target / "branch.npz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
