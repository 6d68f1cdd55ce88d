"""``unspun``: the command group. Each command lives in its own module."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from unspun.about import __version__
from unspun.cli.analyze import analyze_cli
from unspun.cli.batch import batch_cli, report_cli
from unspun.cli.classify import classify_cli
from unspun.cli.evaluate import eval_cli
from unspun.cli.interop import export_cli, import_cli, label_studio_cli
from unspun.cli.models import models_cli
from unspun.cli.narratives import narratives_cli
from unspun.cli.schema import schema_cli
from unspun.cli.serve import serve_cli
from unspun.cli.techniques import techniques
from unspun.cli.train import train_cli
from unspun.errors import UnspunError, printable


class UnspunGroup(click.Group):
    """Turns unspun's typed errors into a one-line message and their exit code: the only
    place where library errors meet the terminal."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnspunError as exc:
            click.echo(f"Error: {printable(str(exc))}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None
        except BrokenPipeError:
            raise click.exceptions.Exit(0) from None


@click.group(cls=UnspunGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
cli.add_command(classify_cli)
cli.add_command(train_cli)
cli.add_command(narratives_cli)
cli.add_command(models_cli)
cli.add_command(label_studio_cli)
cli.add_command(import_cli)
cli.add_command(export_cli)
cli.add_command(batch_cli)
cli.add_command(report_cli)
cli.add_command(serve_cli)


def keep_torch_out() -> None:
    """Stop spaCy's thinc from importing torch when the training extra installed it.

    thinc imports torch whenever it can, which adds seconds and hundreds of MB to a run
    that never uses it (unspun's models run on ONNX Runtime). The command line owns its
    process, so it blocks the import; set ``UNSPUN_ALLOW_TORCH=1`` to let it through.
    Library users who import unspun next to torch are not affected.
    """
    if "torch" not in sys.modules and not os.environ.get("UNSPUN_ALLOW_TORCH"):
        sys.modules["torch"] = None  # type: ignore[assignment]


def main() -> None:
    keep_torch_out()
    cli(prog_name="unspun")
