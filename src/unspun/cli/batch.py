"""``unspun batch`` (a resumable corpus run) and ``unspun report`` (its dashboard).

Exit codes of ``batch``: 0 every document analysed; 1 some failed (each is in the
documents table and the manifest); 2 bad usage, a refused resume or a locked run folder;
3 no document could be analysed; 4 a model, or Ray, is missing; 5 the run folder could
not be written; 70 a worker or the cluster failed (run the same command to resume).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pydantic import ValidationError
from tqdm import tqdm

from unspun.batch import BatchOptions, BatchSummary, DedupOptions, run_batch
from unspun.batch.errors import BatchOptionError
from unspun.cli.options import (
    config_option,
    encoding_option,
    input_format_option,
    max_bytes_option,
)
from unspun.cli.progress import estimate_total
from unspun.errors import describe_validation
from unspun.pipeline.config import load_config
from unspun.pipeline.registry import get_factory
from unspun.readers import ReadOptions

EXIT_PARTIAL, EXIT_NOTHING = 1, 3


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "run_dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Run folder: tables, manifest and journal (created; reused to resume).",
)
@click.option(
    "--workers",
    type=int,
    default=1,
    show_default=True,
    help="Worker processes (local) or actors (ray), each with its own models.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where documents are analysed: this machine, or a Ray cluster.",
)
@click.option(
    "--ray-address",
    default=None,
    metavar="ADDRESS",
    help="Join this Ray cluster ('auto', or ray://HEAD:10001). Default: start a local one.",
)
@click.option(
    "--restart",
    is_flag=True,
    help="Delete what the run folder holds from an earlier run and start over.",
)
@click.option(
    "--dedup/--no-dedup",
    default=True,
    show_default=True,
    help="Group near-duplicate documents so that statistics count a story once.",
)
@click.option(
    "--dedup-threshold",
    type=float,
    default=0.8,
    show_default=True,
    help="Estimated word-shingle Jaccard similarity that makes two documents copies.",
)
@click.option(
    "--chunk-size",
    type=int,
    default=500,
    show_default=True,
    help="Documents per committed chunk (what a kill can cost at most, per worker).",
)
@click.option(
    "--batch-size",
    type=int,
    default=16,
    show_default=True,
    help="Documents sent to a worker at a time.",
)
@input_format_option
@click.option("--id-field", default="id", show_default=True, help="Record field with the id.")
@click.option("--text-field", default="text", show_default=True, help="Record field with the text.")
@click.option("--title-field", default="title", show_default=True, help="Record field: title.")
@click.option(
    "--source-field", default="source", show_default=True, help="Record field: outlet or publisher."
)
@click.option(
    "--date-field",
    default="date",
    show_default=True,
    help="Record field: publication date (ISO 8601 or a common written form).",
)
@click.option(
    "--author-field",
    default="author",
    show_default=True,
    help="Record field: author(s), a string or a list.",
)
@click.option("--url-field", default="url", show_default=True, help="Record field: URL.")
@click.option(
    "--lang-field", default="lang", show_default=True, help="Record field: language (ISO 639-1)."
)
@click.option("--lang", default=None, help="Treat every document as this language.")
@encoding_option
@max_bytes_option
@click.option("--glob", "globs", multiple=True, help="File name patterns read from folders.")
@config_option
@click.option("--components", default=None, help="Comma-separated pipeline components.")
@click.option(
    "--timeout",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Time budget per document; a slower one is a failure (E602).",
)
@click.option("--no-text", is_flag=True, help="Leave document texts out of the tables.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def batch_cli(
    inputs: tuple[str, ...],
    run_dir: Path,
    workers: int,
    engine: str,
    ray_address: str | None,
    restart: bool,
    dedup: bool,
    dedup_threshold: float,
    chunk_size: int,
    batch_size: int,
    input_format: str,
    id_field: str,
    text_field: str,
    title_field: str,
    source_field: str,
    date_field: str,
    author_field: str,
    url_field: str,
    lang_field: str,
    lang: str | None,
    encoding: str | None,
    max_bytes: int,
    globs: tuple[str, ...],
    config_path: Path | None,
    components: str | None,
    timeout: float | None,
    no_text: bool,
    quiet: bool,
) -> None:
    """Analyse a corpus (INPUTS: JSONL, CSV, Parquet, HTML, text files or folders) into
    Parquet tables in a run folder. Killed or stopped, the same command resumes it.

    \b
    Examples:
      unspun batch feed.jsonl -o runs/feed --workers 2
      unspun batch archive/ -o runs/archive --engine ray --ray-address auto
      unspun report runs/feed
    """
    config = load_config(
        config_path,
        components=[c.strip() for c in components.split(",") if c.strip()] if components else None,
        timeout=timeout,
    )
    if lang:
        config.set("language", "force", lang)
    for name in config.pipeline.components:  # an unknown component fails before reading
        get_factory(config.factory_name(name))
    try:
        read = ReadOptions.model_validate(
            {
                "format": input_format,
                "id_field": id_field,
                "text_field": text_field,
                "title_field": title_field,
                "source_field": source_field,
                "date_field": date_field,
                "url_field": url_field,
                "lang_field": lang_field,
                "encoding": encoding,
                "max_bytes": max_bytes,
                **({"glob": tuple(globs)} if globs else {}),
            }
        )
        options = BatchOptions(
            inputs=inputs,
            run_dir=run_dir,
            read=read,
            config=config,
            author_field=author_field,
            include_text=not no_text,
            dedup=DedupOptions(enabled=dedup, threshold=dedup_threshold),
            engine=engine,
            workers=workers,
            chunk_size=chunk_size,
            batch_size=batch_size,
            restart=restart,
            ray_address=ray_address,
        )
    except ValidationError as exc:
        raise BatchOptionError(
            f"invalid option: {describe_validation(exc)}", hint="See unspun batch --help."
        ) from None
    summary = _run(options, quiet)
    if not quiet:
        _print_summary(summary)
    if summary.analysed == 0:
        sys.exit(EXIT_NOTHING)
    if summary.failed:
        sys.exit(EXIT_PARTIAL)


def _run(options: BatchOptions, quiet: bool) -> BatchSummary:
    total = None if quiet else estimate_total(options.inputs, options.read)
    bar = tqdm(
        total=total, unit="doc", disable=quiet, file=sys.stderr, dynamic_ncols=True, smoothing=0.05
    )

    def on_start(done: int) -> None:
        if done:
            bar.write(f"resuming: {done} document(s) already committed", file=sys.stderr)
            bar.initial = bar.n = done  # the rate and ETA count only this session's pace
            bar.refresh()

    try:
        return run_batch(options, progress=bar.update, on_start=on_start)
    finally:
        bar.close()


def _print_summary(summary: BatchSummary) -> None:
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(summary.findings.items())) or "none"
    click.echo(
        f"{summary.documents} document(s): {summary.analysed} analysed, {summary.failed} "
        f"failed; {summary.stories} stories ({summary.duplicates} near-duplicate copies); "
        f"findings: {kinds}; this session analysed {summary.session_documents} in "
        f"{summary.seconds:.1f} s",
        err=True,
    )
    click.echo(f"tables in {summary.run_dir}; dashboard: unspun report {summary.run_dir}", err=True)


@click.command("report")
@click.argument("run_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="HTML file to write. Default: RUN_DIR/report.html.",
)
@click.option(
    "--top",
    type=click.IntRange(1, 1000),
    default=25,
    show_default=True,
    help="Rows in each ranked table.",
)
def report_cli(run_dir: Path, output: Path | None, top: int) -> None:
    """Write the corpus dashboard of RUN_DIR (a folder 'unspun batch' wrote): one HTML file
    that loads nothing from the network."""
    from unspun.batch.report import build_report

    click.echo(f"wrote {build_report(run_dir, output, top=top)}", err=True)
