"""A document that could not be read or analysed."""

from __future__ import annotations

from dataclasses import dataclass

from unspun.errors import UnspunError
from unspun.model.record import FailureRecord


@dataclass(frozen=True)
class Failure:
    """Readers yield these in place of a document they could not read; the pipeline yields
    them for a document a component could not analyse. Runs count and report them."""

    source: str
    error: UnspunError
    id: str | None = None

    def to_record(self) -> FailureRecord:
        return FailureRecord(id=self.id, source=self.source, error=self.error.to_dict())
