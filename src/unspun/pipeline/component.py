"""What a pipeline component is: one job, a name, a version, declared needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from unspun.model.analysis import Analysis


class Component:
    """Base class of pipeline components.

    A component does one job on a batch of analyses: it sets segments or language, or adds
    findings. Subclasses implement ``process`` (one document) or override ``pipe`` (a
    whole batch, for models that batch across documents). Heavy resources are loaded in
    ``__init__`` so that a pipeline loads each model once.

    ``requires`` and ``assigns`` name the analysis attributes read and written
    (``"lang"``, ``"sentences"``, ``"paragraphs"``, ``"findings:attribution"``, ...); the
    pipeline checks the order against them when it is built.
    """

    name: ClassVar[str] = "component"
    version: ClassVar[str] = "0"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    #: Finding kind and labels, for detectors.
    kind: ClassVar[str | None] = None
    labels: ClassVar[tuple[str, ...]] = ()

    def process(self, analysis: Analysis) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement process() or pipe()")

    def pipe(self, analyses: Sequence[Analysis]) -> None:
        for analysis in analyses:
            self.process(analysis)
