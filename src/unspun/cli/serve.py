"""``unspun serve``: the HTTP API and web UI for a desk; ``unspun serve tokens ...``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from unspun.errors import require_extra
from unspun.serve.settings import Settings


def _settings(ctx: click.Context, **values: Any) -> Settings:
    merged = {k: v for k, v in {**ctx.params, **values}.items() if v is not None and v != ()}
    return Settings.from_env(**merged)


@click.group("serve", invoke_without_command=True)
@click.option("--host", default=None, help="Address to listen on. [default: 127.0.0.1]")
@click.option("--port", type=int, default=None, help="Port. [default: 8000]")
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the SQLite database. [default: ~/.local/share/unspun]",
)
@click.option(
    "--database",
    "database_url",
    default=None,
    metavar="URL",
    help="Database URL, e.g. postgresql://user:pass@host/db (default: SQLite in --data-dir).",
)
@click.option(
    "--token",
    "tokens",
    multiple=True,
    help="An API token clients may send (repeatable). Other users of the machine can see it "
    "in the process list: prefer `tokens create` or UNSPUN_SERVE_TOKENS.",
)
@click.option(
    "--allow-fetch/--no-fetch",
    default=None,
    help="Let users analyse a URL (public addresses only). [default: off]",
)
@click.option(
    "--cors-origin", "cors_origins", multiple=True, help="Allow browser calls from this origin."
)
@click.option(
    "--max-body-bytes", type=int, default=None, help="Largest request body. [default: 5 MB]"
)
@click.option(
    "--rate",
    "rate_per_minute",
    type=int,
    default=None,
    help="Requests per token per minute. [default: 120]",
)
@click.option(
    "--timeout",
    "analysis_timeout",
    type=float,
    default=None,
    help="Seconds one document may take. [default: 60]",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Pipeline config file (as for unspun analyze).",
)
@click.pass_context
def serve_cli(ctx: click.Context, **_: Any) -> None:
    """Run the HTTP API (/v1, reference at /docs) and the web UI for a verification desk.

    Listens on 127.0.0.1:8000 by default. Listening on another address needs API tokens
    (create one with `unspun serve tokens create NAME`). Settings can also come from
    UNSPUN_SERVE_* environment variables (UNSPUN_SERVE_DATABASE_URL, ...).
    """
    if ctx.invoked_subcommand is not None:
        return
    require_extra("uvicorn", "serve", "unspun serve")
    import uvicorn

    from unspun.serve.app import create_app

    settings = _settings(ctx)
    app = create_app(settings)  # opens and migrates the store, checks the exposure
    click.echo("unspun serve: loading the models…", err=True)
    app.state.service.analyser.warm()
    click.echo(
        f"unspun serve: http://{settings.host}:{settings.port}/ "
        f"(database: {app.state.service.store.dialect}; fetch: "
        f"{'on' if settings.allow_fetch else 'off'})",
        err=True,
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        timeout_keep_alive=5,
        limit_concurrency=200,
        server_header=False,
    )


def _tokens(ctx: click.Context) -> Any:
    require_extra("sqlalchemy", "serve", "unspun serve tokens")
    from unspun.serve.store import Store
    from unspun.serve.store.tokens import TokenStore

    assert ctx.parent is not None
    settings = _settings(ctx.parent)
    return TokenStore(Store(settings.url, data_dir=settings.data_dir).engine)


@serve_cli.group("tokens")
def tokens_cli() -> None:
    """Create, list and revoke API tokens (stored hashed in the server's database)."""


@tokens_cli.command("create")
@click.argument("name")
@click.pass_context
def create_token(ctx: click.Context, name: str) -> None:
    """Create a token called NAME and print it once (it cannot be shown again)."""
    assert ctx.parent is not None
    secret = _tokens(ctx.parent).create(name)
    click.echo(secret)
    click.echo(f"token {name!r} created; keep it secret, it is shown only now.", err=True)


@tokens_cli.command("list")
@click.pass_context
def list_tokens(ctx: click.Context) -> None:
    """List tokens: name, created, last used, revoked."""
    assert ctx.parent is not None
    for info in _tokens(ctx.parent).list():
        used = info.last_used_at.isoformat(timespec="seconds") if info.last_used_at else "never"
        state = "revoked" if info.revoked else "live"
        click.echo(f"{info.name}\t{state}\tcreated {info.created_at:%Y-%m-%d}\tlast used {used}")


@tokens_cli.command("revoke")
@click.argument("name")
@click.pass_context
def revoke_token(ctx: click.Context, name: str) -> None:
    """Revoke the token called NAME (it stops working within seconds)."""
    assert ctx.parent is not None
    _tokens(ctx.parent).revoke(name)
    click.echo(f"token {name!r} revoked", err=True)
