"""The PTC / SemEval-2020 Task 11 file formats.

- articles: ``article<ID>.txt``, read as UTF-8 exactly (a BOM is character 0);
- technique labels (FLC/TC): TSV ``id  technique  start  end``, one file per article in a
  folder or all articles in one file;
- span labels (SI): TSV ``id  start  end``;
- the TC task input: ``id  ?  start  end``, answered with the same lines and a technique.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from unspun.errors import InputNotFoundError, MalformedInputError


@dataclass(frozen=True)
class LabelledSpan:
    article_id: str
    label: str
    start: int
    end: int


def article_path(articles: Path, article_id: str) -> Path:
    return articles / f"article{article_id}.txt"


def read_article(articles: Path, article_id: str) -> str:
    path = article_path(articles, article_id)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputNotFoundError(
            f"article {article_id} is not in {str(articles)!r}.",
            hint="Give the folder that holds article<ID>.txt files with --articles.",
        ) from None


def article_ids(articles: Path) -> list[str]:
    if not articles.is_dir():
        raise InputNotFoundError(f"{str(articles)!r} is not a folder of articles.")
    return sorted(p.stem.removeprefix("article") for p in articles.glob("article*.txt"))


def _label_files(labels: Path) -> list[Path]:
    if labels.is_dir():
        return sorted(labels.glob("*.labels"))
    if labels.is_file():
        return [labels]
    raise InputNotFoundError(
        f"{str(labels)!r} holds no labels.",
        hint="Give a .labels file or a folder of them with --labels.",
    )


def parse_technique_lines(text: str, source: str = "<string>") -> list[LabelledSpan]:
    """``id  technique  start  end`` lines (or ``id  ?  start  end`` for TC input), in order."""
    spans: list[LabelledSpan] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 4:
            raise MalformedInputError(
                f"line {n} has {len(parts)} tab-separated fields, not 4 "
                "(id, technique, start, end).",
                source=source,
            )
        article_id, label, start, end = parts
        try:
            span = LabelledSpan(article_id, label, int(start), int(end))
        except ValueError:
            raise MalformedInputError(
                f"line {n}: start and end must be integers.", source=source
            ) from None
        if not 0 <= span.start < span.end:
            raise MalformedInputError(
                f"line {n}: the span {span.start}-{span.end} is empty or negative.",
                source=source,
            )
        spans.append(span)
    return spans


def read_technique_labels(labels: Path) -> dict[str, list[LabelledSpan]]:
    """``id  technique  start  end`` lines (or ``id  ?  start  end`` for TC input)."""
    spans: dict[str, list[LabelledSpan]] = defaultdict(list)
    for path in _label_files(labels):
        for span in parse_technique_lines(path.read_text(encoding="utf-8"), str(path)):
            spans[span.article_id].append(span)
    return dict(spans)


def write_tc_lines(spans: list[LabelledSpan]) -> str:
    return "".join(f"{s.article_id}\t{s.label}\t{s.start}\t{s.end}\n" for s in spans)
