"""Narrative catalogues: the documented YAML format, its validation, loading and merging.

A catalogue file (``format: unspun-narratives/1``) lists narratives and their
sub-narratives with a description and example sentences in several languages; the matcher
compares a document's sentences with them. The built-in catalogues live in
``unspun/narratives/catalogues/``; users add their own with ``--catalogue FILE``. The
format is documented in ``docs/narratives.md``. A broken file raises
:class:`CatalogueError` naming the file, the entry and the field.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from unspun.errors import ConfigError
from unspun.taxonomy.patterns import nested_quantifier

#: libyaml's C loader when present (10x faster on the catalogues), same safe subset.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FORMAT = "unspun-narratives/1"
#: Names of the catalogues that ship with unspun (files ``catalogues/<name>.yaml``).
BUILTIN = ("urw", "cc")

# Two-letter ISO 639-1 codes: a catalogue's languages must be real ones.
ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu "
    "cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi "
    "ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks "
    "ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl "
    "nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve "
    "vi vo wa wo xh yi yo za zh zu".split()
)
_ID = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.[a-z0-9]+(?:[-_][a-z0-9]+)*)*$"


class CatalogueError(ConfigError):
    """A narrative catalogue cannot be read or breaks the format's rules."""

    code: ClassVar[str] = "E320"


class CatalogueEntryError(CatalogueError):
    """One entry of a catalogue is invalid (a missing or wrong field, a bad parent)."""

    code: ClassVar[str] = "E321"


class CatalogueConflictError(CatalogueError):
    """Two catalogues loaded together define the same id or label."""

    code: ClassVar[str] = "E322"


def _lang(value: str) -> str:
    if value not in ISO_639_1:
        raise ValueError(f"{value!r} is not a two-letter ISO 639-1 language code (e.g. en, ru, uk)")
    return value


class Example(BaseModel):
    """A sentence that advances the narrative, in one language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lang: str
    text: str = Field(min_length=3)

    @field_validator("lang")
    @classmethod
    def _check_lang(cls, value: str) -> str:
        return _lang(value)


class Link(BaseModel):
    """Where an analyst can read more about the narrative."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")


class Narrative(BaseModel):
    """A narrative (``parent: null``) or a sub-narrative (``parent: <narrative id>``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID, description="Dotted lowercase id, unique across catalogues.")
    label: str = Field(min_length=1, description="The label findings carry.")
    name: str = Field(min_length=1)
    parent: str | None = None
    domain: str = Field(min_length=1)
    description: str = Field(min_length=10)
    examples: list[Example] = Field(min_length=1)
    languages: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    status: Literal["adopted", "candidate"] = "adopted"

    @field_validator("languages")
    @classmethod
    def _check_langs(cls, value: list[str]) -> list[str]:
        return [_lang(x) for x in value]

    @property
    def level(self) -> Literal["narrative", "subnarrative"]:
        return "narrative" if self.parent is None else "subnarrative"


class Catalogue(BaseModel):
    """One catalogue file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["unspun-narratives/1"]
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    description: str = ""
    languages: list[str] = Field(default_factory=list)
    anchors: list[str] = Field(
        default_factory=list,
        description="Regular expressions for the catalogue's subject (matched case-"
        "insensitively from the start of a word); a document that matches none of them is "
        "not matched against this catalogue. Empty: every document is.",
    )
    narratives: list[Narrative] = Field(min_length=1)

    @field_validator("languages")
    @classmethod
    def _check_langs(cls, value: list[str]) -> list[str]:
        return [_lang(x) for x in value]

    @field_validator("anchors")
    @classmethod
    def _check_anchors(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"anchor {pattern!r} is not a valid regular expression: {exc}"
                ) from None
            if nested_quantifier(pattern):
                # however the catalogue is loaded (CLI, API, config), a pattern such as
                # (a+)+ would backtrack for ever on a short text
                raise ValueError(
                    f"anchor {pattern!r} nests a quantifier inside a quantified group and "
                    "can take exponential time; write it without one (e.g. 'a+', not '(a+)+')"
                )
        return value

    def anchor_pattern(self) -> re.Pattern[str] | None:
        """One compiled pattern for all anchors, or None when the catalogue has none."""
        if not self.anchors:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(self.anchors) + ")", re.IGNORECASE)


class NarrativeSet:
    """Several catalogues merged: every entry by id, parents before their children.

    ``sha256`` fingerprints what the matcher embeds (ids, texts), so cached vectors are
    reused exactly while the catalogues are unchanged.
    """

    def __init__(self, catalogues: Sequence[Catalogue], sources: Sequence[str] | None = None):
        self.catalogues = list(catalogues)
        self.sources = list(sources) if sources is not None else [c.id for c in catalogues]
        self.entries: list[Narrative] = [n for c in self.catalogues for n in c.narratives]
        self.by_id = {n.id: n for n in self.entries}
        self.by_label = {n.label: n for n in self.entries}

    def children(self, narrative_id: str) -> list[Narrative]:
        return [n for n in self.entries if n.parent == narrative_id]

    @property
    def top(self) -> list[Narrative]:
        return [n for n in self.entries if n.parent is None]

    @property
    def sha256(self) -> str:
        payload = [
            (n.id, n.description, [(e.lang, e.text) for e in n.examples]) for n in self.entries
        ]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()

    def __len__(self) -> int:
        return len(self.entries)


# --- reading ------------------------------------------------------------------------------


