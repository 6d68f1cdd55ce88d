"""Untrusted text into HTML: script data, links, direction controls, nonces, file names.

Everything in a record (article text, title, metadata, labels, explanations, attrs) is
untrusted. Templates autoescape; these helpers cover what escaping alone does not.
"""

from __future__ import annotations

import json
import re
import secrets
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")

#: Explicit direction embeddings, overrides and isolates (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}
_BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: Languages written right to left (ISO 639-1).
RTL_LANGS = frozenset({"ar", "arc", "dv", "fa", "he", "iw", "ku", "ps", "sd", "ug", "ur", "yi"})


def json_for_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(_SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text))


def safe_href(url: str | None) -> str | None:
    """``url`` if it may become a link (absolute http or https), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _control_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'DIRECTION CONTROL')}"


def show_controls(text: str) -> Markup:
    """Escape ``text`` and replace each direction control by a visible, inert marker.

    The marker's glyph comes from CSS (``.ctl::before``), so the control neither acts
    nor ends up in copied text; the title names the character.
    """
    out: list[str] = []
    last = 0
    for match in _BIDI_RE.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        char = match.group()
        out.append(
            f'<span class="ctl" data-ctl="{BIDI_CONTROLS[char]}" '
            f'title="{_control_name(char)} (hidden direction control)"></span>'
        )
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def plain_controls(text: str) -> str:
    """``text`` with each direction control spelled out as ``[RLO]`` (for plain-text use)."""
    return _BIDI_RE.sub(lambda m: f"[{BIDI_CONTROLS[m.group()]}]", text)


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def content_security_policy(nonce: str | None) -> str:
    """The report's policy: nothing loads from anywhere; only our nonce'd script runs."""
    script = f"'nonce-{nonce}'" if nonce else "'none'"
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src {script}; img-src data:; base-uri 'none'; form-action 'none'"
    )


def text_direction(lang: str | None) -> str:
    if lang and lang.lower().split("-")[0] in RTL_LANGS:
        return "rtl"
    return "ltr"
