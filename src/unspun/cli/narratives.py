"""``unspun narratives``: list catalogues and discover candidate narratives in a corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from unspun.cli.progress import estimate_total
from unspun.errors import OutputError

_CATALOGUE = click.option(
    "--catalogue",
    "catalogues",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A narrative catalogue file (YAML) to add to the built-ins (repeatable).",
)
_NO_BUILTIN = click.option(
    "--no-builtin", is_flag=True, help="Leave out the built-in catalogues (urw, cc)."
)


@click.group("narratives")
def narratives_cli() -> None:
    """Narrative catalogues: list them, check your own, discover new candidates."""


@narratives_cli.command("list")
@_CATALOGUE
@_NO_BUILTIN
@click.option("--examples", is_flag=True, help="Also print each entry's example sentences.")
def list_cli(catalogues: tuple[Path, ...], no_builtin: bool, examples: bool) -> None:
    """List the narratives of the built-in catalogues and of --catalogue files.

    A file that breaks the format is reported with the entry and field at fault.
    """
    from unspun.detectors.narratives.catalogue import load_catalogues

    merged = load_catalogues(catalogues, builtins=_builtins(no_builtin))
    for catalogue, source in zip(merged.catalogues, merged.sources, strict=True):
        click.echo(
            f"{catalogue.id} {catalogue.version}: {catalogue.name} "
            f"({len(catalogue.narratives)} entries, {source})"
        )
        for entry in catalogue.narratives:
            indent = "    " if entry.parent else "  "
            status = "" if entry.status == "adopted" else f" [{entry.status}]"
            click.echo(f"{indent}{entry.id}  {entry.label}{status}")
            if examples:
                for ex in entry.examples:
                    click.echo(f"{indent}    - ({ex.lang}) {ex.text}")


def _builtins(no_builtin: bool) -> tuple[str, ...]:
    from unspun.detectors.narratives.catalogue import BUILTIN

    return () if no_builtin else BUILTIN


@narratives_cli.command("discover")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the candidates catalogue here (YAML). Default: stdout.",
)
@_CATALOGUE
@_NO_BUILTIN
@click.option(
    "--min-documents",
    type=int,
    default=2,
    show_default=True,
    help="Keep a cluster only when it recurs in this many documents.",
)
@click.option(
    "--min-sentences", type=int, default=3, show_default=True, help="Smallest cluster kept."
)
@click.option(
    "--similarity",
    type=float,
    default=0.88,
    show_default=True,
    help="Cosine similarity at which sentences join one cluster (higher: tighter clusters).",
)
@click.option(
    "--known-similarity",
    type=float,
    default=0.88,
    show_default=True,
    help="A sentence this close to a catalogue entry counts as known and is left out.",
)
@click.option("--max-candidates", type=int, default=50, show_default=True)
@click.option(
    "--id",
    "catalogue_id",
    default="candidates",
    show_default=True,
    help="Catalogue id of the output (entry ids are <id>.candidate-NNN).",
)
@click.option("--domain", default="CANDIDATE", show_default=True, help="Domain of the entries.")
@click.option("--lang", default=None, help="Treat every document as this language.")
@click.option("--text-field", default="text", help="Record field that holds the text.")
@click.option("--id-field", default="id", help="Record field that holds the document id.")
@click.option("--threads", type=int, default=1, show_default=True, help="Encoder threads.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def discover_cli(
    paths: tuple[str, ...],
    output: Path | None,
    catalogues: tuple[Path, ...],
    no_builtin: bool,
    min_documents: int,
    min_sentences: int,
    similarity: float,
    known_similarity: float,
    max_candidates: int,
    catalogue_id: str,
    domain: str,
    lang: str | None,
    text_field: str,
    id_field: str,
    threads: int,
    quiet: bool,
) -> None:
    """Find recurring claims and framings in PATHS that no catalogue entry covers.

    Writes them as candidate entries (status: candidate) in the catalogue format: review,
    rewrite and adopt them, then pass the file to `unspun analyze --catalogue`.

    \b
    Examples:
      unspun narratives discover corpus/ -o candidates.yaml
      unspun narratives discover posts.jsonl --text-field body --min-documents 3
    """
    from unspun.detectors.narratives.detector import build_matcher
    from unspun.detectors.narratives.discover import DiscoverySettings, discover
    from unspun.readers import ReadOptions, read_inputs
    from unspun.runtime.sentences import E5_SMALL, get_encoder

    settings = DiscoverySettings(
        known_similarity=known_similarity,
        cluster_similarity=similarity,
        min_documents=min_documents,
        min_sentences=min_sentences,
        max_candidates=max_candidates,
        domain=domain,
        catalogue_id=catalogue_id,
    )
    builtins = _builtins(no_builtin)
    matcher = (
        build_matcher([str(c) for c in catalogues], builtins, threads=threads)
        if catalogues or builtins
        else None
    )
    encoder = get_encoder(E5_SMALL, threads)
    options = ReadOptions(text_field=text_field, id_field=id_field)
    total = None if quiet else estimate_total(paths, options)
    with tqdm(total=total, unit="doc", disable=quiet, file=sys.stderr, dynamic_ncols=True) as bar:
        candidates, text, failed = discover(
            read_inputs(paths, options), encoder, matcher, settings, lang=lang, progress=bar.update
        )
    if not candidates:
        click.echo("no recurring framing outside the catalogues was found.", err=True)
        return
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc}.") from None
    if not quiet:
        click.echo(
            f"{len(candidates)} candidate narrative(s)"
            f"{f'; {failed} document(s) could not be read' if failed else ''}"
            + (f"; written to {output}" if output else ""),
            err=True,
        )
