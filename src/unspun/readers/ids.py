"""Document ids unique within one run: a repeat gets ``#2``, ``#3``, ... and a note.

A new name must not take the id of a real document that comes later (``dup, dup, dup#2``
must not rename the second ``dup`` to ``dup#2``), so :func:`unique_ids` looks
:data:`LOOKAHEAD` documents ahead: a renamed id avoids every id seen so far and every id
in that window. (A real id further ahead that equals an earlier new name is itself
renamed, with ``duplicate_of``: ids stay unique in every case.)
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator

from unspun.model import Document, Failure

#: Documents read ahead to see the ids that come next.
LOOKAHEAD = 64
#: ... unless their texts add up to more characters than this.
LOOKAHEAD_CHARS = 4_000_000


class UniqueIds:
    """Hands out ids; a document whose id was seen before is renamed, never dropped."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._last: dict[str, int] = {}
        self._upcoming: Counter[str] = Counter()

    def expect(self, doc_id: str) -> None:
        """Note that a document with ``doc_id`` comes later: no new name will take it."""
        self._upcoming[doc_id] += 1

    def claim(self, document: Document) -> Document:
        """``document``, renamed ``"<id>#N"`` with ``meta["duplicate_of"]`` if its id is taken."""
        original = document.id
        if self._upcoming[original] > 0:
            self._upcoming[original] -= 1
            if not self._upcoming[original]:
                del self._upcoming[original]
        if original not in self._taken:
            self._taken.add(original)
            return document
        number = self._last.get(original, 1)
        candidate = original
        while candidate in self._taken or candidate in self._upcoming:
            number += 1
            candidate = f"{original}#{number}"
        self._last[original] = number
        self._taken.add(candidate)
        meta = {**document.meta, "duplicate_of": original}
        return document.model_copy(update={"id": candidate, "meta": meta})


def unique_ids(items: Iterable[Document | Failure]) -> Iterator[Document | Failure]:
    """``items`` in order, each document's id made unique in the run (see the module)."""
    ids = UniqueIds()
    window: deque[Document | Failure] = deque()
    chars = 0

    def release() -> Document | Failure:
        nonlocal chars
        item = window.popleft()
        if isinstance(item, Failure):
            return item
        chars -= len(item.text)
        return ids.claim(item)

    for item in items:
        if isinstance(item, Document):
            ids.expect(item.id)
            chars += len(item.text)
        window.append(item)
        while window and (len(window) > LOOKAHEAD or chars > LOOKAHEAD_CHARS):
            yield release()
    while window:
        yield release()
