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
