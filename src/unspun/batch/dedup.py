"""Near-duplicate groups, built while the corpus streams past (MinHash + LSH, datasketch).

Syndicated copies, wire stories and lightly edited reposts are one story. Each document's
word shingles get a MinHash; LSH finds earlier *canonical* documents that may be similar,
and the closest one whose estimated Jaccard similarity reaches the threshold becomes the
document's group. A document with none starts a group of its own and is its canonical.

Groups are star-shaped around the first document of a story in input order (no chains:
every member is within the threshold of its canonical), and depend only on the input
order, so a resumed run rebuilds exactly the same groups without storing them. Memory
grows with the number of distinct stories (about 1-2 KB each with 128 permutations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from unspun.batch.options import DEDUP_ALGORITHM, DedupOptions

_WORD = re.compile(r"\w+", re.UNICODE)

#: The grouping rule, part of a run's identity: a resume never mixes two rules.
ALGORITHM = DEDUP_ALGORITHM
#: LSH looks for candidates this far below the threshold; each candidate is then checked
#: against the threshold itself. On the 10,000-document synthetic corpus this finds 95%
#: of the copies instead of 93% (LSH alone misses pairs just above the threshold).
CANDIDATE_MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class DupInfo:
    """A document's place among near-duplicates. ``group`` is the canonical's input
    position; ``similarity`` the estimated Jaccard similarity to the canonical."""

    group: int
    canonical_id: str
    similarity: float

    def is_canonical(self, seq: int) -> bool:
        return self.group == seq

    def columns(self, seq: int) -> dict[str, Any]:
        return {
            "dup_group": self.group,
            "canonical_id": self.canonical_id,
            "is_canonical": self.group == seq,
            "dup_similarity": round(self.similarity, 4),
        }


def shingles(text: str, size: int) -> set[bytes]:
    """The word ``size``-grams of ``text`` (case folded), as bytes."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class DuplicateGrouper:
    """Assigns each document (in input order) to a near-duplicate group."""

    def __init__(self, options: DedupOptions) -> None:
        from datasketch import MinHash, MinHashLSH

        self.options = options
        self._template = MinHash(num_perm=options.num_perm, seed=1)
        self._lsh = MinHashLSH(
            threshold=max(0.05, options.threshold - CANDIDATE_MARGIN), num_perm=options.num_perm
        )
        #: Canonical seq -> (id, 32-bit hash values for the similarity check).
        self._canonical: dict[int, tuple[str, np.ndarray]] = {}
        self.groups = 0
        self.duplicates = 0

    def _minhash(self, text: str) -> Any:
        from datasketch import MinHash

        m = MinHash(
            num_perm=self.options.num_perm,
            permutations=self._template.permutations,
            scheme=self._template.scheme,
        )
        grams = shingles(text, self.options.shingle)
        if grams:
            m.update_batch(list(grams))
        return m, bool(grams)

    def assign(self, seq: int, doc_id: str, text: str) -> DupInfo:
        """The group of the document at input position ``seq``."""
        if not self.options.enabled:
            return DupInfo(seq, doc_id, 1.0)
        m, has_words = self._minhash(text)
        if not has_words:  # nothing to compare: a story of its own
            self.groups += 1
            return DupInfo(seq, doc_id, 1.0)
        values = m.hashvalues.astype(np.uint32)
        best: tuple[float, int] | None = None
        for key in self._lsh.query(m):
            canon = int(key)
            similarity = float(np.mean(self._canonical[canon][1] == values))
            if similarity >= self.options.threshold and (
                best is None or (similarity, -canon) > (best[0], -best[1])
            ):
                best = (similarity, canon)
        if best is not None:
            self.duplicates += 1
            return DupInfo(best[1], self._canonical[best[1]][0], best[0])
        self._lsh.insert(str(seq), m)
        self._canonical[seq] = (doc_id, values)
        self.groups += 1
        return DupInfo(seq, doc_id, 1.0)
