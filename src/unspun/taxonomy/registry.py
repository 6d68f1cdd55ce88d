"""The persuasion-technique taxonomy: schemes, categories and techniques from ``techniques.yaml``.

The bundled file is read once (``importlib.resources``) and validated when loaded: a broken
file raises :class:`TaxonomyError` that names the problem. Lookups are tolerant of how a
label is spelled (case, ``-``, ``_``, ``,`` and spaces), so labels from PTC data, SemEval
data and people all resolve to the same :class:`Technique`.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from unspun.errors import ConfigError, describe_validation

#: libyaml's C loader when present (10x faster on the catalogues), same safe subset.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The scheme every other scheme maps into; the default of the lookup functions.
DEFAULT_SCHEME = "semeval2023"

_SEPARATORS = re.compile(r"[\s_,\-]+")


class UnknownTechniqueError(ConfigError):
    """A technique name matches no technique of the scheme(s) searched."""

    code: ClassVar[str] = "E310"


class TaxonomyError(ConfigError):
    """A taxonomy file cannot be read or breaks the taxonomy's rules."""

    code: ClassVar[str] = "E311"


class UnknownSchemeError(ConfigError):
    """A scheme name is not one of the taxonomy's schemes."""

    code: ClassVar[str] = "E312"


class Category(BaseModel):
    """A family of techniques, such as "Attack on reputation"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    color: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="Hex colour used in reports.")


class Technique(BaseModel):
    """One technique of one scheme, with the texts the product shows about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scheme: str = Field(min_length=1)
    name: str = Field(min_length=1, description="Machine label, spelled as in the scheme's data.")
    title: str = Field(min_length=1)
    category: str = Field(min_length=1, description="Id of the technique's category.")
    definition: str = Field(min_length=1)
    example: str = Field(min_length=1)
    explanation: str = Field(min_length=1, description="Sentence shown next to a flag.")
    maps_to: tuple[str, ...] = Field(
        default=(), description="Names in the scheme this scheme maps into."
    )


class Scheme(BaseModel):
    """A labelling scheme: its techniques and, optionally, the scheme they map into."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    maps_to: str | None = None
    techniques: tuple[Technique, ...] = Field(min_length=1)

    @cached_property
    def index(self) -> dict[str, Technique]:
        """Techniques by normalised name, then by normalised title (names win)."""
        by_key: dict[str, Technique] = {}
        for attr in ("title", "name"):
            for technique in self.techniques:
                by_key[normalize_label(getattr(technique, attr))] = technique
        return by_key


class Taxonomy(BaseModel):
    """Categories and schemes of one taxonomy file, validated as a whole."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = 1
    categories: tuple[Category, ...] = Field(min_length=1)
    schemes: dict[str, Scheme] = Field(min_length=1)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def scheme(self, name: str) -> Scheme:
        if name not in self.schemes:
            raise UnknownSchemeError(
                f"unknown technique scheme {name!r}.",
                hint=f"Known schemes: {', '.join(self.schemes)}.",
            )
        return self.schemes[name]

    def get_technique(self, name: str, scheme: str | None = None) -> Technique:
        """Find a technique by name or title; see :func:`get_technique`."""
        searched = [self.scheme(scheme)] if scheme else self._search_order()
        for candidate in searched:  # exact spelling first, so PTC labels resolve to PTC
            for technique in candidate.techniques:
                if technique.name == name:
                    return technique
        key = normalize_label(name)
        for candidate in searched:
            if key in candidate.index:
                return candidate.index[key]
        raise _unknown_technique(name, scheme, searched)

    def _search_order(self) -> list[Scheme]:
        first = [self.schemes[DEFAULT_SCHEME]] if DEFAULT_SCHEME in self.schemes else []
        return first + [s for n, s in self.schemes.items() if n != DEFAULT_SCHEME]


def normalize_label(label: str) -> str:
    """Fold case and treat runs of ``-``, ``_``, ``,`` and whitespace as one space."""
    return _SEPARATORS.sub(" ", label).strip().casefold()


