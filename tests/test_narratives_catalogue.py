"""Narrative catalogues: the format, errors that say what is wrong, merging, built-ins."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.detectors.narratives.catalogue import (
    BUILTIN,
    CatalogueConflictError,
    CatalogueEntryError,
    CatalogueError,
    dump_catalogue,
    load_catalogue,
    load_catalogues,
    parse_catalogue,
)

TAXONOMY = Path(__file__).resolve().parents[2] / "shared" / "data" / "narratives" / "taxonomy.txt"


def entry(id_: str, parent: str | None = None, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": id_,
        "label": f"Label of {id_}",
        "name": f"Name of {id_}",
        "parent": parent,
        "domain": "TEST",
        "description": "A framing used in the tests of the catalogue format.",
        "examples": [{"lang": "en", "text": f"An example sentence for {id_}."}],
        "languages": ["en"],
        "links": [{"title": "Notes", "url": "https://example.org/notes"}],
    }
    data.update(extra)
    return data


def catalogue(*entries: dict[str, object], **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "format": "unspun-narratives/1",
        "id": "mine",
        "name": "My narratives",
        "version": "0.1.0",
        "description": "Test catalogue.",
        "languages": ["en"],
        "narratives": list(entries),
    }
    data.update(extra)
    return data


def text(data: dict[str, object]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write(tmp_path: Path, data: dict[str, object], name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text(data), encoding="utf-8")
    return path


def test_catalogue_valid_file_loads_with_levels() -> None:
    cat = parse_catalogue(text(catalogue(entry("mine.a"), entry("mine.a.b", parent="mine.a"))))
    assert [n.level for n in cat.narratives] == ["narrative", "subnarrative"]
    assert cat.narratives[0].status == "adopted"


def test_catalogue_dump_round_trips() -> None:
    cat = parse_catalogue(text(catalogue(entry("mine.a"), entry("mine.a.b", parent="mine.a"))))
    assert parse_catalogue(dump_catalogue(cat)) == cat


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"colour": "red"}, "entry 'mine.a' (narratives[0]): colour: unknown field"),
        ({"examples": []}, "entry 'mine.a' (narratives[0]): examples: List should have at least"),
        (
            {"examples": [{"lang": "english", "text": "Some example text."}]},
            "entry 'mine.a' (narratives[0]): examples.0.lang: Value error, 'english' is not a "
            "two-letter ISO 639-1",
        ),
        ({"languages": ["xx"]}, "languages: Value error, 'xx' is not a two-letter"),
        ({"id": "Mine A"}, "(narratives[0]): id: must be dotted lowercase words"),
        ({"links": [{"title": "x", "url": "ftp://x"}]}, "links.0.url: must be an http"),
        ({"status": "maybe"}, "status: Input should be 'adopted' or 'candidate'"),
    ],
)
def test_catalogue_entry_errors_name_file_entry_and_field(
    tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    path = write(tmp_path, catalogue(entry("mine.a", **change)))
    with pytest.raises(CatalogueEntryError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert message.startswith(f"[E321] {path}: invalid catalogue: ")
    assert expected in message


def test_catalogue_missing_field_is_named() -> None:
    broken = entry("mine.a")
    del broken["description"]
    with pytest.raises(CatalogueEntryError, match=r"entry 'mine.a' .*description: Field required"):
        parse_catalogue(text(catalogue(broken)))


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([entry("mine.a"), entry("mine.a")], "entry 'mine.a': id: defined twice"),
        (
            [entry("mine.a"), entry("mine.b", parent="mine.x")],
            "entry 'mine.b': parent: 'mine.x' is not the id of an entry",
        ),
        (
            [entry("mine.a"), entry("mine.b", "mine.a"), entry("mine.c", "mine.b")],
            "entry 'mine.c': parent: 'mine.b' is itself a sub-narrative",
        ),
        ([entry("mine.a", label="X: Other")], "is emitted by the matcher itself"),
    ],
)
def test_catalogue_rules_across_entries(entries: list[dict[str, object]], expected: str) -> None:
    with pytest.raises(CatalogueEntryError, match="E321") as info:
        parse_catalogue(text(catalogue(*entries)))
    assert expected in str(info.value)


def test_catalogue_header_errors() -> None:
    with pytest.raises(CatalogueEntryError, match="format: Input should be 'unspun-narratives/1'"):
        parse_catalogue(text(catalogue(entry("mine.a"), format="narratives/2")))
    with pytest.raises(CatalogueEntryError, match="narratives: List should have at least 1"):
        parse_catalogue(text(catalogue()))


def test_catalogue_anchors_must_not_backtrack_catastrophically() -> None:
    """Checked when any catalogue is parsed, not only by the CLI (issue 14, item 6)."""
    with pytest.raises(CatalogueEntryError, match="nests a quantifier"):
        parse_catalogue(text(catalogue(entry("mine.a"), anchors=["(a+)+$"])))


def test_catalogue_anchors_must_be_regular_expressions() -> None:
    with pytest.raises(CatalogueEntryError, match=r"anchors.*'\(war' is not a valid regular"):
        parse_catalogue(text(catalogue(entry("mine.a"), anchors=["(war"])))
    parsed = parse_catalogue(text(catalogue(entry("mine.a"), anchors=["harbou?r", "порт"])))
    pattern = parsed.anchor_pattern()
    assert pattern is not None
    assert pattern.search("The HARBOR closed") and pattern.search("наш порт")
    assert not pattern.search("a seaport town")  # anchors start at a word boundary
    assert parse_catalogue(text(catalogue(entry("mine.a")))).anchor_pattern() is None


def test_catalogue_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"\[E320\].*does not exist"):
        load_catalogue(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not valid YAML"):
        load_catalogue(bad)
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="must be a YAML mapping"):
        load_catalogue(bad)


def test_catalogue_merge_rejects_conflicts(tmp_path: Path) -> None:
    one = write(tmp_path, catalogue(entry("mine.a")), "one.yaml")
    two = write(tmp_path, catalogue(entry("mine.a"), id="other"), "two.yaml")
    with pytest.raises(CatalogueConflictError, match=r"\[E322\].*two.yaml.*'mine.a'"):
        load_catalogues([one, two], builtins=None)
    same_label = write(
        tmp_path, catalogue(entry("other.z", label="Label of mine.a"), id="other"), "three.yaml"
    )
    with pytest.raises(CatalogueConflictError, match="label"):
        load_catalogues([one, same_label], builtins=None)


def test_catalogue_merge_with_builtins(tmp_path: Path) -> None:
    mine = write(tmp_path, catalogue(entry("mine.a"), entry("mine.a.b", parent="mine.a")))
    merged = load_catalogues([mine])
    assert merged.sources[-1] == str(mine)
    assert {c.id for c in merged.catalogues} == {*BUILTIN, "mine"}
    assert merged.children("mine.a")[0].id == "mine.a.b"
    before = merged.sha256
    assert load_catalogues([mine]).sha256 == before
    with pytest.raises(CatalogueError, match="no built-in catalogue 'xx'"):
        load_catalogues([], builtins=["xx"])


def test_catalogue_builtins_cover_the_public_taxonomy() -> None:
    """Every label of the SemEval-2025 taxonomy except the 'Other' ones has an entry."""
    merged = load_catalogues()
    for narrative in merged.entries:
        assert {"en", "ru", "uk"} <= {e.lang for e in narrative.examples}, narrative.id
    if not TAXONOMY.is_file():
        pytest.skip("taxonomy list not available")
    labels = {
        line.strip()
        for line in TAXONOMY.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    wanted = {label for label in labels if label != "Other" and not label.endswith(": Other")}
    assert wanted == set(merged.by_label)


def test_cli_narratives_list_reports_broken_catalogue(tmp_path: Path) -> None:
    runner = CliRunner()
    good = write(tmp_path, catalogue(entry("mine.a")))
    result = runner.invoke(cli, ["narratives", "list", "--no-builtin", "--catalogue", str(good)])
    assert result.exit_code == 0, result.output
    assert "mine.a  Label of mine.a" in result.output
    bad = write(tmp_path, catalogue(entry("mine.a", examples=[])), "bad.yaml")
    result = runner.invoke(cli, ["narratives", "list", "--catalogue", str(bad)])
    assert result.exit_code == 2
    assert "E321" in result.output and "entry 'mine.a'" in result.output
