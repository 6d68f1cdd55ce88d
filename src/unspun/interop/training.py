"""Your own labels as training data for the technique tagger (``unspun train techniques
--data EXPORT``).

The recipe (``training/train_techniques.py``) reads the PTC layout; this module writes any
export in that layout instead of teaching the recipe new formats:

- ``<work>/data/train-articles/article<N>.txt`` and
  ``<work>/data/train-labels-task-flc-tc/article<N>.task-flc-tc.labels`` (PTC labels);
- ``<work>/split.json``: the documents held out for validation (never trained on);
- ``<work>/ids.json``: which document of the export each ``<N>`` is.

The recipe reads articles with universal newlines, so CR LF and lone CR are written as LF
and every offset is moved with its character. With ``scheme="ptc"`` (the default)
techniques are trained as the 14 PTC channels of the shipped tagger: a SemEval-2023
technique with no PTC counterpart cannot be learnt then and is counted in
:attr:`PreparedData.untrainable`. With ``scheme="semeval2023"`` the label files hold the
23 SemEval-2023 techniques, for the recipe's ``--scheme semeval2023``.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from unspun.interop.errors import InteropConfigError, NoTrainingDataError
from unspun.interop.shared_task.ptc import ANY
from unspun.interop.shared_task.writers import ptc_label, semeval_labels
from unspun.model.record import AnalysisRecord

SCHEMES = ("ptc", "semeval2023")
FORMATS = ("auto", "records", "label-studio", "doccano", "semeval2023", "ptc")


@dataclass
class PreparedData:
    """What :func:`prepare` wrote."""

    data_dir: Path
    split_file: Path
    documents: int = 0
    validation: int = 0
    spans: int = 0
    untrainable: Counter[str] = field(default_factory=Counter)
    #: Records without their text (written with --no-text): nothing to train on.
    without_text: list[str] = field(default_factory=list)


def detect_format(source: Path) -> str:
    """The format of an export, from its layout and first bytes."""
    if source.is_dir():
        if any(source.glob("*-articles-subtask-3")):
            return "semeval2023"
        if (source / "train-articles").is_dir():
            return "ptc"
    elif source.suffix == ".json":
        return "label-studio"
    elif source.suffix == ".jsonl":
        with source.open(encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), "")
        return "records" if '"schema_version"' in first else "doccano"
    raise InteropConfigError(
        f"cannot tell what kind of export {str(source)!r} is.",
        hint="Name it with --data-format (" + ", ".join(FORMATS[1:]) + ").",
    )


def read_export(source: Path, fmt: str = "auto", split: str = "train") -> list[AnalysisRecord]:
    """The records of an export in any supported format."""
    fmt = detect_format(source) if fmt == "auto" else fmt
    if fmt == "records":
        from unspun.interop.records import read_records

        return list(read_records(source))
    if fmt == "label-studio":
        from unspun.interop.label_studio import read_label_studio

        return list(read_label_studio(source))
    if fmt == "doccano":
        from unspun.interop.doccano import read_doccano

        return list(read_doccano(source))
    if fmt in ("semeval2023", "ptc"):
        from unspun.interop.shared_task.ptc import read_ptc, semeval2023_folders

        if fmt == "semeval2023":
            articles, labels = semeval2023_folders(source, split)
        else:
            articles, labels = source / "train-articles", source / "train-labels-task-flc-tc"
        return list(read_ptc(articles, labels))
    raise InteropConfigError(f"unknown data format {fmt!r}.", hint=f"Use one of {FORMATS}.")


def unify_newlines(text: str) -> tuple[str, list[int]]:
    """``text`` with CR LF and CR as LF, and the sorted positions of the dropped CRs."""
    dropped = [i for i in range(len(text) - 1) if text[i] == "\r" and text[i + 1] == "\n"]
    return text.replace("\r\n", "\n").replace("\r", "\n"), dropped


def _moved(offset: int, dropped: list[int]) -> int:
    return offset - bisect_left(dropped, offset)


def prepare(
    records: Iterable[AnalysisRecord],
    work: Path,
    *,
    validation_fraction: float = 0.2,
    seed: int = 2020,
    scheme: str = "ptc",
) -> PreparedData:
    """Write ``records`` in the recipe's PTC layout under ``work`` (see the module doc).

    ``scheme="ptc"`` writes the 14 PTC labels; ``"semeval2023"`` the 23 techniques (a
    merged PTC class once per technique it covers), for the recipe's ``--scheme semeval2023``.
    """
    if scheme not in ("ptc", "semeval2023"):
        raise InteropConfigError(
            f"unknown technique scheme {scheme!r}.", hint="Use ptc or semeval2023."
        )
    if not 0.0 < validation_fraction < 1.0:
        raise InteropConfigError(
            f"the validation fraction must lie between 0 and 1, not {validation_fraction}.",
            hint="Use for example --validation-fraction 0.2.",
        )
    data = work / "data"
    articles, labels = data / "train-articles", data / "train-labels-task-flc-tc"
    for folder in (articles, labels):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
    prepared = PreparedData(data, work / "split.json")
    ids: dict[str, str] = {}
    for n, record in enumerate(records, 1):
        if record.text is None:
            prepared.without_text.append(record.id)
            continue
        name = f"{n:06d}"
        text, dropped = unify_newlines(record.text)
        lines = []
        for f in record.findings:
            if f.kind != "technique" or f.label == ANY:
                continue
            names = [ptc_label(f)] if scheme == "ptc" else semeval_labels(f)
            if not any(names):
                prepared.untrainable[f.label] += 1
                continue
            start, end = _moved(f.start, dropped), _moved(f.end, dropped)
            lines += [f"{name}\t{label}\t{start}\t{end}\n" for label in names if label]
        (articles / f"article{name}.txt").write_text(text, encoding="utf-8", newline="")
        (labels / f"article{name}.task-flc-tc.labels").write_text("".join(lines), encoding="utf-8")
        ids[name] = record.id
        prepared.spans += len(lines)
    prepared.documents = len(ids)
    if prepared.spans == 0:
        raise NoTrainingDataError(
            "the export holds no technique spans the recipe can learn.",
            hint=(
                "Label technique spans (PTC or SemEval-2023 names that map to PTC) and "
                if scheme == "ptc"
                else "Label technique spans (SemEval-2023 or PTC technique names) and "
            )
            + "export again; claims and attributions are not trained by this recipe.",
        )
    if prepared.documents < 2:
        raise NoTrainingDataError(
            "training needs at least 2 documents (one is held out for validation).",
            hint="Label more documents.",
        )
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    held = sorted(order[: max(1, round(validation_fraction * len(order)))])
    prepared.validation = len(held)
    prepared.split_file.write_text(
        json.dumps({"corpus": "unspun train --data", "seed": seed, "validation": held}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    (work / "ids.json").write_text(json.dumps(ids, indent=1, ensure_ascii=False), encoding="utf-8")
    return prepared


def finish_model(export_script: Path, checkpoint: Path, out: Path, source: str) -> Path:
    """Turn the recipe's best checkpoint into a model folder that ``--model-dir`` (or
    ``[components.techniques] model_dir`` in a config) loads.

    The folder starts as a copy of the shipped technique model (decoding rules,
    calibration, span classifier), then gets the new tagger delta written by the recipe's
    own ``export_delta.py``; the shipped model's validation numbers are replaced by the
    numbers of this run, which are the only ones that describe it.
    """
    import shutil
    import subprocess
    import sys

    from unspun.runtime.files import PACKAGED_MODELS

    # absolute: the export script runs from the checkout, not from the user's folder
    out, checkpoint = out.resolve(), checkpoint.resolve()
    if not checkpoint.is_file():
        raise NoTrainingDataError(
            f"the recipe wrote no checkpoint ({checkpoint}).",
            hint="Read the training log above; a run needs at least one finished epoch.",
        )
    out.mkdir(parents=True, exist_ok=True)
    for item in (PACKAGED_MODELS / "techniques").iterdir():
        if item.is_file() and item.name != "split.json" and not (out / item.name).exists():
            shutil.copy2(item, out / item.name)
    code = subprocess.call(
        [sys.executable, str(export_script), "--checkpoint", str(checkpoint), "--out", str(out)],
        cwd=export_script.parent.parent,
    )
    if code:
        raise NoTrainingDataError(
            f"exporting the trained delta failed (exit code {code}).",
            hint="Read the messages above; the checkpoint is kept for another try.",
        )
    spec_path = out / "tagger.json"
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    during = spec.get("training", {}).get("validation_during_training")
    spec["training"]["split"] = str(checkpoint.parent.parent / "split.json")
    spec["training"]["data"] = source
    rules = (
        "decoding rules and calibration are the shipped model's"
        if spec.get("scheme", "ptc") == "ptc"
        else "decoding rules (per covering PTC class, else the default) and calibration are "
        "the shipped model's"
    )
    spec["validation"] = {
        "note": f"Trained on your own labels; {rules}. Numbers are from the held-out part "
        "of your data during training.",
        "during_training": during,
    }
    spec_path.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return out