def _unknown_technique(name: str, scheme: str | None, searched: list[Scheme]) -> Exception:
    # Candidates: each name, its title and, for merged PTC labels, each part of the name.
    names: dict[str, str] = {}
    for technique in (t for s in reversed(searched) for t in s.techniques):
        for spelling in (technique.title, *technique.name.split(","), technique.name):
            names[normalize_label(spelling)] = technique.name
    close = difflib.get_close_matches(normalize_label(name), list(names), n=6, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[c] for c in close))[:3]
    where = f"scheme {scheme!r}" if scheme else "any scheme"
    hint = f"Did you mean {' or '.join(map(repr, suggestions))}? " if suggestions else ""
    flag = f" --scheme {scheme}" if scheme else " --scheme all"
    return UnknownTechniqueError(
        f"{name!r} is not a technique of {where}.",
        hint=f"{hint}Run 'unspun techniques{flag}' to list the known names.",
    )


# --- loading and validation -------------------------------------------------------------------


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read and validate a taxonomy file; raise :class:`TaxonomyError` if it is broken."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise TaxonomyError(f"cannot read the taxonomy file: {exc}.", source=str(path)) from None
    return parse_taxonomy(text, source=str(path))


def parse_taxonomy(text: str, source: str = "<string>") -> Taxonomy:
    """Parse and validate taxonomy YAML text; ``source`` names it in errors."""
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"the taxonomy is not valid YAML: {exc}", source=source) from None
    if not isinstance(data, dict):
        raise TaxonomyError("the taxonomy must be a YAML mapping.", source=source)
    try:
        taxonomy = Taxonomy.model_validate(_with_scheme_names(data))
    except ValidationError as exc:
        raise TaxonomyError(
            f"the taxonomy does not match its schema: {describe_validation(exc)}.",
            hint="Fields are described at the top of unspun/taxonomy/techniques.yaml.",
            source=source,
        ) from None
    broken = check_taxonomy(taxonomy)
    if broken:
        raise TaxonomyError(f"the taxonomy is inconsistent: {'; '.join(broken)}.", source=source)
    return taxonomy


def _with_scheme_names(data: dict[str, Any]) -> dict[str, Any]:
    """Copy each scheme's key into the scheme and its techniques (the YAML doesn't repeat it)."""
    schemes = data.get("schemes")
    if not isinstance(schemes, dict):
        return data
    named: dict[str, Any] = {}
    for key, scheme in schemes.items():
        if isinstance(scheme, dict):
            techniques = scheme.get("techniques")
            if isinstance(techniques, list):
                techniques = [
                    {**t, "scheme": key} if isinstance(t, dict) else t for t in techniques
                ]
            scheme = {**scheme, "name": key, "techniques": techniques}
        named[key] = scheme
    return {**data, "schemes": named}


def check_taxonomy(taxonomy: Taxonomy) -> list[str]:
    """Rules the schema cannot express; returns one message per broken rule."""
    problems = _duplicates("category id", [c.id for c in taxonomy.categories])
    category_ids = {c.id for c in taxonomy.categories}
    for scheme in taxonomy.schemes.values():
        where = f"scheme {scheme.name!r}"
        problems += _duplicates(f"technique name in {where}", [t.name for t in scheme.techniques])
        problems += _duplicates(
            f"spelling (after folding case and separators) in {where}",
            [normalize_label(t.name) for t in scheme.techniques],
        )
        target = taxonomy.schemes.get(scheme.maps_to) if scheme.maps_to else None
        if scheme.maps_to and target is None:
            problems.append(f"{where} maps to unknown scheme {scheme.maps_to!r}")
        for technique in scheme.techniques:
            label = f"{technique.name!r} in {where}"
            if technique.category not in category_ids:
                problems.append(f"{label} has unknown category {technique.category!r}")
            if scheme.maps_to is None and technique.maps_to:
                problems.append(f"{label} has maps_to but its scheme maps to no other scheme")
            if target is not None:
                problems += _check_mapping(technique, target, label)
    return problems


