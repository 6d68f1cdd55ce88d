"""The technique taxonomy: contents, mappings, tolerant lookup, validation and the CLI."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml
from click.testing import CliRunner

from unspun.cli.techniques import SCHEME_CHOICES, techniques_cli
from unspun.errors import ConfigError
from unspun.taxonomy import (
    TaxonomyError,
    UnknownSchemeError,
    UnknownTechniqueError,
    categories,
    category_of,
    explain,
    find_category,
    find_technique,
    get_technique,
    load_taxonomy,
    schemes,
    techniques,
    to_ptc,
    to_semeval,
)

# GUIDE.md §7, written out independently of techniques.yaml.
SEMEVAL_BY_CATEGORY = {
    "attack_on_reputation": [
        "Name_Calling-Labeling",
        "Guilt_by_Association",
        "Doubt",
        "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
    ],
    "justification": [
        "Flag_Waving",
        "Appeal_to_Authority",
        "Appeal_to_Popularity",
        "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
    ],
    "simplification": [
        "Causal_Oversimplification",
        "False_Dilemma-No_Choice",
        "Consequential_Oversimplification",
    ],
    "distraction": ["Straw_Man", "Red_Herring", "Whataboutism"],
    "call": ["Slogans", "Conversation_Killer", "Appeal_to_Time"],
    "manipulative_wording": [
        "Loaded_Language",
        "Obfuscation-Vagueness-Confusion",
        "Exaggeration-Minimisation",
        "Repetition",
    ],
}

PTC_TO_SEMEVAL = {
    "Appeal_to_Authority": ["Appeal_to_Authority"],
    "Appeal_to_fear-prejudice": ["Appeal_to_Fear-Prejudice"],
    "Bandwagon,Reductio_ad_hitlerum": ["Appeal_to_Popularity", "Guilt_by_Association"],
    "Black-and-White_Fallacy": ["False_Dilemma-No_Choice"],
    "Causal_Oversimplification": ["Causal_Oversimplification"],
    "Doubt": ["Doubt"],
    "Exaggeration,Minimisation": ["Exaggeration-Minimisation"],
    "Flag-Waving": ["Flag_Waving"],
    "Loaded_Language": ["Loaded_Language"],
    "Name_Calling,Labeling": ["Name_Calling-Labeling"],
    "Repetition": ["Repetition"],
    "Slogans": ["Slogans"],
    "Thought-terminating_Cliches": ["Conversation_Killer"],
    "Whataboutism,Straw_Men,Red_Herring": ["Whataboutism", "Straw_Man", "Red_Herring"],
}


def _bundled_data() -> dict[str, Any]:
    text = resources.files("unspun.taxonomy").joinpath("techniques.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "techniques.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# --- contents ---------------------------------------------------------------------------------


def test_taxonomy_counts() -> None:
    assert schemes() == ["semeval2023", "ptc"]
    assert len(techniques()) == 23
    assert len(techniques("semeval2023")) == 23
    assert len(techniques("ptc")) == 14
    assert len(categories()) == 6


def test_taxonomy_semeval_techniques_sit_in_their_guide_categories() -> None:
    found: dict[str, list[str]] = {}
    for technique in techniques():
        found.setdefault(technique.category, []).append(technique.name)
    assert found == SEMEVAL_BY_CATEGORY
    assert [c.id for c in categories()] == list(SEMEVAL_BY_CATEGORY)


def test_taxonomy_ptc_labels_are_spelled_as_in_the_data() -> None:
    assert {t.name for t in techniques("ptc")} == set(PTC_TO_SEMEVAL)


@pytest.mark.parametrize("ptc_name", sorted(PTC_TO_SEMEVAL))
def test_taxonomy_ptc_maps_as_the_guide_says(ptc_name: str) -> None:
    assert to_semeval(ptc_name) == PTC_TO_SEMEVAL[ptc_name]
    ptc = get_technique(ptc_name, "ptc")
    assert ptc.category in {get_technique(n, "semeval2023").category for n in ptc.maps_to}


def test_taxonomy_mapping_round_trips() -> None:
    for ptc in techniques("ptc"):
        targets = to_semeval(ptc.name)
        assert targets, f"{ptc.name} maps to nothing"
        for target in targets:
            assert ptc.name in to_ptc(target)
    for technique in techniques():
        for ptc_name in to_ptc(technique.name):
            assert technique.name in to_semeval(ptc_name)


def test_taxonomy_to_ptc_is_empty_for_techniques_ptc_lacks() -> None:
    lacking = {t.name for t in techniques() if not to_ptc(t.name)}
    assert lacking == {
        "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
        "Appeal_to_Values",
        "Consequential_Oversimplification",
        "Appeal_to_Time",
        "Obfuscation-Vagueness-Confusion",
    }
    assert to_ptc("Straw_Man") == ["Whataboutism,Straw_Men,Red_Herring"]
    assert to_ptc("flag waving") == ["Flag-Waving"]


def test_taxonomy_texts_are_complete_and_neutral() -> None:
    for scheme in schemes():
        for t in techniques(scheme):
            for text in (t.title, t.definition, t.example, t.explanation):
                assert text.strip() == text and "  " not in text, (t.name, text)
            sentences = re.findall(r"[.!?](?:\s|$)", t.definition)
            assert 2 <= len(sentences) <= 3, (t.name, t.definition)
            assert t.explanation.startswith("This ") and t.explanation.endswith(".")
            assert len(re.findall(r"[.!?](?:\s|$)", t.explanation)) == 1, t.explanation
            # A flag is a pointer for a human, never a verdict.
            assert not re.search(r"\b(propaganda|lies?|false|fake)\b", t.explanation, re.I)


def test_taxonomy_category_colours_are_distinct_and_readable_on_white() -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    colours = [c.color.upper() for c in categories()]
    assert len(set(colours)) == len(colours)
    for colour in colours:
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour  # WCAG AA for normal text


def test_taxonomy_models_are_frozen() -> None:
    with pytest.raises(pydantic.ValidationError):
        techniques()[0].name = "Other"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        categories()[0].color = "#000000"  # type: ignore[misc]


# --- lookup -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("Loaded_Language", "Loaded_Language"),
        ("loaded language", "Loaded_Language"),
        ("LOADED-LANGUAGE", "Loaded_Language"),
        ("name calling, labeling", "Name_Calling-Labeling"),
        ("Name_Calling,Labeling", "Name_Calling,Labeling"),
        ("false dilemma no choice", "False_Dilemma-No_Choice"),
        ("Appeal to fear or prejudice", "Appeal_to_Fear-Prejudice"),
        ("  flag waving ", "Flag_Waving"),
        ("black and white fallacy", "Black-and-White_Fallacy"),
        ("thought terminating cliches", "Thought-terminating_Cliches"),
    ],
)
def test_taxonomy_get_technique_is_tolerant(spelling: str, name: str) -> None:
    assert get_technique(spelling).name == name


def test_taxonomy_get_technique_prefers_exact_spelling_then_semeval() -> None:
    assert get_technique("Appeal_to_fear-prejudice").scheme == "ptc"
    assert get_technique("appeal to fear prejudice").scheme == "semeval2023"
    assert get_technique("Doubt").scheme == "semeval2023"
    assert get_technique("doubt", "ptc").scheme == "ptc"
    assert get_technique("exaggeration minimisation", "ptc").name == "Exaggeration,Minimisation"


def test_taxonomy_unknown_technique_suggests_close_matches() -> None:
    with pytest.raises(UnknownTechniqueError) as info:
        get_technique("Loaded_Langauge")
    error = info.value
    assert isinstance(error, ConfigError)
    assert error.code == "E310"
    assert "'Loaded_Langauge'" in str(error)
    assert "Did you mean 'Loaded_Language'?" in str(error)
    assert error.to_dict()["type"] == "UnknownTechniqueError"


def test_taxonomy_unknown_technique_suggests_parts_of_merged_ptc_labels() -> None:
    with pytest.raises(UnknownTechniqueError, match="Whataboutism,Straw_Men,Red_Herring"):
        get_technique("strawman", "ptc")
    with pytest.raises(UnknownTechniqueError, match=r"--scheme ptc"):
        get_technique("Appeal_to_Values", "ptc")


def test_taxonomy_unknown_scheme_is_a_coded_error() -> None:
    with pytest.raises(UnknownSchemeError, match=r"\[E312\].*semeval2023, ptc"):
        techniques("semeval")
    with pytest.raises(UnknownSchemeError):
        get_technique("Doubt", "semeval")


def test_taxonomy_find_functions_return_none_for_unknown_names() -> None:
    assert find_technique("not a technique") is None
    assert find_technique("repetition") is not None
    assert category_of("not a technique") is None
    assert explain("not a technique") is None
    assert find_category("nope") is None


def test_taxonomy_techniques_filter_by_category() -> None:
    assert [t.name for t in techniques("ptc", "simplification")] == [
        "Black-and-White_Fallacy",
        "Causal_Oversimplification",
    ]
    assert techniques(category="nope") == []


def test_taxonomy_category_of_and_explain() -> None:
    category = category_of("Whataboutism,Straw_Men,Red_Herring")
    assert category is not None and category.id == "distraction"
    category = category_of("loaded language")
    assert category is not None and category.title == "Manipulative wording"
    assert explain("Loaded_Language") == get_technique("Loaded_Language").explanation
    assert find_category("Attack on reputation") == find_category("attack_on_reputation")


# --- validation of a broken file --------------------------------------------------------------


def test_taxonomy_bundled_file_loads_from_a_path() -> None:
    path = resources.files("unspun.taxonomy").joinpath("techniques.yaml")
    taxonomy = load_taxonomy(str(path))
    assert len(taxonomy.schemes["ptc"].techniques) == 14


def _semeval(data: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = data["schemes"]["semeval2023"]["techniques"]
    return result


def _ptc(data: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = data["schemes"]["ptc"]["techniques"]
    return result


def _unknown_target(d: dict[str, Any]) -> None:
    _ptc(d)[0]["maps_to"] = ["Appeal_to_Nobody"]


def _unknown_category(d: dict[str, Any]) -> None:
    _semeval(d)[0]["category"] = "gossip"


def _duplicate_name(d: dict[str, Any]) -> None:
    _semeval(d)[1]["name"] = _semeval(d)[0]["name"]


def _duplicate_spelling(d: dict[str, Any]) -> None:
    _semeval(d)[1]["name"] = "name calling labeling"


def _missing_field(d: dict[str, Any]) -> None:
    del _semeval(d)[0]["definition"]


def _unknown_field(d: dict[str, Any]) -> None:
    _semeval(d)[0]["defintion"] = "typo"


def _no_mapping(d: dict[str, Any]) -> None:
    del _ptc(d)[0]["maps_to"]


def _unknown_scheme_target(d: dict[str, Any]) -> None:
    d["schemes"]["ptc"]["maps_to"] = "semeval2099"


def _wrong_category(d: dict[str, Any]) -> None:
    _ptc(d)[0]["category"] = "call"


def _duplicate_category(d: dict[str, Any]) -> None:
    d["categories"][1]["id"] = d["categories"][0]["id"]


def _bad_colour(d: dict[str, Any]) -> None:
    d["categories"][0]["color"] = "red"


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (_unknown_target, "unknown 'semeval2023' technique(s) Appeal_to_Nobody"),
        (_unknown_category, "unknown category 'gossip'"),
        (_duplicate_name, "duplicate technique name in scheme 'semeval2023'"),
        (_duplicate_spelling, "duplicate spelling"),
        (_missing_field, "definition: Field required"),
        (_unknown_field, "defintion: Extra inputs are not permitted"),
        (_no_mapping, "maps to no technique of 'semeval2023'"),
        (_unknown_scheme_target, "maps to unknown scheme 'semeval2099'"),
        (_wrong_category, "not one of its targets'"),
        (_duplicate_category, "duplicate category id"),
        (_bad_colour, "color: String should match pattern"),
    ],
)
def test_taxonomy_broken_file_raises_a_clear_error(
    tmp_path: Path, breakage: Any, message: str
) -> None:
    data = copy.deepcopy(_bundled_data())
    breakage(data)
    path = _write(tmp_path, data)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert info.value.code == "E311"
    assert info.value.source == str(path)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schemes: [unclosed", "not valid YAML"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("", "must be a YAML mapping"),
        ("categories: []\nschemes: {}\n", "does not match its schema"),
    ],
)
def test_taxonomy_unparseable_file_raises_a_clear_error(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(path)


def test_taxonomy_missing_file_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="cannot read the taxonomy file"):
        load_taxonomy(tmp_path / "absent.yaml")


# --- CLI --------------------------------------------------------------------------------------


def _run(*args: str) -> str:
    result = CliRunner().invoke(techniques_cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_techniques_cli_scheme_choices_match_the_taxonomy() -> None:
    assert list(SCHEME_CHOICES) == [*schemes(), "all"]
    assert techniques_cli.name == "techniques"


def test_techniques_cli_text_groups_by_category() -> None:
    output = _run()
    assert output.startswith("semeval2023: ")
    for category in categories():
        assert f"\n{category.title}\n" in output
    loaded = get_technique("Loaded_Language")
    assert "Loaded language [Loaded_Language]" in output
    assert f"Example: {loaded.example}" in output
    assert output.index("Attack on reputation") < output.index("Manipulative wording")
    assert "Maps to" not in output


def test_techniques_cli_text_shows_ptc_mapping() -> None:
    output = _run("--scheme", "ptc")
    assert "[Black-and-White_Fallacy]" in output
    assert "Maps to semeval2023: False_Dilemma-No_Choice" in output
    assert "Maps to semeval2023: Whataboutism, Straw_Man, Red_Herring" in output


def test_techniques_cli_json_is_a_list_of_techniques() -> None:
    records = json.loads(_run("--format", "json"))
    assert len(records) == 23
    assert set(records[0]) >= {"name", "title", "category", "definition", "example", "maps_to"}
    everything = json.loads(_run("--format", "json", "--scheme", "all"))
    assert len(everything) == 37
    ptc = [r for r in everything if r["scheme"] == "ptc"]
    assert {r["name"]: r["maps_to"] for r in ptc} == PTC_TO_SEMEVAL


def test_techniques_cli_markdown_has_headings() -> None:
    output = _run("--format", "markdown", "--scheme", "all")
    assert "# SemEval-2023" in output and "(`ptc`)" in output
    assert "## Simplification" in output
    assert "### Straw man (`Straw_Man`)" in output
    assert "Maps to semeval2023: `Appeal_to_Popularity`, `Guilt_by_Association`" in output


def test_techniques_cli_filters_by_category() -> None:
    records = json.loads(_run("--format", "json", "--category", "Distraction"))
    assert [r["name"] for r in records] == ["Straw_Man", "Red_Herring", "Whataboutism"]
    output = _run("--category", "attack_on_reputation", "--scheme", "ptc")
    assert "[Doubt]" in output and "Justification" not in output


def test_techniques_cli_rejects_an_unknown_category() -> None:
    result = CliRunner().invoke(techniques_cli, ["--category", "gossip"])
    assert result.exit_code == 2
    assert "unknown category 'gossip'" in result.output
    assert "attack_on_reputation" in result.output
