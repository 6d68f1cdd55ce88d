"""``unspun eval``: score detectors against gold data."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group("eval")
def eval_cli() -> None:
    """Score unspun's detectors on annotated data."""


@eval_cli.command("attribution")
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    required=True,
    help="Sentence annotations (JSONL; see data/annotations/attribution/README.md).",
)
@click.option(
    "--articles",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder of article<ID>.txt files the annotations point into.",
)
@click.option("--split", default=None, help="Only score rows of this split (dev or test).")
@click.option(
    "--json-out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the full result as JSON here.",
)
def attribution_cli(gold: Path, articles: Path, split: str | None, json_out: Path | None) -> None:
    """Precision and recall of the attribution detector per kind."""
    from unspun.evaluation.attribution import format_table, load_gold, score

    result = score(load_gold(gold, split), articles)
    result["split"] = split
    click.echo(format_table(result))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


@eval_cli.command("claims")
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    required=True,
    help="Claim-type annotations (data/annotations/claims/*.jsonl).",
)
@click.option(
    "--sentences",
    type=click.Path(path_type=Path),
    required=True,
    help="The CheckThat! TSV whose Sentence_id values the annotations use.",
)
@click.option(
    "--json-out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the full result as JSON here.",
)
def claims_cli(gold: Path, sentences: Path, json_out: Path | None) -> None:
    """Precision and recall of the claim types, numbers and dates."""
    from unspun.evaluation.claims import format_table, load_gold, read_sentences, score_claims

    result = score_claims(load_gold(gold), read_sentences(sentences))
    click.echo(format_table(result))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


@eval_cli.command("narratives")
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("data/narratives/validation.jsonl"),
    show_default=True,
    help="Validation documents with gold narratives (JSONL; data/narratives/README.md).",
)
@click.option(
    "--split",
    default="test",
    show_default=True,
    help="Score rows of this split ('all': every row).",
)
@click.option(
    "--catalogue",
    "catalogues",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A catalogue to add to the built-ins (repeatable).",
)
@click.option("--threads", type=int, default=1, show_default=True, help="Encoder threads.")
@click.option(
    "--json-out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the full result as JSON here.",
)
def narratives_cli(
    gold: Path, split: str, catalogues: tuple[Path, ...], threads: int, json_out: Path | None
) -> None:
    """F1-samples of the narrative labels, coarse (narratives) and fine (sub-narratives)."""
    from unspun.evaluation.narratives import evaluate_file, format_table

    result = evaluate_file(
        gold, None if split == "all" else split, [str(c) for c in catalogues], threads
    )
    click.echo(format_table(result))
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
