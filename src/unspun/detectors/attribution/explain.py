"""The sentences unspun shows next to an attribution flag (written by us)."""

from __future__ import annotations

_TEMPLATES = {
    "named": (
        "Attributed to a named source ({phrase}). A reader can look the source up and compare "
        "the wording with the original statement."
    ),
    "official": (
        "Attributed to an official role or institution ({phrase}) rather than a person. Check "
        "the official record, statement or release it refers to."
    ),
    "anonymous": (
        "The source ({phrase}) is deliberately left unnamed. The claim rests on the outlet's "
        "trust in someone readers cannot identify or question."
    ),
    "vague": (
        "The source ({phrase}) is too loosely described to identify: it names no person, "
        "body or document, so nobody can check who said this or on what evidence."
    ),
    "crowd": (
        "{phrase} is a crowd, not a source: how many people supposedly say or believe "
        "something is offered in place of anyone who could be asked, and it says nothing "
        "about whether the claim is true."
    ),
    "label": (
        "{phrase} is a label, not a source. The word names a whole group with a pejorative "
        "tag (name calling) and points to nobody who could be asked, so the claim it "
        "introduces is in effect unsourced."
    ),
}


def explain(kind: str, phrase: str) -> str:
    shown = phrase if len(phrase) <= 80 else phrase[:77] + "..."
    text = _TEMPLATES[kind].format(phrase=f"\u201c{shown}\u201d")
    return text[0].upper() + text[1:]
