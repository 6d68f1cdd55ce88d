"""Document ids unique within one run: a repeat gets ``#2``, ``#3``, ... and a note."""

from __future__ import annotations

from unspun.model import Document


class UniqueIds:
    """Hands out ids; a document whose id was seen before is renamed, never dropped."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._last: dict[str, int] = {}

    def claim(self, document: Document) -> Document:
        """``document``, renamed ``"<id>#N"`` with ``meta["duplicate_of"]`` if its id is taken."""
        original = document.id
        if original not in self._taken:
            self._taken.add(original)
            return document
        number = self._last.get(original, 1)
        candidate = original
        while candidate in self._taken:
            number += 1
            candidate = f"{original}#{number}"
        self._last[original] = number
        self._taken.add(candidate)
        meta = {**document.meta, "duplicate_of": original}
        return document.model_copy(update={"id": candidate, "meta": meta})
