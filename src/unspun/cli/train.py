"""``unspun train``: the training recipes (need the ``train`` extra: torch + transformers).

Training runs from a source checkout: the recipes live in ``training/`` next to ``src/``
and write their artefacts into ``models/``. Every option after the recipe name is passed
to the script (``unspun train techniques --help`` lists them).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import subprocess
import sys
from pathlib import Path

import click

from unspun.errors import ResourceError

#: recipe name -> (script under training/, what it trains)
RECIPES = {
    "techniques": (
        "train_techniques.py",
        "the technique tagger (PTC or SemEval-2023, MiniLM delta)",
    ),
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
@click.option(
    "--data",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="techniques only: train on your own labels: a Label Studio export (.json), a "
    "doccano export or unspun records (.jsonl), a SemEval-2023 Task 3 language folder or "
    "a PTC-layout folder.",
)
@click.option(
    "--data-format",
    type=click.Choice(["auto", "records", "label-studio", "doccano", "semeval2023", "ptc"]),
    default="auto",
    show_default=True,
    help="The format of --data.",
)
@click.option(
    "--data-split", default="train", show_default=True, help="SemEval-2023 split to read."
)
@click.option(
    "--validation-fraction",
    type=float,
    default=0.2,
    show_default=True,
    help="Share of the --data documents held out for validation.",
)
@click.option(
    "--scheme",
    type=click.Choice(["ptc", "semeval2023"]),
    default="ptc",
    show_default=True,
    help="With --data: train the 14 PTC channels, or the 23 SemEval-2023 techniques "
    "(the model folder then labels its findings with those).",
)
@click.option(
    "--model-out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("models/techniques-own"),
    show_default=True,
    help="With --data: the model folder to write (load it with --model-dir).",
)
@click.pass_context
def train_cli(
    ctx: click.Context,
    recipe: str,
    data: Path | None,
    data_format: str,
    data_split: str,
    validation_fraction: float,
    scheme: str,
    model_out: Path,
) -> None:
    """Run a training recipe: techniques, span-classifier, decoding, checkworthy,
    techniques-multilingual or narratives. Options after RECIPE go to the recipe."""
    if data is not None:
        if recipe != "techniques":
            raise click.UsageError("--data trains the technique tagger: use it with 'techniques'.")
        _train_on_own_labels(
            ctx.args, data, data_format, data_split, validation_fraction, scheme, model_out
        )
        return
    script, _ = RECIPES[recipe]
    path = training_dir() / script
    if not path.is_file():
        raise ResourceError(
            f"the training recipe {script} is not here ({path.parent}).",
            hint="Training runs from a source checkout of unspun (git clone), not a wheel.",
        )
    if recipe == "techniques":
        require_torch(recipe)
    code = subprocess.call([sys.executable, str(path), *ctx.args], cwd=path.parent.parent)
    if code:
        raise click.exceptions.Exit(code)


def require_torch(recipe: str) -> None:
    """Refuse a recipe that needs torch when it is not installed.

    Not ``importlib.util.find_spec``: the CLI blocks torch's import (``keep_torch_out``)
    and the recipe runs in its own process; ask whether the distribution is installed.
    """
    try:
        importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        raise ResourceError(f"`unspun train {recipe}` needs torch.", hint=TRAIN_HINT) from None


def _train_on_own_labels(
    args: list[str],
    data: Path,
    data_format: str,
    data_split: str,
    validation_fraction: float,
    scheme: str,
    model_out: Path,
) -> None:
    """Convert ``data`` to the recipe's layout, train, and write a model folder."""
    from unspun.interop.training import finish_model, prepare, read_export

    script = training_dir() / RECIPES["techniques"][0]
    require_torch("techniques")
    work = training_dir().parent / ".cache" / "train" / "own-data"
    prepared = prepare(
        read_export(data, data_format, data_split),
        work,
        validation_fraction=validation_fraction,
        scheme=scheme,
    )
    untrained = ", ".join(f"{k} {v}" for k, v in prepared.untrainable.most_common())
    click.echo(
        f"training data: {prepared.documents} document(s) ({prepared.validation} held out), "
        f"{prepared.spans} technique span(s)"
        + (f"; left out (no {scheme} channel): {untrained}" if untrained else "")
        + (
            f"; {len(prepared.without_text)} record(s) without text left out"
            if prepared.without_text
            else ""
        ),
        err=True,
    )
    code = subprocess.call(
        [
            sys.executable,
            str(script),
            "--data-dir",
            str(prepared.data_dir),
            "--split-file",
            str(prepared.split_file),
            "--work-dir",
            str(work / "train"),
            "--scheme",
            scheme,
            *args,
        ],
        cwd=script.parent.parent,
    )
    if code:
        raise click.exceptions.Exit(code)
    out = finish_model(
        training_dir() / "export_delta.py", work / "train" / "best.pt", model_out, str(data)
    )
    click.echo(f"model written to {out}; use it with --model-dir {out}", err=True)
