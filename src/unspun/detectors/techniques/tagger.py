"""Run the technique tagger: tokenise, window, batch across documents, score every token.

ONNX Runtime on the CPU (2 intra-op threads by default) and the fast ``tokenizers``
tokenizer; no torch. Each document is tokenised once; its windows (``windows.py``) from
all documents of a call are sorted by length and batched up to a token budget with
padding only to the longest window of the batch; each token keeps the prediction of the
window that sees it with the most context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspun.detectors.techniques.windows import (
    MAX_TOKENS,
    OVERLAP,
    best_window,
    line_starts,
    make_windows,
)
from unspun.runtime.sessions import onnx_session


@dataclass(frozen=True)
class TokenScores:
    """Per-token probabilities of one document: ``offsets`` ``(n, 2)``, ``probs`` ``(n, C)``."""

    offsets: np.ndarray
    probs: np.ndarray


def load_tokenizer(path: Path):
    """The fast tokenizer, with the truncation and padding of the saved file turned off."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


class TaggerSession:
    """An ONNX tagger with its tokenizer; ``predict`` scores the tokens of many texts."""

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        *,
        n_channels: int,
        threads: int = 2,
        max_tokens: int = MAX_TOKENS,
        overlap: int = OVERLAP,
        batch_tokens: int = 4096,
    ):
        self.session = onnx_session(model_path, threads=threads)
        self.tokenizer = load_tokenizer(tokenizer_path)
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")
        self.n_channels = n_channels
        self.max_tokens = max_tokens
        self.overlap = overlap
        self.batch_tokens = batch_tokens

    def encode(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Token ids ``(n,)`` and character offsets ``(n, 2)`` of the whole text."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids = np.asarray(enc.ids, dtype=np.int64)
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        return ids, offsets

    def predict(self, texts: Sequence[str]) -> list[TokenScores]:
        encoded = [self.encode(t) for t in texts]
        plans = []
        jobs: list[tuple[int, int, int, int]] = []  # (doc, window index, start, end)
        for d, (text, (_ids, offsets)) in enumerate(zip(texts, encoded, strict=True)):
            wins = make_windows(line_starts(text, offsets.tolist()), self.max_tokens, self.overlap)
            plans.append(wins)
            jobs.extend((d, w, win.start, win.end) for w, win in enumerate(wins))
        outputs: dict[tuple[int, int], np.ndarray] = {}
        jobs.sort(key=lambda j: j[3] - j[2])
        batch: list[tuple[int, int, int, int]] = []
        for job in jobs:
            width = job[3] - job[2] + 2  # jobs are sorted: this one is the widest
            if batch and width * (len(batch) + 1) > self.batch_tokens:
                self._run(batch, encoded, outputs)
                batch = []
            batch.append(job)
        if batch:
            self._run(batch, encoded, outputs)
        results = []
        for d, (ids, offsets) in enumerate(encoded):
            probs = np.zeros((len(ids), self.n_channels), dtype=np.float32)
            for t, (w, pos) in enumerate(best_window(plans[d], len(ids))):
                probs[t] = outputs[(d, w)][pos]
            results.append(TokenScores(offsets, probs))
        return results

    def _run(self, batch, encoded, outputs) -> None:
        width = max(end - start for _, _, start, end in batch) + 2
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for r, (d, _w, start, end) in enumerate(batch):
            n = end - start
            ids[r, 0] = self.cls_id
            ids[r, 1 : n + 1] = encoded[d][0][start:end]
            ids[r, n + 1] = self.sep_id
            mask[r, : n + 2] = 1
        probs = self.session.run(["probs"], {"input_ids": ids, "attention_mask": mask})[0]
        for r, (d, w, start, end) in enumerate(batch):
            outputs[(d, w)] = probs[r, 1 : end - start + 1]
