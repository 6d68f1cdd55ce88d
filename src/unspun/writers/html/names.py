"""Safe, unique file names for per-document reports."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "index"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
MAX_STEM = 80


class FileNamer:
    """Turns document ids into file names that stay inside the output folder.

    Only ASCII letters, digits, ``.``, ``_`` and ``-`` survive; no name starts with a dot,
    none is a Windows device name or ``index``; an id that had to change gets a short hash
    of the original, and names are unique even on case-insensitive file systems.
    """

    def __init__(self, suffix: str = ".html") -> None:
        self.suffix = suffix
        self._taken: set[str] = set()

    def name(self, doc_id: str) -> str:
        ascii_id = unicodedata.normalize("NFKD", doc_id).encode("ascii", "ignore").decode()
        stem = _UNSAFE.sub("_", ascii_id).replace("..", "_").strip("._-")[:MAX_STEM] or "document"
        if stem != doc_id or stem.lower().split(".")[0] in _RESERVED:
            digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            stem = f"{stem}-{digest}"
        candidate, n = stem, 1
        while candidate.lower() in self._taken:
            n += 1
            candidate = f"{stem}-{n}"
        self._taken.add(candidate.lower())
        return candidate + self.suffix
