"""Registry of component factories under versioned names.

Built-ins are registered in ``unspun.registrations`` exactly as a plugin would register
its own; third-party packages register through the ``unspun_components`` entry-point
group. Importing an implementation module never registers anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import catalogue

from unspun.errors import UnknownComponentError
from unspun.pipeline.component import Component

Factory = Callable[..., Component]

components = catalogue.create("unspun", "components", entry_points=True)

#: Which built-in component assigns each product a component may require (for the hint
#: of a pipeline that lacks a producer). Kept in step with the components' ``assigns``
#: by a test.
BUILTIN_PROVIDERS: dict[str, str] = {
    "lang": "language",
    "paragraphs": "segment",
    "sentences": "segment",
    "findings:attribution": "attribution",
    "attribution:sentences": "attribution",
    "findings:claim": "claims",
    "findings:technique": "techniques",
    "findings:narrative": "narratives",
    "narratives": "narratives",
}


def register_component(name: str, func: Factory | None = None) -> Any:
    """Register a component factory under a versioned name like ``unspun.segment.v1``."""
    return components.register(name, func=func)


def get_factory(name: str) -> Factory:
    _ensure_builtins()
    try:
        factory: Factory = components.get(name)
    except catalogue.RegistryError:
        available = ", ".join(sorted(components.get_all()))
        raise UnknownComponentError(
            f"no component factory is registered as {name!r}.",
            hint=f"Available factories: {available}. Plugins register through the "
            "'unspun_components' entry-point group.",
        ) from None
    return factory


def available_factories() -> list[str]:
    _ensure_builtins()
    return sorted(components.get_all())


def _ensure_builtins() -> None:
    import unspun.registrations  # noqa: F401  (registers the built-in factories)
