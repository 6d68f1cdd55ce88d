"""The Jinja2 environment of the HTML writers (autoescaped, strict) and inline assets."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from unspun.writers.html.safety import plain_controls, show_controls


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("unspun.writers", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["controls"] = show_controls
    env.filters["plain_controls"] = plain_controls
    return env


@lru_cache(maxsize=8)
def asset(name: str) -> str:
    """The text of a CSS or JS file from ``templates/``, to inline into a page."""
    loader = environment().loader
    assert loader is not None
    source = loader.get_source(environment(), name)[0]
    # Inlined verbatim: our own files must never be able to close their element.
    if "</style" in source.lower() or "</script" in source.lower():
        raise ValueError(f"{name} must not contain a closing style or script tag")
    return source
