"""The Label Studio labelling config (XML) that matches unspun's predictions.

One ``Labels`` control per technique category (so the techniques are grouped as the
taxonomy groups them, in the category's colour), one for claim types and one for
attribution kinds, all on one ``Text`` object; narratives are a multiple ``Choices`` over
the whole text. Control names say what kind a region is, so importing needs no guessing.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from unspun import taxonomy
from unspun.interop.errors import InteropConfigError
from unspun.interop.labels import ATTRIBUTION_KINDS, CLAIM_KINDS

#: Name of the Text object every control labels; tasks keep the text in ``data.text``.
TEXT_NAME = "text"
TECHNIQUE_PREFIX = "technique_"
CLAIM_NAME = "claim"
ATTRIBUTION_NAME = "attribution"
NARRATIVE_NAME = "narrative"

_CLAIM_COLOUR = "#0E7090"
_ATTRIBUTION_COLOUR = "#475467"

_CLAIM_HINTS = {
    "statistic": "A number to verify.",
    "quote": "Words put in someone's mouth.",
    "causal": "Says that one thing caused another.",
    "comparison": "More, fewer, the biggest: a comparison to check.",
    "prediction": "What will happen.",
    "law_policy": "A law, ruling, sanction or decree.",
    "event": "Something that happened.",
}
_ATTRIBUTION_HINTS = {
    "named": "A source named in the text.",
    "official": "An institution or office speaking.",
    "anonymous": "A source the text chooses not to name.",
    "vague": "A source nobody can check ('experts say', 'many believe').",
    "label": "A pejorative label standing where a source should be.",
    "own": "The author's own claim, with no source.",
}


def technique_control(category_id: str) -> str:
    """The control name of a technique category (``technique_attack_on_reputation``)."""
    return TECHNIQUE_PREFIX + category_id


def scheme_labels(scheme: str) -> list[tuple[str, str, str]]:
    """``(category id, label, title)`` of every technique label the config offers.

    ``semeval2023``: the 23 techniques plus the merged PTC classes unspun's English model
    reports (a reviewer can narrow them to one of the 23); ``ptc``: the 14 PTC labels.
    """
    if scheme not in ("semeval2023", "ptc"):
        raise InteropConfigError(
            f"unknown scheme {scheme!r} for the Label Studio config.",
            hint="Use --scheme semeval2023 (the 23 techniques) or --scheme ptc (14).",
        )
    labels = [(t.category, t.name, t.title) for t in taxonomy.techniques(scheme)]
    if scheme == "semeval2023":
        labels += [
            (t.category, t.name, f"{t.title} (unspun model class: narrow it if you can)")
            for t in taxonomy.techniques("ptc")
            if len(t.maps_to) > 1
        ]
    return labels


def narrative_labels() -> list[str]:
    """Every label the built-in narrative catalogues can give, ``Other`` labels included."""
    from unspun.detectors.narratives.catalogue import load_catalogues

    entries = load_catalogues().entries
    labels = ["Other"]
    for entry in entries:
        labels.append(entry.label)
        if entry.parent is None:
            labels.append(f"{entry.label}: Other")
    return labels


def _labels(name: str, items: list[tuple[str, str, str]], title: str) -> list[str]:
    lines = [f'  <Header value={quoteattr(title)} size="5"/>']
    lines.append(f'  <Labels name={quoteattr(name)} toName="{TEXT_NAME}" showInline="true">')
    for value, colour, hint in items:
        lines.append(
            f"    <Label value={quoteattr(value)} background={quoteattr(colour)} "
            f"hint={quoteattr(hint)}/>"
        )
    lines.append("  </Labels>")
    return lines


def labeling_config(scheme: str = "semeval2023", *, narratives: bool = True) -> str:
    """The labelling config XML for unspun's tasks (``unspun label-studio config``)."""
    labels = scheme_labels(scheme)
    lines = [
        "<View>",
        '  <Header value="Each flag is a pointer for a person to check, not a verdict." size="6"/>',
    ]
    for category in taxonomy.categories():
        items = [(name, category.color, title) for cat, name, title in labels if cat == category.id]
        if items:
            lines += _labels(technique_control(category.id), items, category.title)
    claims = [(c, _CLAIM_COLOUR, _CLAIM_HINTS.get(c, c)) for c in CLAIM_KINDS]
    lines += _labels(CLAIM_NAME, claims, "Check-worthy claims")
    sources = [(a, _ATTRIBUTION_COLOUR, _ATTRIBUTION_HINTS.get(a, a)) for a in ATTRIBUTION_KINDS]
    lines += _labels(ATTRIBUTION_NAME, sources, "Sources (attribution)")
    lines.append(f'  <Text name="{TEXT_NAME}" value="$text"/>')
    if narratives:
        lines.append('  <Header value="Narratives the whole text advances" size="5"/>')
        lines.append(
            f'  <Choices name="{NARRATIVE_NAME}" toName="{TEXT_NAME}" choice="multiple" '
            'showInline="false">'
        )
        lines += [f"    <Choice value={quoteattr(label)}/>" for label in narrative_labels()]
        lines.append("  </Choices>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"
