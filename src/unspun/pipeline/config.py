"""Pipeline configuration: which components, in which order, with which settings.

A config file is TOML::

    [pipeline]
    components = ["language", "segment", "attribution"]
    batch_size = 32

    [components.attribution]
    factory = "unspun.attribution.v1"   # optional; default is unspun.<name>.v1
    min_score = 0.3
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from unspun.errors import ConfigError, describe_validation

DEFAULT_COMPONENTS = [
    "language",
    "segment",
    "attribution",
    "claims",
    "techniques",
    "techniques_multilingual",
    "loaded_vocabulary",
    "narratives",
]


class ComponentConfig(BaseModel):
    model_config = ConfigDict(extra="allow")

    factory: str | None = None

    def settings(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class PipelineSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    components: list[str] = Field(default_factory=lambda: list(DEFAULT_COMPONENTS))
    batch_size: int = Field(default=32, ge=1, le=4096)
    max_chars: int = Field(default=2_000_000, ge=1)
    #: Seconds one document may take (None: no limit); see ``unspun.runtime.budget``.
    timeout: float | None = Field(default=None, gt=0)


class PipelineConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pipeline: PipelineSection = Field(default_factory=PipelineSection)
    components: dict[str, ComponentConfig] = Field(default_factory=dict)

    def factory_name(self, name: str) -> str:
        cfg = self.components.get(name)
        if cfg is not None and cfg.factory:
            return cfg.factory
        return f"unspun.{name}.v1"

    def settings(self, name: str) -> dict[str, Any]:
        cfg = self.components.get(name)
        return cfg.settings() if cfg is not None else {}

    def set(self, name: str, key: str, value: Any) -> None:
        """Set one component setting (what a CLI flag such as --lang does)."""
        cfg = self.components.setdefault(name, ComponentConfig())
        setattr(cfg, key, value)


def load_config(path: str | Path | None = None, **overrides: Any) -> PipelineConfig:
    """Read a TOML config (or the defaults) and apply ``pipeline`` overrides."""
    data: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {str(p)!r} does not exist.") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"config file {str(p)!r} is not valid TOML: {exc}.",
                hint="See docs/configuration.md for the format.",
            ) from None
    section = dict(data.get("pipeline", {}))
    section.update({k: v for k, v in overrides.items() if v is not None})
    data["pipeline"] = section
    try:
        return PipelineConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(
            f"invalid configuration: {describe_validation(exc)}.",
            hint="See docs/configuration.md for the format.",
        ) from None
