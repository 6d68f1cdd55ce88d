"""Check that the torch-free ONNX graph (``graph.py`` + ``delta.py``) equals the torch model.

    .venv-train/bin/python training/check_parity.py [--checkpoint .cache/train/techniques/best.pt]

Without a checkpoint, the LoRA B matrices and the head get random values so that the
merge is exercised. Prints the largest absolute difference of the probabilities on a few
windows of real text (padded batch included); exits 1 above 1e-4.
"""

from __future__ import annotations

import argparse
import sys

import common
import numpy as np
import torch


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default=None)
    args = ap.parse_args(argv)
    import onnxruntime as ort
    from safetensors.numpy import load_file

    from unspun.runtime import delta as delta_mod
    from unspun.runtime import graph

    torch.manual_seed(0)
    saved = torch.load(args.checkpoint, weights_only=False) if args.checkpoint else None
    train_args = saved["args"] if saved else {"lora_rank": 16, "lora_alpha": 32.0, "train_top": 0}
    model = common.build_model(
        len(common.CHANNELS),
        train_args["lora_rank"],
        train_args["lora_alpha"],
        train_top=train_args.get("train_top", 0),
    )
    if saved:
        delta = saved["delta"]
        params = {
            n.replace(".base.", ".").removeprefix("bert."): p for n, p in model.named_parameters()
        }
        for name, value in delta.items():
            params[name].data.copy_(torch.from_numpy(value))
        scale = saved["args"]["lora_alpha"] / max(1, saved["args"]["lora_rank"])
    else:
        with torch.no_grad():
            for n, p in model.named_parameters():
                if "lora_B" in n or n.startswith("head."):
                    p.normal_(0, 0.05)
        delta = common.delta_state(model)
        scale = 32.0 / 16
    model.eval()

    base = load_file(str(common.base_model_dir() / "model.safetensors"))
    weights = delta_mod.apply_delta(base, delta, scale)
    import json

    config = json.loads((common.base_model_dir() / "config.json").read_text())
    onnx_model = graph.build_tagger_graph(weights, graph.BertShape.from_config(config))
    sess = ort.InferenceSession(onnx_model.SerializeToString(), providers=["CPUExecutionProvider"])

    tok = common.load_tokenizer()
    texts = [
        "The radical left wants to destroy our great nation!\nThey lie, they always lie.",
        "A short one.",
    ]
    encs = [tok.encode(t) for t in texts]
    width = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, e in enumerate(encs):
        ids[i, : len(e.ids)] = e.ids
        mask[i, : len(e.ids)] = 1
    with torch.no_grad():
        ref = torch.sigmoid(model(torch.from_numpy(ids), torch.from_numpy(mask))).numpy()
    got = sess.run(["probs"], {"input_ids": ids, "attention_mask": mask})[0]
    diff = float(np.max(np.abs(ref - got) * mask[..., None]))
    print(f"max |torch - onnx| over real tokens: {diff:.2e}")
    return 0 if diff < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
