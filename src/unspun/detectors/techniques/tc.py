"""Technique classification for given spans (TC): the API behind ``unspun classify``.

>>> rank_spans({"a1": "They are traitors."}, [("a1", 9, 17)])[0][0]  # doctest: +SKIP
('Name_Calling,Labeling', 0.71)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from unspun.errors import MalformedInputError

Ranking = list[tuple[str, float]]


def rank_spans(
    texts: Mapping[str, str],
    spans: Sequence[tuple[str, int, int]],
    *,
    model_dir: Path | None = None,
    detector: object | None = None,
) -> list[Ranking]:
    """For each ``(doc_id, start, end)``, the PTC techniques ranked best first with scores.

    Offsets are ``str`` indices into ``texts[doc_id]``, end exclusive. Each document is run
    through the model once, however many spans point into it.

    The ranker is the e5 span classifier (:mod:`unspun.detectors.techniques.tc_e5`) joined
    with the technique tagger's token scores when the model folder holds it (the packaged
    folder does), else the technique detector's tagger and MiniLM span classifier. The
    tagger is ``detector``'s, or one built from ``model_dir``.
    """
    from unspun.detectors.techniques.detector import TechniqueDetector
    from unspun.detectors.techniques.tc_e5 import has_tc_model

    for doc_id, start, end in spans:
        if doc_id not in texts:
            raise MalformedInputError(f"span {doc_id}:{start}-{end} names an unknown document.")
        if not 0 <= start < end <= len(texts[doc_id]):
            raise MalformedInputError(
                f"span {doc_id}:{start}-{end} is outside the document "
                f"({len(texts[doc_id])} characters).",
                hint="Offsets are character offsets into the UTF-8 text, end exclusive.",
            )
    ids = list(dict.fromkeys(doc_id for doc_id, _, _ in spans))
    wanted: dict[str, list[tuple[int, int]]] = {d: [] for d in ids}
    for doc_id, start, end in spans:
        wanted[doc_id].append((start, end))
    tagger = detector if detector is not None else TechniqueDetector(model_dir)
    assert isinstance(tagger, TechniqueDetector)
    if has_tc_model(model_dir):
        from unspun.detectors.techniques.tc_e5 import rank_with

        ranked_by_span = rank_with(e5_classifier(model_dir), texts, wanted, tagger.session)
        return [ranked_by_span[(doc_id, start, end)] for doc_id, start, end in spans]
    answers: dict[tuple[str, int, int], Ranking] = {}
    for i in range(0, len(ids), 8):
        chunk = ids[i : i + 8]
        ranked = tagger.rank([texts[d] for d in chunk], [wanted[d] for d in chunk])
        for doc_id, doc_ranked in zip(chunk, ranked, strict=True):
            for (start, end), ranking in zip(wanted[doc_id], doc_ranked, strict=True):
                answers[(doc_id, start, end)] = list(ranking)
    return [answers[(doc_id, start, end)] for doc_id, start, end in spans]


@functools.lru_cache(maxsize=2)
def e5_classifier(model_dir: Path | None) -> Any:
    from unspun.detectors.techniques.tc_e5 import E5SpanClassifier

    return E5SpanClassifier(model_dir)
