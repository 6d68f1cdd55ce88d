"""Zero-shot check of a technique tagger trained with ``--base e5`` on UNLP-style posts.

    .venv/bin/python training/eval_e5_unlp.py --checkpoint .cache/train/techniques-e5/best.pt \\
        --data ../shared/data/unlp2025-dev/unlp2025-dev.jsonl --lang ru

The posts are never trained on (UNLP is validation only). The "any technique" channel is
decoded at the SI threshold chosen on PTC validation during training (or ``--threshold``);
prints word-level token P/R/F1 against the posts' trigger spans and the ratio of flagged
words to gold manipulative words (issue 9's even-handedness measure).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import common
import e5_base
import torch
from train_techniques import predict_probs

from unspun.evaluation.unlp import load_posts, token_f1


def load_model(checkpoint: Path):
    """A ``best.pt`` of train_techniques.py, or a committed ``.npz`` delta with its
    ``.json`` beside it (``training/checkpoints/``)."""
    if checkpoint.suffix == ".npz":
        import numpy as np

        meta = json.loads(checkpoint.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(checkpoint) as arrays:
            delta = {k: arrays[k].astype(np.float32) for k in arrays.files}
        saved = {"args": meta["args"], "delta": delta, "result": meta["validation"]}
        saved["epoch"] = meta["epoch"]
    else:
        saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
    args = saved["args"]
    model = common.build_model(
        len(common.CHANNELS),
        args["lora_rank"],
        args["lora_alpha"],
        train_top=args["train_top"],
        bert=e5_base.build_bert(),
    )
    delta = saved["delta"]
    with torch.no_grad():
        for name, p in model.named_parameters():
            if not p.requires_grad:
                continue
            key = name.replace(".base.", ".")
            key = key[len("bert.") :] if key.startswith("bert.") else key
            p.copy_(torch.as_tensor(delta[key]))
    model.eval()
    return model, saved


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", type=Path, required=True)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--lang", default=None)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json-out", type=Path, default=None)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    model, saved = load_model(args.checkpoint)
    threshold = args.threshold or saved["result"].get("si_threshold") or 0.5
    tok = e5_base.E5TokenizerAdapter()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    posts = load_posts(args.data, args.lang)
    if args.limit:
        posts = posts[: args.limit]
    texts, gold, predicted = {}, {}, {}
    rule = common.decode.ChannelRule(threshold, 1, 2)
    max_tokens = saved["args"]["max_tokens"]
    for post in posts:
        pid, text = str(post["id"]), str(post["text"])
        texts[pid], gold[pid] = text, post.get("trigger_spans") or []
        enc = common.encode_doc(tok, pid, text, [])
        if len(enc.ids) == 0:
            predicted[pid] = []
            continue
        probs = predict_probs(model, enc, cls_id, sep_id, max_tokens)
        spans = common.decode.decode_channel(text, enc.offsets, probs[:, -1], rule)
        predicted[pid] = [(s, e) for s, e, _ in spans]
    counts = token_f1(texts, gold, predicted)
    gold_words = counts.tp + counts.fn
    ratio = (counts.tp + counts.fp) / gold_words if gold_words else 0.0
    result = {
        "checkpoint": str(args.checkpoint),
        "epoch": saved.get("epoch"),
        "posts": len(posts),
        "lang": args.lang or "all",
        "threshold": threshold,
        "flagged_to_gold_words": round(ratio, 4),
        **counts.as_dict(),
    }
    print(json.dumps(result))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
