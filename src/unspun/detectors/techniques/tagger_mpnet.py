"""The English technique tagger on all-mpnet-base-v2, a base-size encoder.

The model (``_models/techniques/tagger-mpnet.json`` and its delta ``tagger-mpnet.npz``)
fine-tuned the top six of the encoder's twelve layers with LoRA and a token head with the
other taggers' channels (14 PTC techniques and "any technique"), over the pipeline's
sentence rows (``training/finetune_tagger_mpnet.py``). The user's machine assembles the
ONNX model once from the pinned base (:mod:`unspun.runtime.mpnet`, from PyPI) and the delta,
and caches it.

It reads English only. When it is installed, English documents get its token scores
joined with the e5 tagger's (and the MiniLM tagger's, as the config's ``join`` says), decoded
with the rules of the ``joined`` mode tuned for that join on PTC validation
(``training/tune_tagger_mpnet.py``). Without the base packages the detector reads English as
before: nothing is lost but accuracy.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspun.detectors.techniques.tagger import TokenScores
from unspun.detectors.techniques.tagger_e5 import Mode, project
from unspun.runtime.files import PACKAGED_MODELS, cached_build, verify_file

CONFIG_FILE = "tagger-mpnet.json"
#: Content tokens per row: a longer sentence is read in pieces of this many tokens.
ROW_TOKENS = 254


def default_folder() -> Path:
    return PACKAGED_MODELS / "techniques"


def has_mpnet_tagger(folder: Path | None = None) -> bool:
    """The model is packaged and its base can be found."""
    from unspun.runtime import mpnet

    return ((folder or default_folder()) / CONFIG_FILE).is_file() and mpnet.installed()


class MpnetTagger:
    """Token scores of English documents from the mpnet tagger (ONNX Runtime)."""

    def __init__(self, folder: Path | None = None, *, threads: int = 2) -> None:
        folder = Path(folder) if folder is not None else default_folder()
        self.folder = folder
        self.config: dict[str, Any] = json.loads((folder / CONFIG_FILE).read_text("utf-8"))
        self.channels: list[str] = list(self.config["channels"])
        self.join: list[str] = list(self.config.get("join", ["e5"]))
        self.modes = {name: Mode.from_config(m) for name, m in self.config["modes"].items()}
        self.threads = threads
        #: ``"none"`` (float32), ``"int8"``, ``"per-channel"`` or ``"per-channel-ffn32"``
        self.quantize = str(self.config.get("quantize", "none"))
        self._session: Any = None
        self._tokenizer: Any = None

    @property
    def version(self) -> str:
        return str(self.config.get("name", "tagger-mpnet"))

    def model_path(self, cache_dir: Path | None = None) -> Path:
        """The assembled ONNX model (built from the base and our delta on first use)."""
        from unspun.runtime import mpnet
        from unspun.runtime.graph import GRAPH_VERSION

        delta = self.config["delta"]
        quantize = self.quantize
        key = hashlib.sha256(
            json.dumps(
                {
                    "kind": "mpnet-tagger",
                    "base": mpnet.PINNED_SHA256,
                    "delta": delta["sha256"],
                    "graph": GRAPH_VERSION,
                    "quantize": quantize,
                },
                sort_keys=True,
            ).encode()
        ).hexdigest()[:20]
        return cached_build(key, lambda out: self._build(out, quantize), cache_dir=cache_dir)

    def _build(self, target: Path, quantize: str) -> None:
        """Merge base + delta, write the graph; ``quantize``: ``"none"`` (float32),
        ``"int8"`` (dynamic, a scale per matrix), ``"per-channel"`` (dynamic, a scale
        per output column) or ``"per-channel-ffn32"`` (per-channel, but the feed-forward
        output matrices, whose 3072-wide inputs carry the outliers, stay float32)."""
        from unspun.runtime import mpnet
        from unspun.runtime.delta import apply_delta
        from unspun.runtime.graph import BertShape, build_mpnet_tagger_graph

        spec = self.config["delta"]
        path = verify_file(self.folder / spec["file"], spec["sha256"], what="model delta")
        base = mpnet.locate_mpnet()
        with np.load(path) as npz:
            delta = {k: npz[k] for k in npz.files}
        weights = apply_delta(
            mpnet.read_bert_names(base.weights_path), delta, float(spec["lora_scale"])
        )
        model = build_mpnet_tagger_graph(weights, BertShape.from_config(self.config["encoder"]))
        del weights
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            fp32 = Path(tmp) / "model.fp32.onnx"
            fp32.write_bytes(model.SerializeToString())
            out = fp32
            if quantize != "none":
                from onnxruntime.quantization import QuantType, quantize_dynamic

                out = Path(tmp) / "model.int8.onnx"
                keep = [
                    n.name
                    for n in model.graph.node
                    if quantize.endswith("ffn32")
                    and n.name.endswith(".output.dense.matmul")
                    and ".attention." not in n.name
                ]
                quantize_dynamic(
                    str(fp32),
                    str(out),
                    weight_type=QuantType.QInt8,
                    per_channel=quantize.startswith("per-channel"),
                    nodes_to_exclude=keep,
                )
            os.replace(out, target)

    @property
    def session(self) -> Any:
        if self._session is None:
            from unspun.runtime.sessions import onnx_session

            self._session = onnx_session(self.model_path(), threads=self.threads, spinning=False)
        return self._session

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            from unspun.runtime import mpnet

            tok = Tokenizer.from_file(str(mpnet.locate_mpnet().tokenizer_path))
            tok.no_truncation()
            tok.no_padding()
            self._tokenizer = tok
        return self._tokenizer

    def rows(self, text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[list, Any]]:
        """``(ids, offsets)`` rows of one document: a sentence per row, a long one in
        pieces of :data:`ROW_TOKENS` tokens; offsets into ``text`` (none for <s>, </s>)."""
        tok = self.tokenizer
        bos, eos = tok.token_to_id("<s>"), tok.token_to_id("</s>")
        spans = [(a, b) for a, b in sentences if text[a:b].strip()]
        out = []
        for (start, _end), enc in zip(
            spans,
            tok.encode_batch([text[a:b] for a, b in spans], add_special_tokens=False),
            strict=True,
        ):
            offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2) + start
            for i in range(0, len(enc.ids), ROW_TOKENS):
                out.append(([bos, *enc.ids[i : i + ROW_TOKENS], eos], offsets[i : i + ROW_TOKENS]))
        return out

    def scores(self, analyses: Sequence[Any]) -> list[TokenScores]:
        """Each document's token scores (offsets into its text); documents segmented.

        A float32 model reads rows in batches of similar length. An int8 model reads them
        one at a time: it quantises activations with one scale per input tensor, so a
        row's scores would depend on the rows batched with it, and a document's findings on
        the documents analysed beside it."""
        rows, owner = [], []
        for d, a in enumerate(analyses):
            found = self.rows(a.text, [(s.start, s.end) for s in a.sentences])
            rows += found
            owner += [d] * len(found)
        c = len(self.channels)
        probs: list[Any] = [None] * len(rows)
        batch = 32 if self.quantize == "none" else 1
        order = sorted(range(len(rows)), key=lambda r: len(rows[r][0]))
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            width = max(len(rows[r][0]) for r in idx)
            ids = np.ones((len(idx), width), dtype=np.int64)  # 1: <pad>
            mask = np.zeros_like(ids)
            for j, r in enumerate(idx):
                ids[j, : len(rows[r][0])] = rows[r][0]
                mask[j, : len(rows[r][0])] = 1
            out = self.session.run(["probs"], {"input_ids": ids, "attention_mask": mask})[0]
            for j, r in enumerate(idx):
                probs[r] = out[j, 1 : 1 + len(rows[r][1])]
        per_doc: list[tuple[list, list]] = [([], []) for _ in analyses]
        for r, d in enumerate(owner):
            per_doc[d][0].append(rows[r][1])
            per_doc[d][1].append(probs[r])
        result = []
        for offs, ps in per_doc:
            if not offs:
                result.append(TokenScores(np.zeros((0, 2), np.int64), np.zeros((0, c), np.float32)))
                continue
            o, p = np.concatenate(offs), np.concatenate(ps)
            keep = o[:, 1] > o[:, 0]
            o, p = o[keep], p[keep]
            order_ = np.argsort(o[:, 0], kind="stable")
            result.append(TokenScores(o[order_], p[order_].astype(np.float32)))
        return result


def join_all(first: TokenScores, *others: TokenScores) -> TokenScores:
    """Several taggers' token scores joined on ``first``'s tokens: the mean of their logits
    (each model weighs the same). A token another tagger did not read takes the mean of
    those that did."""
    z = _logit(first.probs.astype(np.float64))
    n = np.ones((len(z), 1))
    for other in others:
        projected, hit = project(first, other)
        z[hit] += _logit(projected[hit].astype(np.float64))
        n[hit] += 1
    return TokenScores(first.offsets, (1.0 / (1.0 + np.exp(-z / n))).astype(np.float32))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))
