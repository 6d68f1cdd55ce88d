"""Narratives: which known narratives a text advances, with the sentences that carry them.

``catalogue`` (the YAML format, validation, merging), ``vectors`` (cached catalogue
embeddings), ``matcher`` (scores and decisions), ``detector`` (the pipeline component),
``discover`` (candidate narratives from a corpus). See docs/narratives.md.
"""

from unspun.detectors.narratives.catalogue import (
    BUILTIN,
    Catalogue,
    CatalogueConflictError,
    CatalogueEntryError,
    CatalogueError,
    Narrative,
    NarrativeSet,
    load_catalogue,
    load_catalogues,
    parse_catalogue,
)

__all__ = [
    "BUILTIN",
    "Catalogue",
    "CatalogueConflictError",
    "CatalogueEntryError",
    "CatalogueError",
    "Narrative",
    "NarrativeSet",
    "load_catalogue",
    "load_catalogues",
    "parse_catalogue",
]
