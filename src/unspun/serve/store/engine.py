"""Open the database named by the settings and bring its schema to the newest migration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from unspun.serve.errors import ServeConfigError, StoreError

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys make deletes cascade to facets; WAL lets readers run beside a writer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, data_dir: Path | None = None) -> Engine:
    """An engine for ``url`` (SQLite files get their folder created and safe pragmas)."""
    try:
        if url.startswith("sqlite"):
            if data_dir is not None:
                try:
                    data_dir.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise ServeConfigError(
                        f"cannot create the data directory {str(data_dir)!r}: {exc.strerror}",
                        hint="Pass --data-dir with a folder you may write to.",
                    ) from None
            engine = create_engine(url, connect_args={"check_same_thread": False})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise ServeConfigError(
            f"cannot use the database URL: {type(exc).__name__}: {exc}",
            hint="Use sqlite:///path/to/file.db or postgresql://user:password@host/dbname.",
        ) from None


def alembic_config(engine_connection: Any) -> Any:
    """An Alembic config pointing at the shipped migrations and an open connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = engine_connection
    return config


def migrate(engine: Engine, revision: str = "head", *, down: bool = False) -> None:
    """Upgrade the schema to ``revision`` (idempotent; one transaction), or with ``down``
    downgrade it (``"base"``: drop everything)."""
    from alembic import command

    step = command.downgrade if down else command.upgrade
    try:
        with engine.begin() as connection:
            step(alembic_config(connection), revision)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot open or upgrade the database: {_first_line(exc)}",
            hint="Check that the database server runs and that the URL, user and password "
            "are right.",
        ) from None


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None: not created yet)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
