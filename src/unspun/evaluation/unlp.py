"""Manipulative-span token-F1 on UNLP-2025-style data (technique-agnostic trigger spans).

Each post has ``trigger_spans`` (character offsets, end exclusive). A word token counts as
manipulative when it overlaps a span; precision, recall and F1 are computed over all word
tokens of all posts (micro), for gold against predicted spans of any technique.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from unspun.errors import InputNotFoundError
from unspun.evaluation.metrics import PRF

_TOKEN = re.compile(r"\w+", re.UNICODE)


def load_posts(path: Path, lang: str | None = None) -> list[dict[str, Any]]:
    if not path.exists():
        raise InputNotFoundError(f"{str(path)!r} does not exist.")
    posts = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [p for p in posts if lang is None or p.get("lang") == lang]


def _covered(start: int, end: int, spans: Sequence[Sequence[int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def token_f1(
    texts: Mapping[str, str],
    gold: Mapping[str, Sequence[Sequence[int]]],
    predicted: Mapping[str, Iterable[Sequence[int]]],
) -> PRF:
    counts = PRF()
    for doc_id, text in texts.items():
        g = list(gold.get(doc_id, ()))
        p = list(predicted.get(doc_id, ()))
        for m in _TOKEN.finditer(text):
            in_gold = _covered(m.start(), m.end(), g)
            in_pred = _covered(m.start(), m.end(), p)
            counts.tp += in_gold and in_pred
            counts.fp += in_pred and not in_gold
            counts.fn += in_gold and not in_pred
    return counts


def count_words(texts: Mapping[str, str]) -> int:
    """Words of ``texts`` as :func:`token_f1` counts them (the denominator of the shares of
    words flagged and annotated)."""
    return sum(1 for text in texts.values() for _ in _TOKEN.finditer(text))
