"""API tokens: random secrets shown once, kept only as SHA-256 digests.

A token is 32 random bytes (``secrets.token_urlsafe``): far too much entropy for a fast
hash to be a weakness, so no slow password hash is needed; lookups compare digests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from pydantic import BaseModel
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from unspun.serve.errors import InvalidRequestError, UnknownTokenError
from unspun.serve.store.tables import tokens

PREFIX = "unspun_"


class TokenInfo(BaseModel):
    """A token as listed: never its secret."""

    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked: bool


def digest(secret: str) -> str:
    """The SHA-256 hex digest a token is stored as."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


class TokenStore:
    """Create, check, list and revoke tokens in the store's ``tokens`` table."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def create(self, name: str) -> str:
        """A new token named ``name``; the secret is returned once and never stored."""
        name = name.strip()
        if not name or len(name) > 128:
            raise InvalidRequestError(
                "a token needs a name of 1 to 128 characters",
                hint="Name it after the person or system that will use it.",
            )
        secret = new_secret()
        now = dt.datetime.now(dt.UTC)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(tokens).values(name=name, digest=digest(secret), created_at=now)
                )
        except IntegrityError:
            raise InvalidRequestError(
                f"a token named {name!r} exists already",
                hint="Pick another name, or revoke the old token first.",
            ) from None
        return secret

    def check(self, secret: str) -> str | None:
        """The name of the live token ``secret`` is, else None (last use is recorded)."""
        with self.engine.begin() as conn:
            row = conn.execute(
                select(tokens.c.id, tokens.c.name).where(
                    tokens.c.digest == digest(secret), tokens.c.revoked_at.is_(None)
                )
            ).first()
            if row is None:
                return None
            conn.execute(
                update(tokens)
                .where(tokens.c.id == row.id)
                .values(last_used_at=dt.datetime.now(dt.UTC))
            )
        return str(row.name)

    def revoke(self, name: str) -> None:
        """Revoke the token named ``name`` (it stops working at once)."""
        with self.engine.begin() as conn:
            done = conn.execute(
                update(tokens)
                .where(tokens.c.name == name, tokens.c.revoked_at.is_(None))
                .values(revoked_at=dt.datetime.now(dt.UTC))
            ).rowcount
        if not done:
            raise UnknownTokenError(
                f"no live token is named {name!r}",
                hint="List them with `unspun serve tokens list`.",
            )

    def live_count(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(tokens).where(tokens.c.revoked_at.is_(None))
                ).scalar()
                or 0
            )

    def list(self) -> list[TokenInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(tokens).order_by(tokens.c.created_at)).all()
        return [
            TokenInfo(
                name=r.name,
                created_at=r.created_at,
                last_used_at=r.last_used_at,
                revoked=r.revoked_at is not None,
            )
            for r in rows
        ]
