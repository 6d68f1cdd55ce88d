"""What a pipeline component is: one job, a name, a version, declared needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from unspun.model.analysis import Analysis
from unspun.model.attrs import check_attrs
from unspun.model.finding import Finding, Span


class Component:
    """Base class of pipeline components.

    A component does one job on a batch of analyses: it sets segments or language, or adds
    findings. Subclasses implement ``process`` (one document) or override ``pipe`` (a
    whole batch, for models that batch across documents). Heavy resources are loaded in
    ``__init__`` so that a pipeline loads each model once.

    ``requires`` and ``assigns`` name the analysis attributes read and written
    (``"lang"``, ``"sentences"``, ``"paragraphs"``, ``"findings:attribution"``,
    ``"attribution:sentences"``, ...); the pipeline checks the order against them when it
    is built. ``handles`` says which documents the component analyses (by language, say):
    the pipeline passes only those to ``pipe`` and lists the component in a document's
    ``detectors`` only when it ran on it. Only the pipeline writes ``analysis.detectors``.

    Versions: ``version`` is the component's code version (``MAJOR.MINOR.PATCH``);
    ``model_version`` names the trained model it runs, if any. Findings carry both as
    ``detector_version`` (``"1.0.0+<model>"``); build them with :meth:`finding`.
    """

    name: ClassVar[str] = "component"
    version: ClassVar[str] = "0.0.0"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    #: Finding kind and labels, for detectors.
    kind: ClassVar[str | None] = None
    labels: ClassVar[tuple[str, ...]] = ()

    @property
    def model_version(self) -> str | None:
        """The version of the trained model this component runs (None: no model)."""
        return None

    @property
    def detector_version(self) -> str:
        """``version``, plus ``+model_version`` when the component runs a model."""
        model = self.model_version
        return f"{self.version}+{model}" if model else self.version

    def handles(self, analysis: Analysis) -> bool:
        """True when this component analyses the document (all documents by default)."""
        return True

    def finding(
        self,
        start: int,
        end: int,
        label: str,
        score: float,
        *,
        category: str | None = None,
        explanation: str | None = None,
        scope: Span | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding of this component's kind, named and versioned as this component."""
        if self.kind is None:
            raise TypeError(f"{type(self).__name__} declares no finding kind")
        check_attrs(self.kind, attrs or {})
        return Finding(
            start=start,
            end=end,
            kind=self.kind,
            label=label,
            category=category,
            score=score,
            detector=self.name,
            detector_version=self.detector_version,
            explanation=explanation,
            scope=scope,
            attrs=attrs or {},
        )

    def process(self, analysis: Analysis) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement process() or pipe()")

    def pipe(self, analyses: Sequence[Analysis]) -> None:
        for analysis in analyses:
            self.process(analysis)
