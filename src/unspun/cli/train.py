"""``unspun train``: the training recipes (need the ``train`` extra: torch + transformers).

Training runs from a source checkout: the recipes live in ``training/`` next to ``src/``
and write their artefacts into ``models/``. Every option after the recipe name is passed
to the script (``unspun train techniques --help`` lists them).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import click

from unspun.errors import ResourceError

#: recipe name -> (script under training/, what it trains)
RECIPES = {
    "techniques": ("train_techniques.py", "the technique tagger (PTC, MiniLM delta)"),
    "span-classifier": ("fit_span_head.py", "the TC span classifier head"),
    "decoding": ("tune_decoding.py", "the tagger's decoding rules and calibration"),
    "checkworthy": ("train_checkworthy.py", "the check-worthiness head (CheckThat! 2024)"),
    "techniques-multilingual": (
        "train_sentence_techniques.py",
        "the multilingual sentence technique head",
    ),
    "narratives": ("tune_narratives.py", "the narrative matcher's settings"),
}
TRAIN_HINT = 'Install the training extra: `pip install torch==2.13.0 && pip install -e ".[train]"`.'


def training_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "training"


@click.command(
    "train",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.argument("recipe", type=click.Choice(sorted(RECIPES)))
@click.pass_context
def train_cli(ctx: click.Context, recipe: str) -> None:
    """Run a training recipe: techniques, span-classifier, decoding, checkworthy,
    techniques-multilingual or narratives. Options after RECIPE go to the recipe."""
    script, _ = RECIPES[recipe]
    path = training_dir() / script
    if not path.is_file():
        raise ResourceError(
            f"the training recipe {script} is not here ({path.parent}).",
            hint="Training runs from a source checkout of unspun (git clone), not a wheel.",
        )
    needs_torch = recipe == "techniques"
    if needs_torch and importlib.util.find_spec("torch") is None:
        raise ResourceError(f"`unspun train {recipe}` needs torch.", hint=TRAIN_HINT)
    code = subprocess.call([sys.executable, str(path), *ctx.args], cwd=path.parent.parent)
    if code:
        raise click.exceptions.Exit(code)
