"""Decoding, sniffing and id helpers of the readers."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspun.errors import BinaryInputError, DecodingError
from unspun.model import Document
from unspun.readers import ReadOptions, decode_bytes, repair_surrogates
from unspun.readers.encoding import detect_encoding, guess_utf16, stream_encoding
from unspun.readers.ids import UniqueIds
from unspun.readers.plausibility import plausibility
from unspun.readers.sniff import check_not_binary, format_for_path, sniff_format

RUSSIAN = "Президент заявил, что враги снова пытаются разрушить нашу страну."
UKRAINIAN = "Уряд України оголосив про нові заходи підтримки для громадян."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (UKRAINIAN, "cp1251"),
        (UKRAINIAN, "koi8-u"),
        ("Привет мир", "cp1251"),  # short: charset-normalizer alone says cp1125
        ("Слава Україні! Героям слава.", "koi8-u"),
        ("Café crème brûlée à la façon de grand-mère.", "cp1252"),
        ("Zażółć gęślą jaźń, powiedział minister.", "cp1250"),
    ],
)
def test_legacy_encodings_are_detected(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == codecs.lookup(encoding).name


@pytest.mark.parametrize(
    ("bom_codec", "expected"),
    [
        ("utf-8-sig", "utf-8"),
        ("utf-16", "utf-16"),
        ("utf-32", "utf-32"),
    ],
)
def test_byte_order_mark_is_kept_as_a_character(bom_codec: str, expected: str) -> None:
    decoded = decode_bytes("Новость".encode(bom_codec))
    assert decoded.text == "\ufeffНовость"
    assert decoded.encoding.startswith(expected)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_mark(codec: str) -> None:
    text = "Новости дня, и ещё немного текста."
    assert guess_utf16(text.encode(codec)) == codec
    assert decode_bytes(text.encode(codec)).text == text


def test_ascii_with_a_nul_is_not_utf16() -> None:
    assert guess_utf16(b"Normal text\x00 with one NUL inside it.") is None


def test_forced_encoding_wins_and_fails_clearly() -> None:
    assert decode_bytes("ьъ".encode("cp1251"), encoding="cp1251").text == "ьъ"
    with pytest.raises(DecodingError) as info:
        decode_bytes(b"\xff\xfe\xfa", encoding="utf-8", source="x.txt")
    assert info.value.source == "x.txt"
    assert info.value.hint


def test_mostly_utf8_replaces_stray_bytes_one_for_one() -> None:
    data = ("Новость " * 10).encode() + b"\xff" + " конец".encode()
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 1
    assert decoded.text == "Новость " * 10 + "\ufffd конец"


def test_noise_is_not_decodable() -> None:
    with pytest.raises(DecodingError) as info:
        decode_bytes(bytes(range(0x80, 0x100)) * 4, source="n.txt")
    assert "--encoding" in (info.value.hint or "")
    assert detect_encoding(bytes(range(0x80, 0x100)) * 4) is None


def test_stream_encoding() -> None:
    assert stream_encoding(b"\xef\xbb\xbf{}") == "utf-8-sig"
    assert stream_encoding("{}".encode("utf-16")) == "utf-16"
    assert stream_encoding("Привет".encode()[:-1]) == "utf-8"  # cut inside a character
    assert stream_encoding(RUSSIAN.encode("cp1251")) == "cp1251"
    assert stream_encoding(b"anything", encoding="latin-1") == "latin-1"


def test_repair_surrogates_keeps_length() -> None:
    text = "a\ud800b\udfffc\U0001f600"
    repaired = repair_surrogates(text)
    assert repaired == "a\ufffdb\ufffdc\U0001f600"
    assert len(repaired) == len(text)
    Document(id="x", text=repaired)


@given(st.text())
def test_repair_surrogates_property(text: str) -> None:
    repaired = repair_surrogates(text)
    assert len(repaired) == len(text)
    repaired.encode("utf-8")
    if not any("\ud800" <= char <= "\udfff" for char in text):
        assert repaired == text


def test_plausibility_prefers_the_right_code_page() -> None:
    data = RUSSIAN.encode("cp1251")
    assert plausibility(data.decode("cp1251")) > plausibility(data.decode("koi8-r"))
    assert plausibility(data.decode("cp1251")) > plausibility(data.decode("cp1125"))


# --- sniffing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.TXT", "text"),
        ("a.md", "markdown"),
        ("a.htm", "html"),
        ("a.ndjson", "jsonl"),
        ("a.json", "json"),
        ("a.tsv", "csv"),
        ("a.parquet", "parquet"),
        ("a.docx", None),
        ("README", None),
    ],
)
def test_format_for_path(name: str, fmt: str | None) -> None:
    assert format_for_path(name) == fmt


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b'{"text": "a"}\n{broken\n{"text": "c"}\n', "jsonl"),
        (b'{"text": "single"}', "jsonl"),
        (b'\xef\xbb\xbf  {"text": "a"}', "jsonl"),
        (b'[{"text": "a"}]', "json"),
        (b'{\n  "text": "pretty"\n}\n', "json"),
        (b"<!DOCTYPE html><html><p>x</p></html>", "html"),
        (b"  <div>fragment</div>", "html"),
        (b"<3 you, not a tag", "text"),
        (b"# Heading\n\nBody", "markdown"),
        (b"---\ntitle: x\n---\nBody", "markdown"),
        (b"Plain words.", "text"),
        (b"{Braces} open this plain sentence.", "text"),
        (b"[1] A footnote marker starts this text.", "text"),
        (b"PAR1\x15\x04", "parquet"),
    ],
)
def test_sniff_format(head: bytes, fmt: str) -> None:
    assert sniff_format(head, complete=True) == fmt


@pytest.mark.parametrize(
    "head",
    [
        b"%PDF-1.5\n",
        b"PK\x03\x04rest",
        b"\x1f\x8b\x08\x00",
        b"\x7fELF\x02\x01",
        b"\x00\x01\x02" * 20,
    ],
)
def test_binary_is_refused(head: bytes) -> None:
    with pytest.raises(BinaryInputError) as info:
        check_not_binary(head, source="f")
    assert info.value.hint and info.value.source == "f"


@pytest.mark.parametrize(
    "head",
    [
        b"Plain text\twith tabs\r\nand\x0cform feeds",
        "Привет".encode("utf-16"),
        "Новости дня, и ещё немного текста.".encode("utf-16-le"),
        b"BZh is how this sentence starts.",
        b"Text with one \x00 NUL among many ordinary words in a sentence.",
    ],
)
def test_text_is_not_binary(head: bytes) -> None:
    check_not_binary(head)


# --- ids and options --------------------------------------------------------------------


def test_unique_ids_never_collide() -> None:
    ids = UniqueIds()
    claimed = [ids.claim(Document(id=name, text="t")).id for name in ["a", "a", "a#2", "a", "b"]]
    assert claimed == ["a", "a#2", "a#2#2", "a#3", "b"]


def test_read_options_validate() -> None:
    assert ReadOptions(encoding="KOI8_R").encoding == "koi8-r"
    with pytest.raises(ValueError, match="unknown encoding"):
        ReadOptions(encoding="no-such-codec")
    with pytest.raises(ValueError):
        ReadOptions(glob=())
    with pytest.raises(ValueError):
        ReadOptions(format="docx")
    assert "text" in ReadOptions().record_fields()
