"""Readers end to end: files, folders and stdin to documents and failures."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspun.errors import (
    BinaryInputError,
    DecodingError,
    EmptyInputError,
    InputNotFoundError,
    InputTooLargeError,
)
from unspun.model import Document, Failure
from unspun.model.document import is_blank
from unspun.readers import ReadOptions, read_inputs, read_path, read_text_document

FIXTURES = Path(__file__).parent / "fixtures" / "readers"


def read_all(*paths: str | Path, **options: object) -> list[Document | Failure]:
    return list(read_inputs(list(paths), ReadOptions(**options)))


def only_document(*paths: str | Path, **options: object) -> Document:
    items = read_all(*paths, **options)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def only_failure(*paths: str | Path, **options: object) -> Failure:
    items = read_all(*paths, **options)
    assert len(items) == 1, items
    assert isinstance(items[0], Failure), items[0]
    return items[0]


class FakeStdin:
    """Stands in for ``sys.stdin``: readers take bytes from ``.buffer``."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


# --- plain text -----------------------------------------------------------------------


def test_plain_text_is_the_whole_file_unchanged(tmp_path: Path) -> None:
    text = "First line.\r\nSecond line\rthird\n\n  indented\ttab  \n"
    (tmp_path / "story.txt").write_bytes(text.encode("utf-8"))
    doc = only_document(tmp_path / "story.txt")
    assert doc.text == text
    assert doc.id == "story"
    assert doc.path == str(tmp_path / "story.txt")
    assert "encoding" not in doc.meta


def test_plain_headline_becomes_title_and_stays_in_text(tmp_path: Path) -> None:
    text = "Minister resigns over scandal\n\nThe minister resigned on Friday.\n"
    (tmp_path / "news.txt").write_text(text, encoding="utf-8")
    doc = only_document(tmp_path / "news.txt")
    assert doc.title == "Minister resigns over scandal"
    assert doc.text == text


@pytest.mark.parametrize(
    "text",
    [
        "The minister resigned on Friday.\n\nMore text.\n",  # a sentence, not a headline
        "Minister resigns\nThe minister resigned on Friday.\n",  # no blank line after it
        "Minister resigns\n\n",  # nothing after it
        ("word " * 60).strip() + "\n\nMore text.\n",  # too long
    ],
)
def test_plain_no_title_when_first_line_is_no_headline(tmp_path: Path, text: str) -> None:
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert only_document(tmp_path / "a.txt").title is None


def test_read_text_document_directly() -> None:
    doc = read_text_document("Hello world", "doc-1", options=ReadOptions(default_lang="en"))
    assert (doc.id, doc.text, doc.lang) == ("doc-1", "Hello world", "en")
    with pytest.raises(EmptyInputError):
        read_text_document(" \n\t ", "doc-2")


