"""One pass of the English base encoder (all-mpnet-base-v2) that several fine-tuned tops share.

The technique tagger and the check-worthiness model each fine-tuned the top layers of the
same base and left the lower ones frozen. So one ONNX graph reads a document's sentence rows
through the shared lower layers once and then through each top: a token head (``tokens``,
sigmoid probabilities per token) or a pooled head (``pooled``, one logit per row from the
normalised mean of its tokens). A detector registers its top when it is built
(:func:`register`); the first detector that needs an output runs the pass for every
registered top and caches each output on the documents, so the second finds its own there.

Rows are a document's sentences, ``<s> tokens </s>``, a long sentence in pieces of
:data:`ROW_TOKENS` tokens. A pooled head answers per sentence from its first piece. Rows are
read in float32 batches of similar length: a row's numbers do not depend on the rows beside
it beyond float rounding.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspun.errors import ResourceError
from unspun.runtime.files import cached_build, verify_file

#: Content tokens per row: a longer sentence is read in pieces of this many tokens.
ROW_TOKENS = 254
#: Rows per ONNX call (sorted by length, so padding stays small).
BATCH = 32


@dataclass(frozen=True)
class Top:
    """A fine-tuned top over the shared lower layers of the base."""

    name: str  #: output name and cache key: ``"tagger"``, ``"checkworthy"``
    kind: str  #: ``"tokens"`` or ``"pooled"``
    delta: Path  #: LoRA factors, trained layer norms and the head (``.npz``)
    sha256: str
    lora_scale: float
    lower: int  #: layers below this index are the base's, shared by every top
    encoder: tuple[tuple[str, Any], ...]  #: the base's shape (hidden size, layers, heads)

    @property
    def key(self) -> str:
        return f"{self.name}:{self.sha256[:16]}"


@dataclass(frozen=True)
class Row:
    doc: int
    sentence: int  #: index into the document's sentences
    piece: int  #: 0 for a sentence's first piece
    ids: list[int]
    offsets: np.ndarray  #: ``[tokens, 2]`` into the document's text (none for <s>, </s>)


class MpnetPass:
    """The shared pass; one per process (:func:`shared`)."""

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self.tops: dict[str, Top] = {}
        self._session: Any = None
        self._session_tops: tuple[str, ...] = ()
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def register(self, top: Top) -> None:
        """Add ``top`` to the pass (a top registered again under its name replaces it)."""
        if top.kind not in {"tokens", "pooled"}:
            raise ResourceError(f"unknown kind of mpnet top {top.kind!r} ({top.name})")
        others = [t for t in self.tops.values() if t.name != top.name]
        if others and others[0].lower != top.lower:
            raise ResourceError(
                f"the mpnet tops {others[0].name} and {top.name} start at different layers "
                f"({others[0].lower} and {top.lower})",
                hint="Retrain one of them with the other's --top, or turn one off.",
            )
        with self._lock:
            self.tops[top.name] = top

    # -- the model -------------------------------------------------------------------------

    def model_path(self, names: Sequence[str], cache_dir: Path | None = None) -> Path:
        """The assembled graph of the tops ``names`` (built once from the base and deltas)."""
        from unspun.runtime import mpnet
        from unspun.runtime.graph import GRAPH_VERSION

        tops = [self.tops[n] for n in names]
        key = hashlib.sha256(
            json.dumps(
                {
                    "kind": "mpnet-pass",
                    "base": mpnet.PINNED_SHA256,
                    "graph": GRAPH_VERSION,
                    "tops": [[t.name, t.kind, t.sha256, t.lora_scale, t.lower] for t in tops],
                },
                sort_keys=True,
            ).encode()
        ).hexdigest()[:20]
        return cached_build(key, lambda out: self._build(out, tops), cache_dir=cache_dir)

    @staticmethod
    def _build(target: Path, tops: list[Top]) -> None:
        from unspun.runtime import mpnet
        from unspun.runtime.graph import BertShape, build_mpnet_pass_graph

        base = mpnet.read_bert_names(mpnet.locate_mpnet().weights_path)
        branches = []
        for top in tops:
            path = verify_file(top.delta, top.sha256, what=f"mpnet {top.name} delta")
            with np.load(path) as npz:
                delta = {k: npz[k] for k in npz.files}
            branches.append((top.name, top.kind, top.lower, delta, top.lora_scale))
        shape = BertShape.from_config(dict(tops[0].encoder))
        model = build_mpnet_pass_graph(base, branches, shape)
        del base, branches  # the graph holds its own copies: free ours before serialising
        target.write_bytes(model.SerializeToString())

    def session(self) -> Any:
        names = tuple(sorted(self.tops))
        with self._lock:
            if self._session is None or self._session_tops != names:
                from unspun.runtime.sessions import onnx_session

                path = self.model_path(names)
                self._session = onnx_session(path, threads=self.threads, spinning=False)
                self._session_tops = names
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

    # -- reading documents -----------------------------------------------------------------

    def rows(self, text: str, sentences: Sequence[tuple[int, int]], doc: int = 0) -> list[Row]:
        """The rows of one document: a sentence per row, a long one in pieces of
        :data:`ROW_TOKENS` tokens; a blank sentence has none."""
        tok = self.tokenizer
        bos, eos = tok.token_to_id("<s>"), tok.token_to_id("</s>")
        chosen = [(i, a, b) for i, (a, b) in enumerate(sentences) if text[a:b].strip()]
        encoded = tok.encode_batch([text[a:b] for _, a, b in chosen], add_special_tokens=False)
        out = []
        for (i, start, _end), enc in zip(chosen, encoded, strict=True):
            offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2) + start
            for p, at in enumerate(range(0, len(enc.ids), ROW_TOKENS)):
                ids = [bos, *enc.ids[at : at + ROW_TOKENS], eos]
                out.append(Row(doc, i, p, ids, offsets[at : at + ROW_TOKENS]))
        return out

    def outputs(self, analyses: Sequence[Any], name: str) -> list[Any]:
        """Each document's output of the top ``name``: ``TokenProbs`` over its text
        for a token top, a ``float64`` logit per sentence (NaN for a blank one) for a
        pooled top. Documents must be segmented."""
        top = self.tops.get(name)
        if top is None:
            raise RuntimeError(f"no mpnet top named {name!r} is registered")
        todo = [a for a in analyses if top.key not in a.cache]
        if todo:
            self._run(todo)
        return [a.cache[top.key] for a in analyses]

    def _run(self, analyses: Sequence[Any]) -> None:
        tops = [self.tops[n] for n in sorted(self.tops)]
        session = self.session()
        rows: list[Row] = []
        for d, a in enumerate(analyses):
            rows += self.rows(a.text, [(s.start, s.end) for s in a.sentences], d)
        results: dict[str, list[Any]] = {t.name: [None] * len(rows) for t in tops}
        order = sorted(range(len(rows)), key=lambda r: len(rows[r].ids))
        for s in range(0, len(order), BATCH):
            idx = order[s : s + BATCH]
            width = max(len(rows[r].ids) for r in idx)
            ids = np.ones((len(idx), width), dtype=np.int64)  # 1: <pad>
            mask = np.zeros_like(ids)
            for j, r in enumerate(idx):
                ids[j, : len(rows[r].ids)] = rows[r].ids
                mask[j, : len(rows[r].ids)] = 1
            outs = session.run([t.name for t in tops], {"input_ids": ids, "attention_mask": mask})
            for top, out in zip(tops, outs, strict=True):
                for j, r in enumerate(idx):
                    if top.kind == "tokens":
                        results[top.name][r] = out[j, 1 : 1 + len(rows[r].offsets)]
                    else:
                        results[top.name][r] = float(out[j])
        for top in tops:
            per_doc = _per_document(analyses, rows, results[top.name], top.kind)
            for a, value in zip(analyses, per_doc, strict=True):
                a.cache[top.key] = value


def _per_document(
    analyses: Sequence[Any], rows: list[Row], values: list[Any], kind: str
) -> list[Any]:
    from unspun.runtime.e5_onnx import TokenProbs

    if kind == "pooled":
        logits = [np.full(len(a.sentences), np.nan) for a in analyses]
        for row, value in zip(rows, values, strict=True):
            if row.piece == 0:
                logits[row.doc][row.sentence] = value
        return logits
    offsets: list[list[np.ndarray]] = [[] for _ in analyses]
    probs: list[list[np.ndarray]] = [[] for _ in analyses]
    for row, value in zip(rows, values, strict=True):
        offsets[row.doc].append(row.offsets)
        probs[row.doc].append(value)
    out = []
    for offs, ps in zip(offsets, probs, strict=True):
        if not offs:
            width = 0 if not values else int(np.shape(values[0])[-1])
            out.append(TokenProbs(np.zeros((0, 2), np.int64), np.zeros((0, width), np.float32)))
            continue
        o, p = np.concatenate(offs), np.concatenate(ps)
        keep = o[:, 1] > o[:, 0]
        o, p = o[keep], p[keep]
        order = np.argsort(o[:, 0], kind="stable")
        out.append(TokenProbs(o[order], p[order].astype(np.float32)))
    return out


_SHARED: MpnetPass | None = None


def shared(threads: int = 2) -> MpnetPass:
    """The process's pass (the first caller's ``threads`` counts)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = MpnetPass(threads)
    return _SHARED
