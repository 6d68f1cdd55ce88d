"""``unspun``: the command group. Each command lives in its own module."""

from __future__ import annotations

import sys

import click

from unspun.about import __version__
from unspun.cli.analyze import analyze_cli
from unspun.cli.evaluate import eval_cli
from unspun.cli.schema import schema_cli
from unspun.cli.techniques import techniques
from unspun.errors import UnspunError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="unspun")
def cli() -> None:
    """unspun shows where a text persuades instead of informing.

    It points at techniques, sources and claims for a human to check; it never rules on
    whether a text is true.
    """


cli.add_command(analyze_cli)
cli.add_command(techniques)
cli.add_command(schema_cli)
cli.add_command(eval_cli)


def main() -> None:
    try:
        cli(standalone_mode=False)
    except UnspunError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