def test_default_lang_is_applied(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Текст новости.", encoding="utf-8")
    assert only_document(tmp_path / "a.txt", default_lang="ru").lang == "ru"


# --- encodings ------------------------------------------------------------------------


def test_utf8_bom_is_kept_in_the_text(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfTitle\n\nBody text.")
    doc = only_document(tmp_path / "bom.txt")
    assert doc.text == "\ufeffTitle\n\nBody text."
    assert doc.text.index("Body") == 8  # the mark counts as one character
    assert doc.title == "Title"


def test_cp1251_russian_is_detected(tmp_path: Path) -> None:
    text = "Президент заявил, что враги снова пытаются разрушить нашу страну."
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    doc = only_document(tmp_path / "ru.txt")
    assert doc.text == text
    assert doc.meta["encoding"] == "cp1251"


def test_koi8u_ukrainian_is_detected(tmp_path: Path) -> None:
    text = "Уряд України оголосив про нові заходи підтримки для громадян, які постраждали."
    (tmp_path / "uk.txt").write_bytes(text.encode("koi8-u"))
    doc = only_document(tmp_path / "uk.txt")
    assert doc.text == text
    assert doc.meta["encoding"] == "koi8-u"


def test_utf16_with_bom_keeps_the_mark(tmp_path: Path) -> None:
    text = "Новости дня: all is well."
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    doc = only_document(tmp_path / "u16.txt")
    assert doc.text == "\ufeff" + text
    assert doc.meta["encoding"].startswith("utf-16")


def test_forced_encoding_is_used(tmp_path: Path) -> None:
    text = "Привет, мир"
    (tmp_path / "a.txt").write_bytes(text.encode("koi8-r"))
    doc = only_document(tmp_path / "a.txt", encoding="koi8_r")
    assert doc.text == text
    assert doc.meta["encoding"] == "koi8-r"


def test_wrong_forced_encoding_is_a_decoding_failure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Привет".encode("cp1251"))
    failure = only_failure(tmp_path / "a.txt", encoding="utf-8")
    assert isinstance(failure.error, DecodingError)
    assert failure.error.hint and "--encoding" in failure.error.hint


def test_undecodable_bytes_are_a_decoding_failure(tmp_path: Path) -> None:
    noise = bytes(range(0x80, 0x100)) * 8
    (tmp_path / "noise.txt").write_bytes(noise)
    failure = only_failure(tmp_path / "noise.txt")
    assert isinstance(failure.error, DecodingError)
    assert failure.error.hint and "--encoding" in failure.error.hint
    assert failure.source == str(tmp_path / "noise.txt")


# --- binary, empty, too large, missing ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 30, "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ],
)
def test_known_binary_formats_are_named(tmp_path: Path, data: bytes, expected: str) -> None:
    (tmp_path / "doc.txt").write_bytes(data)
    failure = only_failure(tmp_path / "doc.txt")
    assert isinstance(failure.error, BinaryInputError)
    assert expected in failure.error.message
    assert failure.error.hint


def test_pdf_hint_says_to_extract_text(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\nrest")
    failure = only_failure(tmp_path / "report.pdf")
    assert "looks like a PDF" in failure.error.message
    assert failure.error.hint and "extract its text first" in failure.error.hint


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096))
    (tmp_path / "blob.txt").write_bytes(data)
    assert isinstance(only_failure(tmp_path / "blob.txt").error, BinaryInputError)


def test_nul_heavy_text_is_binary(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"ab\x00\x00cd\x00\x00" * 50)
    assert isinstance(only_failure(tmp_path / "a.txt").error, BinaryInputError)


def test_a_few_nuls_inside_text_are_kept(tmp_path: Path) -> None:
    text = "Normal text\x00 with one NUL inside a long enough sentence of words."
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    assert only_document(tmp_path / "a.txt").text == text


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_or_blank_file_is_a_failure(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "empty.txt").write_bytes(content)
    failure = only_failure(tmp_path / "empty.txt")
    assert isinstance(failure.error, EmptyInputError)
    assert failure.id == "empty"
    assert failure.error.hint


def test_file_over_max_bytes_is_too_large(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000, encoding="utf-8")
    failure = only_failure(tmp_path / "big.txt", max_bytes=1000)
    assert isinstance(failure.error, InputTooLargeError)
    assert failure.error.hint and "--max-bytes" in failure.error.hint
    assert only_document(tmp_path / "big.txt", max_bytes=2000).text == "x" * 2000


def test_missing_path_fails_and_others_are_still_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta text.", encoding="utf-8")
    items = read_all(tmp_path / "a.txt", tmp_path / "nope.txt", tmp_path / "b.txt")
    assert [type(item) for item in items] == [Document, Failure, Document]
    failure = items[1]
    assert isinstance(failure, Failure)
    assert isinstance(failure.error, InputNotFoundError)
    assert failure.source == str(tmp_path / "nope.txt")
    assert failure.error.hint


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_front_matter_gives_title_and_metadata() -> None:
    path = FIXTURES / "front-matter.md"
    doc = only_document(path)
    assert doc.text == path.read_bytes().decode("utf-8")
    assert doc.title == "Why the bridge closed"
    assert doc.date == "2024-02-01"
    assert doc.authors == ("Ann Smith", "Bob Jones")
    assert (doc.lang, doc.url) == ("en", "https://example.org/bridge")
    assert doc.text[doc.meta["body_start"] :].startswith("\n# A heading")
    assert doc.meta["front_matter"]["tags"] == ["transport", "city"]


