"""``unspun analyze``: read inputs, run the pipeline, write results.

Exit codes: 0 every document analysed; 1 some documents failed (each is reported);
2 bad usage or configuration; 3 no document could be analysed; 4 a model or resource is
missing; 5 the output could not be written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pydantic import ValidationError
from tqdm import tqdm

import unspun
from unspun.cli.options import (
    config_option,
    encoding_option,
    input_format_option,
    max_bytes_option,
)
from unspun.cli.progress import estimate_total
from unspun.errors import ConfigError, describe_validation, printable
from unspun.model.record import RunSummary
from unspun.pipeline.config import PipelineConfig, load_config
from unspun.pipeline.pipeline import Outcome, Pipeline
from unspun.pipeline.registry import get_factory
from unspun.readers import ReadOptions
from unspun.taxonomy.patterns import check_catalogue_anchors
from unspun.writers import format_for_output, writer_formats

EXIT_PARTIAL = 1
EXIT_NOTHING = 3


def _output_format(fmt: str | None, output: Path | None) -> str:
    return fmt or format_for_output(output)


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(writer_formats()),
    default=None,
    help="Output format. Default: from the -o suffix (a folder means html), else jsonl.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file, or folder for html reports of several documents. Default: stdout.",
)
@click.option("--lang", default=None, help="Treat every document as this language (ISO 639-1).")
@config_option
@click.option(
    "--components", default=None, help="Comma-separated pipeline components, overriding the config."
)
@input_format_option
@click.option("--id-field", default="id", help="Record field that holds the document id.")
@click.option("--text-field", default="text", help="Record field that holds the text.")
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=COLUMN",
    help="Other record fields: title, lang, url, date, source (e.g. --field title=headline).",
)
@encoding_option
@max_bytes_option
@click.option(
    "--glob",
    "globs",
    multiple=True,
    help="File name patterns read from folders (repeatable; default: all supported types).",
)
@click.option("--no-recursive", is_flag=True, help="Do not descend into sub-folders.")
@click.option("--batch-size", type=int, default=None, help="Documents per model batch.")
@click.option(
    "--max-chars",
    type=int,
    default=None,
    help="Longest document analysed, in characters (default 2,000,000).",
)
@click.option(
    "--timeout",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Time budget per document: a document that takes longer is reported as failed "
    "(E602) and the run goes on with the next one. Default: no limit. Interrupts the "
    "document (SIGALRM in the main thread) without ending the process; a batch runs under "
    "one document's budget and, if over, again one document at a time.",
)
@click.option(
    "--sheet",
    type=click.Choice(["findings", "claims"]),
    default="findings",
    help="CSV only: every finding, or the claims sheet for a fact-checking desk's tracker.",
)
@click.option(
    "--catalogue",
    "catalogues",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A narrative catalogue (YAML) to match besides the built-in ones (repeatable).",
)
@click.option("--no-text", is_flag=True, help="Leave the document text out of JSON outputs.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def analyze_cli(
    paths: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    lang: str | None,
    config_path: Path | None,
    components: str | None,
    input_format: str,
    id_field: str,
    text_field: str,
    fields: tuple[str, ...],
    encoding: str | None,
    max_bytes: int,
    globs: tuple[str, ...],
    no_recursive: bool,
    batch_size: int | None,
    max_chars: int | None,
    timeout: float | None,
    sheet: str,
    catalogues: tuple[Path, ...],
    no_text: bool,
    quiet: bool,
) -> None:
    """Analyse PATHS (files, folders, or - for stdin) and write the findings.

    \b
    Examples:
      unspun analyze article.txt -o report.html
      unspun analyze articles/ --format jsonl -o findings.jsonl
      cat posts.jsonl | unspun analyze - --text-field body --format csv
    """
    fmt = _output_format(fmt, output)
    if fmt in {"html", "parquet"} and output is None:
        raise ConfigError(f"--format {fmt} writes files.", hint="Give an output path with -o.")
    config = load_config(
        config_path,
        components=[c.strip() for c in components.split(",") if c.strip()] if components else None,
        batch_size=batch_size,
        max_chars=max_chars,
        timeout=timeout,
    )
    if lang:
        config.set("language", "force", lang)
    if catalogues:
        if "narratives" not in config.pipeline.components:
            raise ConfigError(
                "--catalogue needs the narratives component, which this pipeline leaves out.",
                hint="Add 'narratives' to --components or to the config's component list.",
            )
        known = list(config.settings("narratives").get("catalogues", []))
        config.set("narratives", "catalogues", known + [str(c) for c in catalogues])
    options = _read_options(
        input_format, id_field, text_field, fields, encoding, max_bytes, globs, no_recursive
    )
    for name in config.pipeline.components:  # unknown components fail before any reading
        get_factory(config.factory_name(name))
    check_catalogue_anchors(config)
    summary = run(
        paths, options, config, fmt, output, include_text=not no_text, quiet=quiet, sheet=sheet
    )
    if not quiet:
        _print_summary(summary)
    if summary.analysed == 0:
        if summary.documents and not quiet:
            click.echo("nothing could be analysed: no input held readable text", err=True)
        sys.exit(EXIT_NOTHING)
    if summary.failed:
        sys.exit(EXIT_PARTIAL)


_FIELDS = ("title", "lang", "url", "date", "source")


def _read_options(
    input_format: str,
    id_field: str,
    text_field: str,
    fields: tuple[str, ...],
    encoding: str | None,
    max_bytes: int,
    globs: tuple[str, ...],
    no_recursive: bool,
) -> ReadOptions:
    settings: dict[str, object] = {
        "format": input_format,
        "id_field": id_field,
        "text_field": text_field,
        "encoding": encoding,
        "max_bytes": max_bytes,
        "recursive": not no_recursive,
    }
    if globs:
        settings["glob"] = tuple(globs)
    for item in fields:
        name, sep, column = item.partition("=")
        if not sep or name not in _FIELDS or not column:
            raise ConfigError(
                f"--field {item!r} is not NAME=COLUMN with NAME one of {', '.join(_FIELDS)}.",
                hint="For example: --field title=headline",
            )
        settings[f"{name}_field"] = column
    try:
        return ReadOptions.model_validate(settings)
    except ValidationError as exc:
        raise ConfigError(f"invalid input options: {describe_validation(exc)}.") from None


def run(
    paths: tuple[str, ...],
    options: ReadOptions,
    pipeline: Pipeline | PipelineConfig,
    fmt: str,
    output: Path | None,
    *,
    include_text: bool,
    quiet: bool,
    sheet: str = "findings",
) -> RunSummary:
    """The library's :func:`unspun.run`, with a progress bar and skip messages."""
    total = None if quiet else estimate_total(paths, options)
    bar = tqdm(
        total=total,
        unit="doc",
        disable=quiet or (total is not None and total < 2),
        file=sys.stderr,
        dynamic_ncols=True,
    )

    def progress(outcome: Outcome) -> None:
        bar.update(1)
        if outcome.failure is not None and not quiet:
            bar.write(f"skipped: {printable(str(outcome.failure.error))}", file=sys.stderr)

    try:
        summary = unspun.run(
            paths,
            output,
            format=fmt,
            pipeline=pipeline if isinstance(pipeline, Pipeline) else None,
            config=pipeline if isinstance(pipeline, PipelineConfig) else None,
            read_options=options,
            include_text=include_text,
            sheet=sheet,
            progress=progress,
        )
    finally:
        bar.close()
    if not quiet and summary.outputs and output is not None:
        click.echo(f"wrote {len(summary.outputs)} file(s) to {output}", err=True)
    return summary


def _print_summary(summary: RunSummary) -> None:
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(summary.findings.items())) or "none"
    click.echo(
        f"analysed {summary.analysed} of {summary.documents} document(s)"
        f"{f' ({summary.failed} failed)' if summary.failed else ''} in {summary.seconds:.1f} s; "
        f"findings: {kinds}",
        err=True,
    )
