"""PTC / SemEval-2020 Task 11 and SemEval-2023 Task 3 (CheckThat! 2024 Task 3) span files.

All of them are TSV with character offsets (code points, end exclusive) into UTF-8
articles ``article<ID>.txt`` (a BOM is character 0):

- SI (span identification): ``id  start  end``;
- TC / FLC (technique classification, fragment-level): ``id  technique  start  end`` with
  the 14 PTC labels (SemEval-2020) or the 23 techniques (SemEval-2023 ``*-labels-subtask-3-
  spans``, CheckThat! 2024 Task 3); one file per article in a folder, or one file.

Reading reuses :mod:`unspun.evaluation.ptc` (the parser ``unspun eval techniques`` uses).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from unspun.errors import InputNotFoundError
from unspun.evaluation.ptc import parse_technique_lines, read_article
from unspun.interop.errors import MissingArticleError, SharedTaskFormatError
from unspun.interop.labels import gold_finding
from unspun.interop.records import check_region, imported_record
from unspun.model.record import AnalysisRecord, FindingRecord

#: The label of a span with no technique (SI), as the tagger's "any technique" channel.
ANY = "ANY"


def label_files(labels: Path) -> list[Path]:
    """The label files: ``labels`` itself, or every ``*.labels`` / ``*.txt`` in a folder."""
    if labels.is_file():
        return [labels]
    if labels.is_dir():
        return sorted(p for p in labels.iterdir() if p.suffix in (".labels", ".txt"))
    raise InputNotFoundError(
        f"{str(labels)!r} holds no labels.",
        hint="Give a labels file or the folder of per-article label files.",
    )


def read_spans(labels: Path) -> dict[str, list[tuple[str, int, int]]]:
    """``article id -> [(technique or ANY, start, end)]`` from SI or TC/FLC files."""
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for path in label_files(labels):
        text = path.read_text(encoding="utf-8")
        rows = [line.split("\t") for line in text.splitlines() if line.strip()]
        if rows and all(len(r) == 3 for r in rows):  # SI
            for n, (article, start, end) in enumerate(rows, 1):
                try:
                    spans[article].append((ANY, int(start), int(end)))
                except ValueError:
                    raise SharedTaskFormatError(
                        f"line {n}: start and end must be integers.", source=str(path)
                    ) from None
            continue
        try:
            parsed = parse_technique_lines(text, str(path))
        except Exception as exc:  # MalformedInputError: say which layouts we read
            raise SharedTaskFormatError(
                f"{getattr(exc, 'message', exc)}",
                hint="SI files have 3 columns (id, start, end); TC/FLC files 4 "
                "(id, technique, start, end).",
                source=str(path),
            ) from None
        for s in parsed:
            spans[s.article_id].append((s.label, s.start, s.end))
    return dict(spans)


def _finding(text: str, label: str, start: int, end: int, source: str) -> FindingRecord:
    if label == ANY:
        return FindingRecord(
            start=start,
            end=end,
            kind="technique",
            label=ANY,
            score=1.0,
            detector="ptc",
            detector_version="gold",
            attrs={"ptc_label": "", "semeval_labels": [], "raw_score": 1.0},
            text=text[start:end],
        )
    return gold_finding(
        text=text,
        start=start,
        end=end,
        label=label,
        kind="technique",
        detector="ptc",
        version="gold",
        source=source,
    )


def read_ptc(
    articles: Path, labels: Path, *, all_articles: bool = True
) -> Iterator[AnalysisRecord]:
    """Records of PTC-layout articles with their gold spans (``all_articles``: articles
    without any label are records with no findings, as in the corpus)."""
    spans = read_spans(labels)
    ids = set(spans)
    if all_articles and articles.is_dir():
        ids |= {p.stem.removeprefix("article") for p in articles.glob("article*.txt")}
    for article in sorted(ids):
        try:
            text = read_article(articles, article)
        except InputNotFoundError:
            raise MissingArticleError(
                f"the labels name article {article}, which is not in {str(articles)!r}.",
                hint="Give the folder of article<ID>.txt files that the labels belong to.",
                source=str(labels),
            ) from None
        findings = []
        for label, start, end in spans.get(article, []):
            check_region(text, start, end, f"article {article}", str(labels))
            findings.append(_finding(text, label, start, end, str(labels)))
        yield imported_record(
            id=f"article{article}",
            text=text,
            findings=findings,
            tool="ptc",
            version="gold",
            lang="en",
        )


def semeval2023_folders(release: Path, split: str) -> tuple[Path, Path]:
    """The article and span-label folders of a SemEval-2023 Task 3 language folder."""
    articles = release / f"{split}-articles-subtask-3"
    labels = release / f"{split}-labels-subtask-3-spans"
    if not articles.is_dir() or not labels.exists():
        raise InputNotFoundError(
            f"{str(release)!r} has no {articles.name}/ and {labels.name}/.",
            hint="Give a language folder of the SemEval-2023 Task 3 release (e.g. data/en) "
            "and --split train or dev.",
        )
    return articles, labels


def article_id(record_id: str) -> str:
    """The shared-task article id of a record id (``article123`` -> ``123``)."""
    stem = record_id.rsplit("/", 1)[-1]
    stem = stem[: -len(".txt")] if stem.endswith(".txt") else stem
    return stem.removeprefix("article")
