"""``nlp.add_pipe("unspun")``: unspun's findings on a spaCy ``Doc``.

>>> import spacy
>>> nlp = spacy.load("en_core_web_sm")
>>> nlp.add_pipe("unspun", config={"min_score": 0.3})
>>> doc = nlp("Experts believe the so-called reforms are a disaster.")
>>> [(s.text, s.label_, s._.unspun["score"]) for s in doc.spans["unspun"]]

The component runs unspun's own pipeline (loaded once, when the component is made) on
``doc.text`` and writes:

- ``doc.spans[spans_key]``: one span per finding of the chosen ``kinds``, labelled with the
  technique, claim type or attribution kind. A finding whose offsets cut through a spaCy
  token is widened to whole tokens (``alignment_mode="expand"``); the finding itself, with
  its original character offsets, score and attributes, is ``span._.unspun``;
- ``doc.cats``: the score of each narrative the document advances (when ``narrative_cats``);
- ``doc._.unspun``: the whole analysis record (schema 1.1, without the text), JSON values
  only, so that ``DocBin(store_user_data=True)`` keeps it.

spaCy imports this module through its ``spacy_factories`` entry point whenever it builds
any pipeline, so the module imports nothing heavy: models load in :func:`make_unspun`.
"""

import itertools
import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from unspun.interop.errors import SpacyComponentError

if TYPE_CHECKING:
    from unspun.model.record import AnalysisRecord
    from unspun.pipeline.pipeline import Pipeline

log = logging.getLogger(__name__)

#: Finding kinds that become spans by default (narratives go to ``doc.cats``).
SPAN_KINDS = ("technique", "claim", "attribution")

DEFAULT_CONFIG: dict[str, Any] = {
    "config": None,
    "components": None,
    "min_score": 0.0,
    "spans_key": "unspun",
    "kinds": list(SPAN_KINDS),
    "narrative_cats": True,
    "lang": None,
}


def _finding_of(span: Span) -> dict[str, Any] | None:
    """The unspun finding behind ``span`` (None for spans that unspun did not make)."""
    record = span.doc._.unspun
    if not record or not span.id_.isdigit():
        return None
    findings = record.get("findings") or []
    index = int(span.id_)
    if index >= len(findings):
        return None
    finding: dict[str, Any] = findings[index]
    if finding["label"] != span.label_:
        return None
    if not (finding["start"] < span.end_char and span.start_char < finding["end"]):
        return None
    return finding


def register_extensions() -> None:
    """Add ``Doc._.unspun`` and ``Span._.unspun`` (once; the same definitions every time)."""
    if not Doc.has_extension("unspun"):
        Doc.set_extension("unspun", default=None)
    if not Span.has_extension("unspun"):
        Span.set_extension("unspun", getter=_finding_of)


class UnspunComponent:
    """A spaCy pipeline component that runs an unspun :class:`~unspun.pipeline.Pipeline`."""

    def __init__(
        self,
        pipeline: "Pipeline",
        *,
        name: str = "unspun",
        min_score: float = 0.0,
        spans_key: str = "unspun",
        kinds: Iterable[str] = SPAN_KINDS,
        narrative_cats: bool = True,
        lang: str | None = None,
    ) -> None:
        if not 0.0 <= min_score <= 1.0:
            raise SpacyComponentError(
                f"min_score must lie between 0 and 1, not {min_score!r}.",
                hint='Use for example config={"min_score": 0.3}.',
            )
        if not spans_key:
            raise SpacyComponentError("spans_key must not be empty.", hint='Use "unspun".')
        register_extensions()
        self.pipeline = pipeline
        self.name = name
        self.min_score = min_score
        self.spans_key = spans_key
        self.kinds = tuple(kinds)
        self.narrative_cats = narrative_cats
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        """Analyse one doc and write the findings onto it."""
        return next(self.pipe([doc]))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Analyse docs in batches (unspun's models run once per batch)."""
        from unspun.model.document import is_blank
        from unspun.readers.documents import build_document

        it = iter(stream)
        while batch := list(itertools.islice(it, batch_size)):
            todo = [d for d in batch if not is_blank(d.text)]
            documents = [
                build_document(locator=f"spaCy doc {i}", id=f"doc-{i}", text=d.text, lang=self.lang)
                for i, d in enumerate(todo)
            ]
            outcomes = iter(self.pipeline.run(documents))
            for doc in batch:
                if is_blank(doc.text):
                    self.set_annotations(doc, None)
                    yield doc
                    continue
                outcome = next(outcomes)
                if outcome.failure is not None:
                    raise outcome.failure.error
                assert outcome.analysis is not None
                from unspun.model.record import AnalysisRecord

                self.set_annotations(
                    doc, AnalysisRecord.from_analysis(outcome.analysis, include_text=False)
                )
                yield doc

    def set_annotations(self, doc: Doc, record: "AnalysisRecord | None") -> None:
        """Write ``record`` onto ``doc``: spans, narrative scores and the record itself."""
        spans: list[Span] = []
        if record is None:
            doc._.unspun = None
            doc.spans[self.spans_key] = spans
            return
        data = record.model_dump(mode="json", exclude={"text"})
        doc._.unspun = data
        for index, finding in enumerate(record.findings):
            if finding.kind not in self.kinds or finding.score < self.min_score:
                continue
            span = doc.char_span(
                finding.start,
                finding.end,
                label=finding.label,
                alignment_mode="expand",
                span_id=str(index),
            )
            if span is None:  # only whitespace between tokens: nothing to widen to
                log.warning(
                    "unspun finding %s %r at %d-%d covers no spaCy token; it stays in "
                    "doc._.unspun but has no span",
                    finding.kind,
                    finding.label,
                    finding.start,
                    finding.end,
                )
                continue
            spans.append(span)
        doc.spans[self.spans_key] = spans
        if self.narrative_cats:
            for label in record.narratives or ():
                doc.cats[label.label] = label.score


@Language.factory(
    "unspun",
    default_config=DEFAULT_CONFIG,
    assigns=["doc.spans", "doc.cats", "doc._.unspun", "span._.unspun"],
)
def make_unspun(
    nlp: Language,
    name: str,
    config: str | None,
    components: list[str] | None,
    min_score: float,
    spans_key: str,
    kinds: list[str],
    narrative_cats: bool,
    lang: str | None,
) -> UnspunComponent:
    """Build the component; unspun's pipeline (``config``: a TOML path, ``components``: the
    unspun components to run) is loaded here, once per component."""
    import unspun

    known = {"technique", "claim", "attribution", "narrative"}
    unknown = [k for k in kinds if k not in known]
    if unknown:
        raise SpacyComponentError(
            f"unknown finding kind(s) {unknown} in 'kinds'.",
            hint=f"Use some of: {', '.join(sorted(known))}.",
        )
    pipeline = unspun.load(config, components=components)
    return UnspunComponent(
        pipeline,
        name=name,
        min_score=min_score,
        spans_key=spans_key,
        kinds=kinds,
        narrative_cats=narrative_cats,
        lang=lang,
    )
