"""Throughput of the technique tagger (ONNX Runtime, CPU), fp32 against int8.

    .venv/bin/python bench/bench_techniques.py [--articles DIR] [--limit 40] [--threads 2]

Times ``TaggerSession.predict`` + decoding over the articles (default: the PTC
validation articles of ``models/techniques/split.json``) after one warm-up batch, and
prints articles/s and tokens/s for each precision. Model assembly (first use) is not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from unspun.detectors.techniques.assemble import assemble, load_spec  # noqa: E402
from unspun.detectors.techniques.decode import ChannelRule, decode_channel  # noqa: E402
from unspun.detectors.techniques.tagger import TaggerSession  # noqa: E402
from unspun.runtime.minilm import locate_base  # noqa: E402


def load_texts(folder: Path | None, limit: int) -> list[str]:
    if folder is None:
        data = Path(os.environ.get("UNSPUN_DATA_DIR", ROOT.parent / "shared" / "data")) / "ptc"
        split = json.loads(
            (ROOT / "src" / "unspun" / "_models" / "techniques" / "split.json").read_text()
        )
        paths = [data / "train-articles" / f"article{i}.txt" for i in split["validation"]]
    else:
        paths = sorted(folder.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths[:limit]]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=8, help="documents per predict() call")
    args = ap.parse_args(argv)
    texts = load_texts(args.articles, args.limit)
    spec = load_spec()
    rules = {k: ChannelRule(**v) for k, v in spec.data.get("decoding", {}).get("rules", {}).items()}
    tok_path = locate_base().tokenizer_path
    for quantize in (False, True):
        session = TaggerSession(
            assemble(spec, quantize=quantize),
            tok_path,
            n_channels=len(spec.channels),
            threads=args.threads,
            max_tokens=spec.max_tokens,
            overlap=spec.overlap,
        )
        session.predict(texts[: args.chunk])  # warm-up
        t0 = time.perf_counter()
        n_tokens = 0
        for i in range(0, len(texts), args.chunk):
            batch = texts[i : i + args.chunk]
            for text, scores in zip(batch, session.predict(batch), strict=True):
                n_tokens += len(scores.offsets)
                for c, label in enumerate(spec.channels):
                    if label in rules:
                        decode_channel(text, scores.offsets, scores.probs[:, c], rules[label])
        dt = time.perf_counter() - t0
        name = "int8" if quantize else "fp32"
        print(
            f"{name}: {len(texts) / dt:.2f} articles/s, {n_tokens / dt:.0f} tokens/s "
            f"({len(texts)} articles, {args.threads} threads)"
        )


if __name__ == "__main__":
    main()
