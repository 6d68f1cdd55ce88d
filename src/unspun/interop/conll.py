"""CoNLL-style BIO token export, for people who train their own taggers.

Each document starts with ``-DOCSTART-<TAB><id>`` and a blank line; then one token per
line with tab-separated columns::

    token  start  end  technique  claim  attribution

``start``/``end`` are code-point offsets of the token in the document text, and each kind
column holds ``B-<label>``, ``I-<label>`` or ``O``. A line break in the text ends a
sentence block (a blank line). Tokens come from spaCy's rule-based tokenizer for the
document's language (``xx`` when unknown).

BIO gives each token one tag per column, so where two spans of one kind overlap the
higher-scoring one is kept (ties: the earlier, then the longer) and the other is counted
as lost; the writer says how many.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from unspun.model.record import AnalysisRecord, FindingRecord

COLUMNS = ("technique", "claim", "attribution")


@lru_cache(maxsize=8)
def _tokenizer(lang: str) -> Any:
    import spacy

    try:
        return spacy.blank(lang).tokenizer
    except (ImportError, KeyError, OSError, ValueError):
        return spacy.blank("xx").tokenizer


def tokens(text: str, lang: str | None) -> list[tuple[int, int, bool]]:
    """``(start, end, is_line_break)`` of each token; whitespace tokens only as breaks."""
    out: list[tuple[int, int, bool]] = []
    for token in _tokenizer(lang or "xx")(text):
        if token.is_space:
            if "\n" in token.text or "\r" in token.text:
                out.append((token.idx, token.idx + len(token.text), True))
            continue
        out.append((token.idx, token.idx + len(token.text), False))
        if "\n" in token.whitespace_:
            out.append((token.idx + len(token.text), token.idx + len(token.text) + 1, True))
    return out


def bio_tags(spans: list[FindingRecord], words: list[tuple[int, int]]) -> tuple[list[str], int]:
    """One BIO tag per word for ``spans`` of one kind; returns the tags and how many
    spans were lost to an overlapping, higher-scoring span."""
    tags = ["O"] * len(words)
    lost = 0
    for span in sorted(spans, key=lambda f: (-f.score, f.start, -(f.end - f.start))):
        hit = [i for i, (s, e) in enumerate(words) if s < span.end and span.start < e]
        if not hit:
            continue
        if any(tags[i] != "O" for i in hit):
            lost += 1
            continue
        for n, i in enumerate(hit):
            tags[i] = ("B-" if n == 0 else "I-") + span.label
    return tags, lost


def record_to_conll(record: AnalysisRecord) -> tuple[str, int]:
    """The CoNLL block of one record and the number of spans BIO could not hold."""
    if record.text is None:
        from unspun.interop.errors import InteropConfigError

        raise InteropConfigError(
            f"record {record.id!r} has no text; CoNLL needs the tokens.",
            hint="Leave out --no-text when writing CoNLL.",
        )
    toks = tokens(record.text, record.lang)
    words = [(s, e) for s, e, brk in toks if not brk]
    columns = []
    lost = 0
    for kind in COLUMNS:
        tags, dropped = bio_tags([f for f in record.findings if f.kind == kind], words)
        columns.append(tags)
        lost += dropped
    lines = [f"-DOCSTART-\t{record.id}", ""]
    w = 0
    for start, end, brk in toks:
        if brk:
            if lines[-1] != "":
                lines.append("")
            continue
        row = "\t".join(col[w] for col in columns)
        lines.append(f"{record.text[start:end]}\t{start}\t{end}\t{row}")
        w += 1
    if lines[-1] != "":
        lines.append("")
    return "\n".join(lines) + "\n", lost