def test_markdown_title_from_first_heading_outside_code(tmp_path: Path) -> None:
    text = "```\n# code comment\n```\n\nIntro.\n\n# Real *title* #\n\nBody.\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    doc = only_document(tmp_path / "a.md")
    assert doc.title == "Real *title*"
    assert doc.text == text


def test_markdown_setext_heading(tmp_path: Path) -> None:
    (tmp_path / "a.markdown").write_text("Big news\n========\n\nBody.\n", encoding="utf-8")
    assert only_document(tmp_path / "a.markdown").title == "Big news"


def test_markdown_with_only_front_matter_is_empty(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n\n", encoding="utf-8")
    assert isinstance(only_failure(tmp_path / "a.md").error, EmptyInputError)


# --- HTML -------------------------------------------------------------------------------


def test_html_article_text_and_metadata() -> None:
    doc = only_document(FIXTURES / "article.html")
    assert "The city council approved a new budget on Tuesday" in doc.text
    assert "a fair compromise" in doc.text
    for junk in ("TRACKER_SECRET", "INLINE_SCRIPT_TEXT", "font-family", "Copyright 2024"):
        assert junk not in doc.text
    assert doc.title == "Council approves new budget"
    assert doc.url == "https://gazette.example/news/council-budget"
    assert doc.source == "The Example Gazette"
    assert doc.date is not None and doc.date.startswith("2024-03-05")
    assert doc.authors == ("Jane Doe", "John Roe")
    assert doc.lang == "en"
    assert doc.path == str(FIXTURES / "article.html")
    assert doc.meta["extraction"] == "trafilatura"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>Unclosed paragraph <b>bold <i>italic <div>more text</body>",
        "<p>Just a fragment of text with <a href='x'>a link</p></div></span>",
        "<<<>>> </p> garbage < and > plain words here",
        "<html><head><title>Only a title</title></head><body>Loose words</body></html>",
        "<table><tr><td>cell one<td>cell two</table><p>after</p>",
    ],
)
def test_malformed_html_never_crashes(tmp_path: Path, html: str) -> None:
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    doc = only_document(tmp_path / "page.html")
    assert doc.text.strip()
    assert doc.meta["extraction"] in ("trafilatura", "fallback")
    assert "<b>" not in doc.text and "<div>" not in doc.text


def test_html_fallback_drops_scripts_and_styles(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Fallback page</title><style>p {color: red}</style></head>"
        "<body><script>var hidden = 'SCRIPT_BODY';</script><span>Short visible words.</span>"
        "<noscript>NOSCRIPT</noscript></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    doc = only_document(tmp_path / "page.html")
    assert "Short visible words." in doc.text
    for junk in ("SCRIPT_BODY", "color: red", "NOSCRIPT"):
        assert junk not in doc.text
    assert doc.title == "Fallback page"


def test_html_unclosed_script_does_not_leak(tmp_path: Path) -> None:
    html = "<p>Visible sentence here.</p><script>var leaked = 'LEAK'; <p>still script"
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    doc = only_document(tmp_path / "page.html")
    assert "Visible sentence here." in doc.text
    assert "LEAK" not in doc.text


def test_html_without_visible_text_is_empty(tmp_path: Path) -> None:
    html = "<html><head><script>app()</script></head><body><div id='root'></div></body></html>"
    (tmp_path / "spa.html").write_text(html, encoding="utf-8")
    failure = only_failure(tmp_path / "spa.html")
    assert isinstance(failure.error, EmptyInputError)
    assert failure.error.hint


def test_html_xss_like_title_is_kept_as_plain_text(tmp_path: Path) -> None:
    html = (
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</title></head>"
        "<body><p>Body text that says something.</p></body></html>"
    )
    (tmp_path / "xss.html").write_text(html, encoding="utf-8")
    doc = only_document(tmp_path / "xss.html")
    assert doc.title == "<script>alert(1)</script> & more"


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1251"><title>Новости</title></head>'
        "<body><p>Сегодня в городе прошёл митинг.</p></body></html>"
    )
    (tmp_path / "ru.htm").write_bytes(html.encode("cp1251"))
    doc = only_document(tmp_path / "ru.htm")
    assert "Сегодня в городе прошёл митинг." in doc.text
    assert doc.meta["encoding"] == "cp1251"


