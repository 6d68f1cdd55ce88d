"""The pipeline: registry, configuration, ordering, batching and failure isolation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import catalogue
import pytest

from unspun.errors import (
    ConfigError,
    EmptyInputError,
    InputTooLargeError,
    PipelineOrderError,
    UnknownComponentError,
)
from unspun.model import Analysis, Document, Failure, Finding
from unspun.pipeline import Component, Pipeline, load_config
from unspun.pipeline.registry import available_factories, components


class Shouty(Component):
    """A throwaway detector: flags words in capitals; fails on documents saying BOOM."""

    name = "shouty"
    version = "0.1"
    requires = ("sentences",)
    kind = "technique"

    def process(self, analysis: Analysis) -> None:
        if "BOOM" in analysis.text:
            raise RuntimeError("exploded")
        for i, word in enumerate(analysis.text.split(" ")):
            if word.isupper() and len(word) > 1:
                start = analysis.text.index(word)
                analysis.add(
                    Finding(
                        start=start,
                        end=start + len(word),
                        kind="technique",
                        label="Loaded_Language",
                        score=0.5,
                        detector=self.name,
                        detector_version=self.version,
                        attrs={"i": i},
                    )
                )


@pytest.fixture
def shouty() -> Iterator[str]:
    name = "test.shouty.v1"
    components.register(name, func=lambda **kw: Shouty())
    try:
        yield name
    finally:
        catalogue._remove(("unspun", "components", name))


def test_builtins_are_registered_under_versioned_names() -> None:
    assert {"unspun.language.v1", "unspun.segment.v1", "unspun.attribution.v1"} <= set(
        available_factories()
    )


def test_unknown_component_lists_available() -> None:
    config = load_config(components=["language", "nonsense"])
    with pytest.raises(UnknownComponentError, match=r"unspun\.segment\.v1"):
        Pipeline.from_config(config)


def test_order_is_checked_with_a_hint() -> None:
    config = load_config(components=["attribution", "language", "segment"])
    with pytest.raises(PipelineOrderError, match=r"Put .* before attribution"):
        Pipeline.from_config(config)


def test_config_file_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "unspun.toml"
    good.write_text(
        '[pipeline]\ncomponents = ["language", "segment"]\nbatch_size = 4\n'
        '[components.language]\ncandidates = ["en", "ru"]\n',
        encoding="utf-8",
    )
    nlp = Pipeline.from_config(load_config(good))
    assert nlp.names == ["language", "segment"]
    assert nlp.config.pipeline.batch_size == 4
    bad = tmp_path / "bad.toml"
    bad.write_text("[pipeline\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    typo = tmp_path / "typo.toml"
    typo.write_text("[pipeline]\nbatchsize = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="batchsize"):
        load_config(typo)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml")
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[components.segment]\nbogus = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="does not accept") as err:
        Pipeline.from_config(load_config(wrong))
    assert not isinstance(err.value, PipelineOrderError)  # a settings error, not an order one


def test_missing_producer_hint_names_the_component_that_provides_it() -> None:
    with pytest.raises(PipelineOrderError, match=r"'attribution' before 'claims'"):
        Pipeline.from_config(load_config(components=["language", "segment", "claims"]))
    with pytest.raises(PipelineOrderError, match=r"'segment' before 'narratives'"):
        Pipeline.from_config(load_config(components=["language", "narratives"]))


def test_builtin_providers_match_what_components_assign() -> None:
    import importlib

    from unspun.pipeline.registry import BUILTIN_PROVIDERS

    classes = {
        "language": "unspun.text.language:LanguageIdentifier",
        "segment": "unspun.text.segmenter:Segmenter",
        "attribution": "unspun.detectors.attribution.detector:AttributionDetector",
        "claims": "unspun.detectors.claims.detector:ClaimDetector",
        "techniques": "unspun.detectors.techniques.detector:TechniqueDetector",
        "narratives": "unspun.detectors.narratives.detector:NarrativeDetector",
    }
    assigned: dict[str, str] = {}
    for name, where in classes.items():
        module, _, cls = where.partition(":")
        for product in getattr(importlib.import_module(module), cls).assigns:
            assigned.setdefault(product, name)
    assert assigned == BUILTIN_PROVIDERS


def test_plugin_component_and_failure_isolation(shouty: str) -> None:
    config = load_config(components=["language", "segment", "shouty"], batch_size=8)
    config.set("shouty", "factory", shouty)
    nlp = Pipeline.from_config(config)
    docs: list[Document | Failure] = [
        Document(id="1", text="This is a HUGE scandal."),
        Document(id="2", text="Everything went BOOM today."),
        Failure(source="bad.txt", error=EmptyInputError("empty"), id="bad"),
        Document(id="3", text="   \n "),
        Document(id="4", text="A CALM day."),
    ]
    outcomes = list(nlp.run(docs))
    assert [o.ok for o in outcomes] == [True, False, False, False, True]
    assert outcomes[0].analysis is not None and len(outcomes[0].analysis.findings) == 1
    assert outcomes[1].failure is not None and "exploded" in str(outcomes[1].failure.error)
    assert outcomes[1].failure.error.code == "E601"
    assert outcomes[2].failure is not None and outcomes[2].failure.id == "bad"
    assert isinstance(outcomes[3].failure.error, EmptyInputError)  # type: ignore[union-attr]
    # the batch-mate of the failing document got exactly one finding, not two
    assert outcomes[4].analysis is not None and len(outcomes[4].analysis.findings) == 1
    assert outcomes[4].analysis.detectors["shouty"] == "0.1"


def test_document_over_the_size_limit_is_a_typed_failure() -> None:
    nlp = Pipeline.from_config(load_config(components=["language"], max_chars=10))
    outcome = next(nlp.run([Document(id="big", text="x" * 11)]))
    assert outcome.failure is not None
    assert isinstance(outcome.failure.error, InputTooLargeError)
    assert "--max-chars" in str(outcome.failure.error)


def test_single_document_call_raises_the_typed_error(nlp: Pipeline) -> None:
    with pytest.raises(EmptyInputError):
        nlp(Document(id="e", text=""))


@pytest.mark.parametrize(
    "text,lang",
    [
        ("The ministry said the talks would resume next week in Geneva.", "en"),
        ("Министерство обороны заявило, что переговоры продолжатся на следующей неделе.", "ru"),
        ("Міністерство оборони заявило, що переговори продовжаться наступного тижня.", "uk"),
    ],
)
def test_language_identification(nlp: Pipeline, text: str, lang: str) -> None:
    analysis = nlp(Document(id="l", text=text))
    assert analysis.lang == lang
    assert analysis.lang_score is not None and analysis.lang_score > 0.5


def test_declared_and_forced_language() -> None:
    nlp = Pipeline.from_config(load_config(components=["language"]))
    assert nlp(Document(id="d", text="Hello there friends", lang="uk")).lang == "uk"
    config = load_config(components=["language"])
    config.set("language", "force", "ru")
    forced = Pipeline.from_config(config)
    assert forced(Document(id="d", text="Hello there friends")).lang == "ru"


def test_plugin_is_unregistered_after_use(shouty: str) -> None:
    assert shouty in available_factories()
    catalogue._remove(("unspun", "components", shouty))
    assert shouty not in available_factories()
    components.register(shouty, func=lambda **kw: Shouty())  # the fixture removes it again
