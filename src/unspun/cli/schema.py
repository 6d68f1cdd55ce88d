"""``unspun schema``: print the published JSON Schema of the output records."""

from __future__ import annotations

import json

import click

from unspun.model.record import analysis_json_schema


@click.command("schema")
def schema_cli() -> None:
    """Print the JSON Schema of one analysis record (JSON/JSONL output)."""
    click.echo(json.dumps(analysis_json_schema(), indent=2, ensure_ascii=False))