# --- folders, sniffing, stdin, ids -------------------------------------------------------


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Bee.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Ay.", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")  # not a matching pattern
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Git.", encoding="utf-8")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "c.TXT").write_text("Sea.", encoding="utf-8")
    items = read_all(tmp_path)
    assert [item.id for item in items] == ["a", "b", "c"]
    assert all(isinstance(item, Document) for item in items)
    assert [item.id for item in read_all(tmp_path, recursive=False)] == ["a", "b"]
    assert [item.id for item in read_all(tmp_path, glob=("*.md",))] == ["a"]


def test_directory_without_matching_files_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    failure = only_failure(tmp_path)
    assert isinstance(failure.error, InputNotFoundError)
    assert failure.error.hint and "--glob" in failure.error.hint


def test_named_file_with_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "records.dat").write_text('{"text": "one"}\n{"text": "two"}\n', "utf-8")
    (tmp_path / "page.out").write_text("<html><body><p>Hello page.</p></body></html>", "utf-8")
    (tmp_path / "README").write_text("Just words.", encoding="utf-8")
    items = read_all(tmp_path / "records.dat", tmp_path / "page.out", tmp_path / "README")
    assert [item.id for item in items] == ["records:1", "records:2", "page", "README"]
    assert isinstance(items[2], Document) and items[2].meta["extraction"]


def test_forced_format_overrides_extension(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("<p>Hello <b>there</b></p>", encoding="utf-8")
    assert only_document(tmp_path / "a.txt").text == "<p>Hello <b>there</b></p>"
    assert "<b>" not in only_document(tmp_path / "a.txt", format="html").text


@pytest.mark.parametrize(
    ("data", "ids", "extraction"),
    [
        (b"Plain words from a pipe.\n", ["stdin"], None),
        (b'{"id": "x1", "text": "one"}\n\n{"text": "two"}\n', ["x1", "stdin:3"], None),
        (b"<!doctype html><html><body><p>Piped page.</p></body></html>", ["stdin"], "any"),
    ],
)
def test_stdin_is_sniffed(
    monkeypatch: pytest.MonkeyPatch, data: bytes, ids: list[str], extraction: str | None
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    items = read_all("-")
    assert [item.id for item in items] == ids
    doc = items[0]
    assert isinstance(doc, Document) and doc.path is None
    assert ("extraction" in doc.meta) == (extraction is not None)


def test_stdin_too_large_and_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"y" * 100))
    failure = only_failure("-", max_bytes=10)
    assert isinstance(failure.error, InputTooLargeError)
    assert failure.source == "<stdin>"
    monkeypatch.setattr(sys, "stdin", FakeStdin(b""))
    assert isinstance(only_failure("-").error, EmptyInputError)