def parse_catalogue(text: str, source: str = "<string>") -> Catalogue:
    """Parse and validate catalogue YAML; ``source`` names the file in errors."""
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogueError(
            f"the catalogue is not valid YAML: {exc}",
            hint="See docs/narratives.md for the format.",
            source=source,
        ) from None
    if not isinstance(data, dict):
        raise CatalogueError(
            "a catalogue must be a YAML mapping with format, id, name, version and narratives.",
            hint="See docs/narratives.md for the format.",
            source=source,
        )
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as exc:
        raise CatalogueEntryError(
            f"invalid catalogue: {_describe(exc, data)}.",
            hint="See docs/narratives.md for the fields of an entry.",
            source=source,
        ) from None
    problems = check_catalogue(catalogue)
    if problems:
        raise CatalogueEntryError(
            f"invalid catalogue: {'; '.join(problems)}.",
            hint="Ids are unique; a parent must be the id of a top-level narrative.",
            source=source,
        )
    return catalogue


def load_catalogue(path: str | Path) -> Catalogue:
    """Read and validate one catalogue file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(
            "the catalogue file does not exist.",
            hint="Give the path of a YAML catalogue (docs/narratives.md).",
            source=str(p),
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot read the catalogue: {exc}.", source=str(p)) from None
    return parse_catalogue(text, source=str(p))


def builtin_path(name: str) -> Path:
    """Path of a built-in catalogue (or of another file under ``catalogues/``)."""
    return Path(str(resources.files("unspun.detectors.narratives").joinpath("catalogues", name)))


def load_catalogues(
    paths: Iterable[str | Path] = (), *, builtins: Iterable[str] | None = BUILTIN
) -> NarrativeSet:
    """The built-in catalogues (``builtins``; None or () for none) plus the files in ``paths``,
    merged. Raises :class:`CatalogueConflictError` when two share an id or a label."""
    catalogues: list[Catalogue] = []
    sources: list[str] = []
    for name in builtins or ():
        builtin = builtin_path(f"{name}.yaml")
        if not builtin.is_file():
            raise CatalogueError(
                f"there is no built-in catalogue {name!r}.",
                hint=f"Built-in catalogues: {', '.join(BUILTIN)}.",
            )
        catalogues.append(load_catalogue(builtin))
        sources.append(f"builtin:{name}")
    for path in paths:
        catalogues.append(load_catalogue(path))
        sources.append(str(path))
    return merge_catalogues(catalogues, sources)


def merge_catalogues(catalogues: Sequence[Catalogue], sources: Sequence[str]) -> NarrativeSet:
    """Check that ids and labels are unique across ``catalogues`` and merge them."""
    seen_ids: dict[str, str] = {}
    seen_labels: dict[str, str] = {}
    for catalogue, source in zip(catalogues, sources, strict=True):
        for entry in catalogue.narratives:
            for seen, key, what in (
                (seen_ids, entry.id, "id"),
                (seen_labels, entry.label, "label"),
            ):
                if key in seen:
                    raise CatalogueConflictError(
                        f"entry {entry.id!r} has the {what} {key!r}, which {seen[key]} "
                        "already defines.",
                        hint="Rename the entry in your catalogue (ids and labels are unique "
                        "across all catalogues loaded together).",
                        source=source,
                    )
                seen[key] = source
    return NarrativeSet(catalogues, sources)


def check_catalogue(catalogue: Catalogue) -> list[str]:
    """Rules across entries: unique ids and labels, parents that exist and are top level."""
    problems: list[str] = []
    ids: dict[str, int] = {}
    labels: set[str] = set()
    for entry in catalogue.narratives:
        if entry.id in ids:
            problems.append(f"entry {entry.id!r}: id: defined twice")
        ids[entry.id] = 1
        if entry.label in labels:
            problems.append(f"entry {entry.id!r}: label: {entry.label!r} is used twice")
        labels.add(entry.label)
        if entry.label == "Other" or entry.label.endswith(": Other"):
            problems.append(
                f"entry {entry.id!r}: label: {entry.label!r} is emitted by the matcher itself "
                "(no narrative found, or a narrative without a known sub-narrative); remove it"
            )
    by_id = {n.id: n for n in catalogue.narratives}
    for entry in catalogue.narratives:
        if entry.parent is None:
            continue
        parent = by_id.get(entry.parent)
        if parent is None:
            problems.append(
                f"entry {entry.id!r}: parent: {entry.parent!r} is not the id of an entry of "
                "this catalogue"
            )
        elif parent.parent is not None:
            problems.append(
                f"entry {entry.id!r}: parent: {entry.parent!r} is itself a sub-narrative; "
                "a parent must be a top-level narrative"
            )
    return problems


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    """Validation errors as ``entry 'id' (narratives[3]): field: message``."""
    raw_entries = data.get("narratives")
    entries: list[Any] = raw_entries if isinstance(raw_entries, list) else []
    parts = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "narratives" and isinstance(loc[1], int):
            index = loc[1]
            raw = entries[index] if index < len(entries) else None
            ident = raw.get("id") if isinstance(raw, dict) else None
            where = f"entry {ident!r} (narratives[{index}])" if ident else f"narratives[{index}]"
            loc = loc[2:]
        field = ".".join(str(p) for p in loc) or "entry"
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field (check its spelling; docs/narratives.md lists the fields)"
        elif err["type"] == "string_pattern_mismatch" and loc and loc[-1] == "id":
            message = (
                f"must be dotted lowercase words (letters, digits, - or _), such as "
                f"'mine.port-closure', not {err.get('input')!r}"
            )
        elif err["type"] == "string_pattern_mismatch" and loc and loc[-1] == "url":
            message = f"must be an http:// or https:// address, not {err.get('input')!r}"
        parts.append(f"{where + ': ' if where else ''}{field}: {message}")
    return "; ".join(parts)


def dump_catalogue(catalogue: Catalogue) -> str:
    """The catalogue as YAML in the documented format (what discovery writes)."""
    data = catalogue.model_dump(mode="json", exclude_defaults=False)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
