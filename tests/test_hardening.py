"""Regression tests for issue 14 (hostile or careless input), one per defect."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import unspun
from unspun.cli.main import cli
from unspun.errors import (
    CacheError,
    EmptyInputError,
    MalformedInputError,
    OutputOverlapsInputError,
    UnsafePatternError,
    printable,
)
from unspun.model import Document, Failure
from unspun.pipeline import Pipeline
from unspun.readers import ReadOptions, read_inputs
from unspun.readers.encoding import decode_bytes
from unspun.readers.ids import UniqueIds, unique_ids
from unspun.runtime import files
from unspun.taxonomy.patterns import check_pattern, nested_quantifier

SAID = "Officials said the port will close, experts believe.\n"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _docs(items: list) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


# --- 1. output that is, or lies inside, an input -------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text(SAID, encoding="utf-8")
    return d


@pytest.mark.parametrize("where", ["d/out.jsonl", "d/sub/out.jsonl", "d/../d/out.jsonl", "d"])
def test_output_inside_an_input_folder_is_refused(folder: Path, where: str) -> None:
    out = folder.parent / where
    result = CliRunner().invoke(cli, ["analyze", str(folder), "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "E304" in result.output and "Hint:" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]  # nothing was created


def test_output_equal_to_the_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    data = '{"id": "a", "text": "Experts say the war ended."}\n'
    c = tmp_path / "c.jsonl"
    c.write_text(data, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(c), "-o", str(c)])
    assert result.exit_code == 2 and "E304" in result.output
    assert c.read_text(encoding="utf-8") == data  # never truncated


def test_output_through_a_symlink_to_the_input_is_refused(folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(folder)
    with pytest.raises(OutputOverlapsInputError) as caught:
        unspun.run([folder], link / "out.jsonl")
    assert caught.value.exit_code == 2 and caught.value.hint
    assert not (folder / "out.jsonl").exists()
    target = folder / "a.txt"
    with pytest.raises(OutputOverlapsInputError):
        unspun.run([tmp_path / "link" / "a.txt"], target)  # the same file by another name
    assert target.read_text(encoding="utf-8") == SAID


def test_a_link_inside_the_input_folder_to_the_output_is_not_read(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    (folder / "zz.jsonl").symlink_to(out)  # dangling until the run writes its output
    options = ReadOptions(exclude=(os.path.realpath(out),))
    out.write_text('{"id": "x", "text": "Experts say."}\n', encoding="utf-8")
    items = list(read_inputs([folder], options))
    assert [d.id for d in _docs(items)] == ["a"]
    (failure,) = [i for i in items if isinstance(i, Failure)]
    assert "own output" in failure.error.message and failure.error.hint


# --- 3. file names that are not valid UTF-8 ------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="byte file names are POSIX")
def test_a_file_name_that_is_not_utf8_is_read_and_written(tmp_path: Path, nlp: Pipeline) -> None:
    b = tmp_path / "b"
    b.mkdir()
    with open(os.fsencode(b) + b"/bad\xffname.txt", "wb") as fh:
        fh.write(SAID.encode("utf-8"))
    (b / "good.txt").write_text(SAID, encoding="utf-8")
    items = list(read_inputs([b]))
    assert [d.id for d in _docs(items)] == ["bad\\xffname", "good"]
    for fmt, out in (("jsonl", tmp_path / "o.jsonl"), ("html", tmp_path / "reports")):
        summary = unspun.run([b], out, format=fmt, pipeline=nlp)
        assert (summary.analysed, summary.failed) == (2, 0)
    rows = _jsonl(tmp_path / "o.jsonl")
    assert rows[0]["id"] == "bad\\xffname" and rows[0]["path"].endswith("bad\\xffname.txt")
    assert (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")


# --- 4. cache integrity ------------------------------------------------------------------


def _builder(calls: list[int], delay: float = 0.0):
    def build(out: Path) -> None:
        calls.append(1)
        time.sleep(delay)
        out.write_bytes(b"model bytes " * 1000)

    return build


def test_a_corrupted_cached_model_with_its_mtime_kept_is_rebuilt(tmp_path: Path) -> None:
    calls: list[int] = []
    path = files.cached_build("k", _builder(calls), cache_dir=tmp_path)
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF  # bit rot: same size ...
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ... and the same mtime
    files.forget_verified()  # a new process
    again = files.cached_build("k", _builder(calls), cache_dir=tmp_path)
    assert len(calls) == 2 and again.read_bytes() == b"model bytes " * 1000
    assert files.cached_build("k", _builder(calls), cache_dir=tmp_path) == again
    assert len(calls) == 2  # verified once in this process, then reused


def test_two_builders_at_once_build_once_and_never_see_half_a_file(tmp_path: Path) -> None:
    calls: list[int] = []
    paths: list[Path] = []

    def worker() -> None:
        paths.append(files.cached_build("k", _builder(calls, 0.3), cache_dir=tmp_path))

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(set(paths)) == 1
    assert paths[0].read_bytes() == b"model bytes " * 1000
    leftovers = [p.name for p in paths[0].parent.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


def test_a_cache_path_that_is_a_file_is_a_typed_error(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(CacheError) as caught:
        files.cached_build("k", _builder([]), cache_dir=blocker)
    assert caught.value.exit_code == 4 and "UNSPUN_CACHE_DIR" in (caught.value.hint or "")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_cache_is_a_typed_error(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        with pytest.raises(CacheError) as caught:
            files.cached_build("k", _builder([]), cache_dir=cache)
        assert caught.value.exit_code == 4
    finally:
        cache.chmod(0o700)


# --- 5. CSV with more than 1,000 bad rows ------------------------------------------------


def test_csv_keeps_every_good_row_after_many_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    lines = ["id,text"] + [f"bad{i},x,extra" for i in range(1200)]
    lines += [f"good{i},Experts say the port will close." for i in range(5)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([path]))
    assert [d.id for d in _docs(items)] == [f"good{i}" for i in range(5)]
    assert sum(isinstance(i, Failure) for i in items) == 1200


# --- 6. smaller defects --------------------------------------------------------------------


def test_a_renamed_id_never_takes_a_real_id() -> None:
    docs = [Document(id=i, text="t") for i in ["dup", "dup", "dup#2", "dup", "b"]]
    out = [d.id for d in unique_ids(docs) if isinstance(d, Document)]
    assert len(set(out)) == len(out)
    assert out[2] == "dup#2" and out[0] == "dup" and out[4] == "b"
    assert "dup#2" not in (out[1], out[3])
    # Without look-ahead, a claim still never repeats an id.
    ids = UniqueIds()
    claimed = [ids.claim(Document(id=i, text="t")).id for i in ["a", "a", "a#2"]]
    assert len(set(claimed)) == 3


def test_field_names_in_messages_cannot_drive_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    record = {"\x1b]0;pwned\x07\x1b[2J": "Experts say.", "body\u202e": 1}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (failure,) = list(read_inputs([path]))
    assert isinstance(failure, Failure)
    assert "\x1b" not in failure.error.message and "\u202e" not in failure.error.message
    assert "\x1b" not in (failure.error.hint or "")
    result = CliRunner().invoke(cli, ["analyze", str(path), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 3 and "skipped:" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert printable("a\x1bb\nc") == "a\\x1bb\\nc"


@pytest.mark.parametrize("pattern", ["(a+)+$", r"(?:\w+\s?)*$", "(x+x+)+y", "(a|aa)+$"])
def test_catastrophic_anchor_patterns_are_rejected(pattern: str) -> None:
    started = time.perf_counter()
    with pytest.raises(UnsafePatternError) as caught:
        check_pattern(pattern, source="cat.yaml")
    assert caught.value.exit_code == 2 and caught.value.hint
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    "pattern", ["war|conflict", r"[Uu]kraine\w*", r"(?:NATO|Nato)s?", "a{1,3}"]
)
def test_ordinary_anchor_patterns_pass(pattern: str) -> None:
    assert not nested_quantifier(pattern)
    check_pattern(pattern)


def test_a_catalogue_with_a_catastrophic_anchor_stops_the_cli(tmp_path: Path) -> None:
    catalogue = tmp_path / "cat.yaml"
    catalogue.write_text(
        "format: unspun-narratives/1\nid: evil\nname: Evil\nversion: '1'\n"
        "anchors: ['(a+)+$']\nnarratives:\n  - id: evil.n1\n    label: 'Evil: N1'\n"
        "    name: N1\n    domain: EV\n    description: A narrative.\n"
        "    examples:\n      - {lang: en, text: 'An example sentence.'}\n",
        encoding="utf-8",
    )
    text = tmp_path / "t.txt"
    text.write_text("a" * 75 + "!", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["analyze", str(text), "--catalogue", str(catalogue), "-o", str(tmp_path / "o.jsonl")]
    )
    assert result.exit_code == 2, result.output
    # refused when the catalogue is parsed (E321, invalid catalogue), before any probe (E305)
    assert "nests a quantifier" in result.output and "E321" in result.output


@pytest.mark.parametrize("text", ["\u00a0\u00a0", "\u200b\u200c\u200d", "\ufeff", "\u3000 \u2060"])
def test_invisible_only_text_is_empty(tmp_path: Path, nlp: Pipeline, text: str) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(text, encoding="utf-8")
    (item,) = list(read_inputs([path]))
    assert isinstance(item, Failure) and isinstance(item.error, EmptyInputError)
    outcome = next(nlp.run([Document(id="x", text=text)]))
    assert outcome.failure is not None and isinstance(outcome.failure.error, EmptyInputError)


def test_a_lone_surrogate_is_a_typed_error() -> None:
    with pytest.raises(MalformedInputError) as caught:
        unspun.analyze("Experts \ud800 say.", pipeline=object())  # type: ignore[arg-type]
    assert caught.value.hint


def test_a_stray_byte_in_ascii_is_replaced_not_guessed_as_a_legacy_encoding() -> None:
    base = b"Officials said the plan failed and the port will close next week. " * 5
    decoded = decode_bytes(base + b"\xff " + base)
    assert decoded.encoding == "utf-8" and decoded.replaced == 1
    assert "\ufffd" in decoded.text and len(decoded.text) == len(base) * 2 + 2
    # Real legacy text still decodes as such.
    assert decode_bytes(base + b"caf\xe9 na\xefve " + base).encoding != "utf-8"


def test_inputs_that_are_all_unreadable_fail_fast_without_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blank.txt").write_text("\u00a0\u200b", encoding="utf-8")

    def no_models(*args: object, **kwargs: object) -> Pipeline:
        raise AssertionError("models were loaded for a run with nothing to analyse")

    monkeypatch.setattr(Pipeline, "from_config", no_models)
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["analyze", str(inputs), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 3, result.output
    assert "nothing could be analysed" in result.output
    assert len(_jsonl(tmp_path / "o.jsonl")) == 2
    assert time.perf_counter() - started < 3
