"""Experiment (issue 9): what a base-size English encoder would cost at run time.

    OMP_NUM_THREADS=2 .venv/bin/python training/cost_of_encoders.py \
        --mpnet /path/to/all-mpnet-base-v2 --articles 16

Exports all-MiniLM-L6-v2 (the shipped English tagger's base) and all-mpnet-base-v2 the same
way (torch.onnx, token states out; then dynamic int8 quantisation), and times ONNX Runtime
(2 threads) over the sentence rows of the first ``--articles`` PTC validation articles,
length-sorted batches of 32, after a warm-up. Prints seconds per article and the ratio.
Training-side only: it needs torch to export.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np


def export(folder: Path, out: Path) -> Path:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(folder)).eval()

    class States(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, ids, mask):
            return self.m(input_ids=ids, attention_mask=mask).last_hidden_state

    wrapper = States(model).eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        wrapper,
        (ids, torch.ones_like(ids)),
        str(out),
        input_names=["ids", "mask"],
        output_names=["states"],
        dynamic_axes={n: {0: "b", 1: "s"} for n in ("ids", "mask", "states")},
        opset_version=17,
        dynamo=False,
    )
    from onnxruntime.quantization import QuantType, quantize_dynamic

    q = out.with_name(out.stem + "-int8.onnx")
    quantize_dynamic(str(out), str(q), weight_type=QuantType.QInt8)
    return q


def rows_of(folder: Path, sentences: list[str]) -> list[list[int]]:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return [e.ids[:256] for e in tok.encode_batch(sentences)]


def time_it(path: Path, rows: list[list[int]], pad: int) -> float:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    order = sorted(range(len(rows)), key=lambda r: len(rows[r]))

    def run() -> None:
        for s in range(0, len(order), 32):
            batch = [rows[r] for r in order[s : s + 32]]
            width = max(map(len, batch))
            ids = np.full((len(batch), width), pad, dtype=np.int64)
            mask = np.zeros_like(ids)
            for j, r in enumerate(batch):
                ids[j, : len(r)] = r
                mask[j, : len(r)] = 1
            sess.run(None, {"ids": ids, "mask": mask})

    run()
    t0 = time.perf_counter()
    run()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from finetune_tagger_branch import ptc_data, sentences_of

    from unspun.runtime.minilm import locate_base

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mpnet", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=16)
    args = ap.parse_args(argv)
    texts, _, val_ids = ptc_data()
    chosen = {d: texts[d] for d in sorted(val_ids)[: args.articles]}
    spans = sentences_of(chosen)
    sentences = [chosen[d][a:b] for d in chosen for a, b in spans[d]]
    encoders = {"minilm": locate_base().folder, "mpnet": args.mpnet}
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in encoders.items():
            q = export(folder, Path(tmp) / f"{name}.onnx")
            rows = rows_of(folder, sentences)
            pad = 0 if name == "minilm" else 1
            for kind, path in (("fp32", Path(tmp) / f"{name}.onnx"), ("int8", q)):
                seconds[f"{name} {kind}"] = time_it(path, rows, pad) / len(chosen)
                print(f"{name} {kind}: {seconds[f'{name} {kind}']:.3f} s/article", flush=True)
    base = seconds["minilm int8"]
    for k, v in seconds.items():
        print(f"{k}: {v:.3f} s/article, {v / base:.2f}x minilm int8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
