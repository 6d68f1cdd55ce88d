"""The Jinja2 environment of the HTML writers (autoescaped, strict) and inline assets."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined

from unspun.writers.html.safety import plain_controls, show_controls


def new_environment(loader: BaseLoader, **options: Any) -> Environment:
    """A Jinja environment as every unspun page uses one: autoescaped, strict about
    undefined names, block tags trimmed, and the direction-control filters ``controls``
    and ``plain_controls``. The report, the service's pages and the corpus report each
    build theirs here, with their own loader (and ``options`` such as ``finalize``)."""
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    env.filters["controls"] = show_controls
    env.filters["plain_controls"] = plain_controls
    return env


@lru_cache(maxsize=1)
def environment() -> Environment:
    return new_environment(PackageLoader("unspun.writers", "templates"))


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
