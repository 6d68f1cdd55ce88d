"""Options that several commands share, declared once (the readers' and the config's)."""

from __future__ import annotations

from pathlib import Path

import click

from unspun.readers import DEFAULT_MAX_BYTES

#: What ``--input-format`` accepts.
INPUT_FORMATS = ["auto", "text", "markdown", "html", "jsonl", "json", "csv", "parquet"]

config_option = click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Pipeline configuration file (TOML).",
)
input_format_option = click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    default="auto",
    help="Input format. Default: from the file extension, sniffed when unknown.",
)
encoding_option = click.option(
    "--encoding", default=None, help="Decode inputs with this encoding (else detected)."
)
max_bytes_option = click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest input file read, in bytes.",
)
