"""Markdown: the text is the Markdown source as given; the title comes from front matter or
the first level-one heading. ``meta["body_start"]`` is where the text after front matter
begins, for components that want to skip it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from unspun.model import Document
from unspun.readers.documents import build_document, normalise_lang, require_text, to_jsonable
from unspun.readers.options import ReadOptions

_FRONT_MATTER = re.compile(
    r"\ufeff?(?P<fence>---|\+\+\+)[ \t]*\r?\n(?P<body>.*?)(?:\r?\n)?^(?:---|\.\.\.|\+\+\+)"
    r"[ \t]*(?:\r?\n|\Z)",
    re.S | re.M,
)
_TOML_STRING = re.compile(r"""^(\w+)\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*$""", re.M)
_ATX_H1 = re.compile(r" {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases: an alias bomb would expand exponentially in meta."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases are not allowed in front matter")
        return super().compose_node(parent, index)


def parse_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """Front matter (YAML between ``---`` lines, or TOML ``key = "value"`` lines between
    ``+++``) as a dict, and the offset where the body starts (0 when there is none)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    body = match.group("body")
    if match.group("fence") == "+++":
        pairs = {m.group(1): m.group(2) or m.group(3) or "" for m in _TOML_STRING.finditer(body)}
        return pairs, match.end()
    try:
        data = yaml.load(body, Loader=_FrontMatterLoader) if body.strip() else {}
    except (yaml.YAMLError, RecursionError):
        return {}, 0
    # Text between two horizontal rules is not front matter.
    return (data, match.end()) if isinstance(data, dict) else ({}, 0)


def first_heading(text: str) -> str | None:
    """The first level-one heading (``# Title`` or ``Title`` over ``===``), outside code."""
    in_code = False
    previous = ""
    for line in text.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code:
            atx = _ATX_H1.fullmatch(line)
            if atx and atx.group(1).strip():
                return atx.group(1).strip()
            if previous.strip() and _SETEXT_H1.fullmatch(line):
                return previous.strip()
        previous = "" if in_code else line
    return None


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    if isinstance(value, list):
        return tuple(str(item).strip() for item in value if str(item).strip())
    return ()


def _text_field(value: Any) -> str | None:
    if value is None:
        return None
    return str(to_jsonable(value)).strip() or None


def read_markdown_document(
    text: str,
    doc_id: str,
    *,
    path: str | None = None,
    locator: str | None = None,
    options: ReadOptions | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Document:
    """A document whose text is the Markdown source ``text``, unchanged.

    Raises :class:`~unspun.errors.EmptyInputError` when the text, or all of it after the
    front matter, is empty.
    """
    options = options or ReadOptions()
    front, body_start = parse_front_matter(text)
    require_text(text[body_start:], source=locator, what="the Markdown text", hint="add text")
    notes: dict[str, Any] = dict(meta or {})
    if body_start:
        notes["body_start"] = body_start
        notes["front_matter"] = to_jsonable(front)
    title = _text_field(front.get("title")) or first_heading(text[body_start:])
    return build_document(
        locator=locator,
        id=doc_id,
        text=text,
        title=title,
        lang=normalise_lang(front.get("lang") or front.get("language")) or options.default_lang,
        url=_text_field(front.get("url")),
        date=_text_field(front.get("date")),
        authors=_authors(front.get("authors", front.get("author"))),
        path=path,
        meta=notes,
    )