def test_duplicate_ids_get_a_suffix_and_a_note(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "story.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "two" / "story.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        '{"id": "story", "text": "Third."}\n{"id": "story#2", "text": "Fourth."}\n', "utf-8"
    )
    items = read_all(tmp_path / "one", tmp_path / "two", tmp_path / "c.jsonl")
    docs = [item for item in items if isinstance(item, Document)]
    # A new name never takes the id of a real document read later (issue 14): the real
    # "story#2" keeps its id, the repeats of "story" skip it.
    assert [doc.id for doc in docs] == ["story", "story#3", "story#4", "story#2"]
    assert [doc.text for doc in docs] == ["First.", "Second.", "Third.", "Fourth."]
    assert "duplicate_of" not in docs[0].meta
    assert docs[1].meta["duplicate_of"] == "story"
    assert "duplicate_of" not in docs[3].meta


def test_read_path_accepts_str_and_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Alpha.", encoding="utf-8")
    assert [d.id for d in read_path(str(tmp_path / "a.txt"))] == ["a"]
    assert [d.id for d in read_path(tmp_path / "a.txt")] == ["a"]


# --- hostile text -----------------------------------------------------------------------


def test_hostile_unicode_is_kept_as_is(tmp_path: Path) -> None:
    text = (
        "Bidi \u202eoverride\u202c and \u2066isolate\u2069, zero\u200bwidth\u200d joiners, "
        "e" + "\u0301" * 500 + " combining flood, \ufeff inner BOM, emoji 👩🏽‍🚀."
    )
    (tmp_path / "hostile.txt").write_text(text, encoding="utf-8")
    doc = only_document(tmp_path / "hostile.txt")
    assert doc.text == text
    assert len(doc) == len(text)


def test_encoded_lone_surrogates_are_repaired_one_for_one(tmp_path: Path) -> None:
    # WTF-8: a lone surrogate written as three bytes, which strict UTF-8 refuses.
    data = b"before " + "\ud800".encode("utf-8", "surrogatepass") + b" after"
    (tmp_path / "wtf8.txt").write_bytes(data)
    assert only_document(tmp_path / "wtf8.txt").text == "before \ufffd after"


# --- property ---------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("\n\r\t")),
    min_size=1,
    max_size=300,
).filter(lambda text: not is_blank(text))  # blank: spaces or invisible marks only


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT)
def test_any_utf8_text_file_reads_back_exactly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "prop.txt"
    path.write_bytes(text.encode("utf-8"))
    items = list(read_inputs([path], ReadOptions()))
    assert len(items) == 1
    doc = items[0]
    assert isinstance(doc, Document), doc
    assert doc.text == text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_read(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as stream:
            stream.write(b"Words through a pipe.")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        doc = only_document(fifo)
    finally:
        writer.join(timeout=5)
    assert (doc.id, doc.text) == ("pipe", "Words through a pipe.")


def test_every_failure_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "pdf.txt").write_bytes(b"%PDF-1.4")
    (tmp_path / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    (tmp_path / "big.txt").write_text("x" * 50, encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": 1}\n{\n[]\n{"x": "y"}\n', encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 nope")
    (tmp_path / "spa.html").write_text("<script>x()</script>", encoding="utf-8")
    items = read_all(tmp_path, tmp_path / "missing.txt", max_bytes=40)
    assert items and all(isinstance(item, Failure) for item in items)
    for item in items:
        assert isinstance(item, Failure)
        assert item.error.message and item.error.hint, item
        assert item.error.source == item.source
        assert item.source.startswith(str(tmp_path))


def test_yaml_alias_bomb_in_front_matter_is_ignored(tmp_path: Path) -> None:
    levels = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for name, previous in zip("bcdefgh", "abcdefg", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = "---\n" + "\n".join(levels) + "\ntitle: Bomb\n---\n# Real title\n\nBody.\n"
    (tmp_path / "bomb.md").write_text(text, encoding="utf-8")
    doc = only_document(tmp_path / "bomb.md")
    assert doc.text == text
    assert doc.title == "Real title"
    assert "front_matter" not in doc.meta


def test_default_lang_is_validated() -> None:
    assert ReadOptions(default_lang="RU").default_lang == "ru"
    with pytest.raises(ValueError, match="ISO 639-1"):
        ReadOptions(default_lang="russian")