def _check_mapping(technique: Technique, target: Scheme, label: str) -> list[str]:
    if not technique.maps_to:
        return [f"{label} maps to no technique of {target.name!r}"]
    by_name = {t.name: t for t in target.techniques}
    missing = [n for n in technique.maps_to if n not in by_name]
    if missing:
        return [f"{label} maps to unknown {target.name!r} technique(s) {', '.join(missing)}"]
    allowed = {by_name[n].category for n in technique.maps_to}
    if technique.category not in allowed:
        return [f"{label} has category {technique.category!r}, not one of its targets'"]
    return []


def _duplicates(what: str, values: list[str]) -> list[str]:
    counts = Counter(values)
    return [f"duplicate {what}: {v!r}" for v in sorted(v for v, n in counts.items() if n > 1)]


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The taxonomy bundled with unspun, loaded and validated once."""
    resource = resources.files("unspun.taxonomy").joinpath("techniques.yaml")
    return parse_taxonomy(resource.read_text(encoding="utf-8"), source="unspun/taxonomy")


# --- public lookups over the bundled taxonomy -------------------------------------------------


def schemes() -> list[str]:
    """Names of the bundled schemes, the reference scheme first."""
    return [s.name for s in default_taxonomy()._search_order()]


def techniques(scheme: str = DEFAULT_SCHEME, category: str | None = None) -> list[Technique]:
    """The techniques of ``scheme`` in the taxonomy's order, optionally of one category id."""
    found = default_taxonomy().scheme(scheme).techniques
    return [t for t in found if category is None or t.category == category]


def categories() -> list[Category]:
    """The technique categories, in display order."""
    return list(default_taxonomy().categories)


def get_category(category_id: str) -> Category | None:
    """The category with this id, or ``None``."""
    return default_taxonomy().category(category_id)


def find_category(name: str) -> Category | None:
    """The category whose id or title matches ``name`` (tolerant spelling), or ``None``."""
    key = normalize_label(name)
    return next(
        (
            c
            for c in default_taxonomy().categories
            if key in (normalize_label(c.id), normalize_label(c.title))
        ),
        None,
    )


def get_technique(name: str, scheme: str | None = None) -> Technique:
    """Find a technique by its label or title, however it is spelled.

    Matching ignores case and treats ``-``, ``_``, ``,`` and spaces alike, so
    ``"name calling, labeling"`` finds ``Name_Calling-Labeling``. Without ``scheme``, an exact
    label wins in any scheme; otherwise the reference scheme (``semeval2023``) is searched
    before the others. Raises :class:`UnknownTechniqueError` with close matches, and
    :class:`UnknownSchemeError` for an unknown ``scheme``.
    """
    return default_taxonomy().get_technique(name, scheme)


def find_technique(name: str, scheme: str | None = None) -> Technique | None:
    """Like :func:`get_technique`, but ``None`` for an unknown technique name."""
    try:
        return get_technique(name, scheme)
    except UnknownTechniqueError:
        return None


def to_semeval(ptc_name: str) -> list[str]:
    """The SemEval-2023 names a PTC label maps to (one or more)."""
    return list(get_technique(ptc_name, "ptc").maps_to)


def to_ptc(semeval_name: str) -> list[str]:
    """The PTC labels that map to a SemEval-2023 technique; ``[]`` where PTC has none."""
    target = get_technique(semeval_name, DEFAULT_SCHEME).name
    return [t.name for t in techniques("ptc") if target in t.maps_to]


def category_of(label: str) -> Category | None:
    """The category of a technique label of any scheme, or ``None`` for an unknown label."""
    technique = find_technique(label)
    return get_category(technique.category) if technique else None


def explain(label: str) -> str | None:
    """The sentence shown next to a flag with this label, or ``None`` for an unknown label."""
    technique = find_technique(label)
    return technique.explanation if technique else None
