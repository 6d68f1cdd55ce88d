"""``unspun label-studio``, ``unspun import`` and ``unspun export``: the annotation tools
and shared-task files, in and out (library code in :mod:`unspun.interop`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from unspun.model.record import AnalysisRecord
from unspun.writers import writer_formats

_OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Records JSONL to write (default: standard output).",
)


def _write(records: Iterable[AnalysisRecord], output: Path | None) -> None:
    """Write records as JSONL and say on stderr what was written."""
    from unspun.interop.records import write_records

    kinds: Counter[str] = Counter()

    def counted(items: Iterable[AnalysisRecord]) -> Iterator[AnalysisRecord]:
        for record in items:
            kinds.update(f.kind for f in record.findings)
            yield record

    n = write_records(counted(records), output)
    found = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"
    where = f" to {output}" if output else ""
    click.echo(f"wrote {n} record(s){where}; labelled spans: {found}", err=True)


# --- unspun label-studio ---------------------------------------------------------------------


@click.group("label-studio")
def label_studio_cli() -> None:
    """Label Studio: the labelling config, and tasks in and out through its API.

    Tasks with predictions: unspun analyze ... --format label-studio -o tasks.json.
    Reviewed labels back: unspun import label-studio EXPORT.json -o records.jsonl
    (or 'unspun label-studio pull', straight from the server).
    """


@label_studio_cli.command("config")
@click.option(
    "--scheme",
    type=click.Choice(["semeval2023", "ptc"]),
    default="semeval2023",
    show_default=True,
    help="Technique labels: the 23 SemEval-2023 techniques (what unspun reports) or the "
    "14 PTC ones.",
)
@click.option("--no-narratives", is_flag=True, help="Leave out the narrative choices.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the XML here (default: standard output).",
)
def config_cli(scheme: str, no_narratives: bool, output: Path | None) -> None:
    """Print the labelling config XML (paste it into the project's Labeling Setup)."""
    from unspun.interop.label_studio import labeling_config

    xml = labeling_config(scheme, narratives=not no_narratives)
    if output is None:
        click.echo(xml, nl=False)
    else:
        output.write_text(xml, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


_URL = click.option(
    "--url",
    envvar="LABEL_STUDIO_URL",
    required=True,
    help="Label Studio's address, e.g. http://localhost:8080 (or LABEL_STUDIO_URL).",
)
_TOKEN = click.option(
    "--token",
    envvar="LABEL_STUDIO_API_KEY",
    required=True,
    help="API token, legacy or personal access token (or LABEL_STUDIO_API_KEY).",
)
_UNREVIEWED = click.option(
    "--unreviewed",
    type=click.Choice(["skip", "predictions"]),
    default="skip",
    show_default=True,
    help="Tasks nobody annotated: leave them out, or import their predictions.",
)


@label_studio_cli.command("push")
@click.argument("tasks", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@_URL
@_TOKEN
@click.option("--project", type=int, default=None, help="Add to this project id.")
@click.option(
    "--title",
    default="unspun review",
    show_default=True,
    help="Title of the new project (without --project).",
)
@click.option(
    "--scheme",
    type=click.Choice(["semeval2023", "ptc"]),
    default="semeval2023",
    show_default=True,
    help="Technique labels of a new project's config.",
)
def push_cli(
    tasks: Path, url: str, token: str, project: int | None, title: str, scheme: str
) -> None:
    """Send tasks (from --format label-studio) to Label Studio, in a new project with
    unspun's config unless --project is given."""
    import json

    from unspun.interop.label_studio import labeling_config
    from unspun.interop.label_studio.client import LabelStudioClient
    from unspun.interop.label_studio.reader import load_export

    items = load_export(tasks)
    client = LabelStudioClient(url, token)
    if project is None:
        project = int(client.create_project(title, labeling_config(scheme))["id"])
        click.echo(f"created project {project} ({title})", err=True)
    counts = client.import_tasks(project, items)
    summary = {k: counts.get(k) for k in ("task_count", "prediction_count") if k in counts}
    click.echo(json.dumps({"project": project, **summary}))


@label_studio_cli.command("pull")
@_URL
@_TOKEN
@click.option("--project", type=int, required=True, help="The project id.")
@_OUTPUT
@_UNREVIEWED
def pull_cli(url: str, token: str, project: int, output: Path | None, unreviewed: str) -> None:
    """Export a project through the API and write its reviewed labels as unspun records
    (what 'unspun import label-studio' does with a downloaded export)."""
    from unspun.interop.label_studio import ImportStats
    from unspun.interop.label_studio.client import LabelStudioClient
    from unspun.interop.label_studio.reader import records_from_tasks

    stats = ImportStats()
    tasks = LabelStudioClient(url, token).export(project)
    records = list(
        records_from_tasks(
            tasks,
            source=f"{url} project {project}",
            unreviewed=unreviewed,  # type: ignore[arg-type]
            stats=stats,
        )
    )
    _write(records, output)
    click.echo(stats.summary(), err=True)


# --- unspun import ---------------------------------------------------------------------------


@click.group("import")
def import_cli() -> None:
    """Read labels from annotation tools and shared tasks as unspun records (JSONL).

    The records are gold for 'unspun eval records' and data for 'unspun train techniques
    --data'.
    """


@import_cli.command("label-studio")
@click.argument("export", type=click.Path(path_type=Path, dir_okay=False))
@_OUTPUT
@click.option("--text-field", default=None, help="Task data field with the text (default: text).")
@_UNREVIEWED
def import_label_studio_cli(
    export: Path, output: Path | None, text_field: str | None, unreviewed: str
) -> None:
    """A Label Studio JSON export (offsets converted from UTF-16 to code points)."""
    from unspun.interop.label_studio import ImportStats, read_label_studio

    stats = ImportStats()
    records = list(
        read_label_studio(export, text_field=text_field, unreviewed=unreviewed, stats=stats)  # type: ignore[arg-type]
    )
    _write(records, output)
    click.echo(stats.summary(), err=True)


@import_cli.command("doccano")
@click.argument("export", type=click.Path(path_type=Path, dir_okay=False))
@_OUTPUT
@click.option(
    "--offsets",
    type=click.Choice(["codepoints", "utf16", "graphemes"]),
    default="codepoints",
    show_default=True,
    help="How the file counts characters (see docs/interop.md).",
)
def import_doccano_cli(export: Path, output: Path | None, offsets: str) -> None:
    """A doccano sequence-labelling JSONL export."""
    from unspun.interop.doccano import read_doccano

    _write(list(read_doccano(export, offsets=offsets)), output)  # type: ignore[arg-type]


_ARTICLES = click.option(
    "--articles",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder of article<ID>.txt files.",
)


@import_cli.command("ptc")
@_ARTICLES
@click.option(
    "--labels",
    type=click.Path(path_type=Path),
    required=True,
    help="SI (id, start, end) or TC/FLC (id, technique, start, end) labels: a file or a "
    "folder of per-article files.",
)
@_OUTPUT
def import_ptc_cli(articles: Path, labels: Path, output: Path | None) -> None:
    """PTC / SemEval-2020 Task 11 articles with SI or TC/FLC labels."""
    from unspun.interop.shared_task.ptc import read_ptc

    _write(list(read_ptc(articles, labels)), output)


@import_cli.command("semeval2023")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--split", default="train", show_default=True, help="train or dev.")
@_OUTPUT
def import_semeval2023_cli(folder: Path, split: str, output: Path | None) -> None:
    """A SemEval-2023 Task 3 language folder (<split>-articles-subtask-3 and
    <split>-labels-subtask-3-spans); CheckThat! 2024 Task 3 span files read the same."""
    from unspun.interop.shared_task.ptc import read_ptc, semeval2023_folders

    articles, labels = semeval2023_folders(folder, split)
    _write(list(read_ptc(articles, labels)), output)


@import_cli.command("checkthat-task1")
@click.argument("tsv", type=click.Path(path_type=Path, dir_okay=False))
@_OUTPUT
def import_checkthat_cli(tsv: Path, output: Path | None) -> None:
    """A CheckThat! 2024 Task 1 TSV (Sentence_id, Text, class_label)."""
    from unspun.interop.shared_task.checkthat import read_checkthat

    _write(list(read_checkthat(tsv)), output)


@import_cli.command("semeval2025-narratives")
@click.option(
    "--articles",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The raw-documents folder.",
)
@click.option(
    "--labels",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="subtask-2-annotations.txt (id, narratives, sub-narratives).",
)
@_OUTPUT
def import_narratives_cli(articles: Path, labels: Path, output: Path | None) -> None:
    """SemEval-2025 Task 10 subtask 2 articles with their narrative labels."""
    from unspun.interop.shared_task.narratives import read_narratives

    _write(list(read_narratives(articles, labels)), output)


# --- unspun export ---------------------------------------------------------------------------


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(writer_formats()))
@click.argument("records", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write (default: standard output).",
)
@click.option(
    "--offsets",
    type=click.Choice(["codepoints", "utf16", "graphemes"]),
    default="codepoints",
    show_default=True,
    help="doccano only: how to count characters.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Leave out findings scored below this (fewer, surer pre-annotations).",
)
def export_cli(
    fmt: str, records: Path, output: Path | None, offsets: str, min_score: float
) -> None:
    """Write unspun records (JSONL from 'unspun analyze' or 'unspun import') as FORMAT,
    any --format of 'unspun analyze' (label-studio, doccano, conll, the shared-task
    submission formats, ...)."""
    from unspun.interop.records import read_records
    from unspun.model.record import RunSummary
    from unspun.writers import open_writer

    options: dict[str, Any] = {"offsets": offsets} if fmt == "doccano" else {}
    writer = open_writer(fmt, output, **options)
    summary = RunSummary()
    try:
        for record in read_records(records):
            if min_score > 0:
                kept = [f for f in record.findings if f.score >= min_score]
                record = record.model_copy(update={"findings": kept})
            writer.write(record)
            summary.documents += 1
            summary.analysed += 1
    finally:
        paths = writer.close(summary)
    click.echo(
        f"wrote {summary.documents} document(s) as {fmt}: {', '.join(map(str, paths)) or 'stdout'}",
        err=True,
    )
