"""Settings of ``unspun serve``: where data lives, who may call, how much they may send.

Every setting has a safe default for one person on one laptop: SQLite under the data
directory, loopback only, fetching off, CORS off. ``Settings.from_env()`` reads
``UNSPUN_SERVE_<NAME>`` environment variables (``UNSPUN_SERVE_DATABASE_URL``, ...); the
CLI flags override them.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from unspun.errors import describe_validation
from unspun.serve.errors import ServeConfigError, TokenRequiredError

ENV_PREFIX = "UNSPUN_SERVE_"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/unspun`` (``~/.local/share/unspun``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "unspun"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a bind address) is reachable only from this machine."""
    if host.strip("[]").lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Settings(BaseModel):
    """Everything the app factory needs. Unknown fields are an error, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL (postgresql://user@host/db); None: SQLite in data_dir.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    tokens: tuple[str, ...] = Field(
        default=(), description="API tokens given on the command line (kept hashed in memory)."
    )
    require_token: bool | None = Field(
        default=None,
        description="Ask for a token on every request; default: when tokens exist or the "
        "server listens beyond loopback.",
    )
    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    body_timeout: float = Field(
        default=30.0, gt=0, description="Longest wait for the next piece of a request body."
    )
    max_batch: int = Field(default=50, ge=1, le=10_000)
    rate_per_minute: int = Field(default=120, ge=1, description="Requests per token per minute.")
    analysis_timeout: float = Field(default=60.0, gt=0)
    queue_timeout: float = Field(
        default=120.0, gt=0, description="Longest wait for the analyses before a request."
    )
    allow_fetch: bool = False
    fetch_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    fetch_timeout: float = Field(default=15.0, gt=0)
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)
    fetch_allow_networks: tuple[str, ...] = Field(
        default=(),
        description="Networks fetching may reach although they are private (an intranet CMS).",
    )
    cors_origins: tuple[str, ...] = ()
    config: Path | None = Field(default=None, description="Pipeline config file.")

    @field_validator("fetch_allow_networks")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            ipaddress.ip_network(item, strict=False)
        return value

    @classmethod
    def build(cls, **values: Any) -> Settings:
        """Settings from keyword values; an invalid one raises :class:`ServeConfigError`."""
        try:
            return cls(**{k: v for k, v in values.items() if v is not None})
        except ValidationError as exc:
            raise ServeConfigError(
                f"invalid server settings: {describe_validation(exc, 'settings')}",
                hint="Run `unspun serve --help` for the accepted values.",
            ) from None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``UNSPUN_SERVE_*`` variables, then ``overrides`` (not None)."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is None:
                continue
            is_tuple = "tuple" in str(field.annotation)
            values[name] = (
                tuple(p.strip() for p in raw.split(",") if p.strip()) if is_tuple else raw
            )
        values.update({k: v for k, v in overrides.items() if v is not None and v != ()})
        return cls.build(**values)

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "unspun.db"

    @property
    def url(self) -> str:
        """The database URL in the form SQLAlchemy needs (psycopg 3 for PostgreSQL)."""
        if self.database_url is None:
            return f"sqlite:///{self.sqlite_path}"
        url = self.database_url
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    def tokens_required(self, stored_tokens: int) -> bool:
        """Whether requests must carry a token, given how many tokens the store holds."""
        if self.require_token is not None:
            return self.require_token
        return bool(self.tokens) or stored_tokens > 0 or not is_loopback(self.host)

    def check_exposure(self, stored_tokens: int) -> None:
        """Refuse to listen beyond loopback without any token (or with tokens off)."""
        if is_loopback(self.host):
            return
        if self.require_token is False or not (self.tokens or stored_tokens):
            raise TokenRequiredError(
                f"the server would listen on {self.host}, beyond this machine, without API tokens",
                hint="Create one with `unspun serve tokens create NAME` (or pass --token), "
                "or listen on 127.0.0.1.",
            )
