"""Corpus readers: JSONL, JSON, CSV and Parquet records to documents and failures."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspun.errors import (
    DecodingError,
    EmptyInputError,
    MalformedInputError,
    MissingFieldError,
)
from unspun.model import Document, Failure
from unspun.model.document import is_blank
from unspun.readers import ReadOptions, read_inputs, repair_surrogates


def read_all(*paths: str | Path, **options: object) -> list[Document | Failure]:
    return list(read_inputs(list(paths), ReadOptions(**options)))


def documents(items: list[Document | Failure]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def failures(items: list[Document | Failure]) -> list[Failure]:
    return [item for item in items if isinstance(item, Failure)]


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- JSONL ------------------------------------------------------------------------------


def test_jsonl_bad_lines_fail_with_line_numbers_and_reading_goes_on(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "corpus.jsonl",
        json.dumps({"id": "a", "text": "First text."}),
        "{not json",
        "",
        "[1, 2]",
        json.dumps({"id": "d", "body": "Wrong field.", "n": 1}),
        json.dumps({"id": "e", "text": "   "}),
        json.dumps({"id": "f", "text": None}),
        json.dumps({"id": "g", "text": 42}),
        json.dumps({"id": "h", "text": "Last text."}),
    )
    items = read_all(path)
    assert [doc.id for doc in documents(items)] == ["a", "h"]
    by_source = {failure.source: failure for failure in failures(items)}
    name = str(path)
    assert list(by_source) == [f"{name}:line {n}" for n in (2, 4, 5, 6, 7, 8)]
    assert isinstance(by_source[f"{name}:line 2"].error, MalformedInputError)
    assert "not valid JSON" in by_source[f"{name}:line 2"].error.message
    assert "array" in by_source[f"{name}:line 4"].error.message
    missing = by_source[f"{name}:line 5"]
    assert isinstance(missing.error, MissingFieldError)
    assert missing.id == "d"
    assert "body" in missing.error.message and "n" in missing.error.message
    assert missing.error.hint and "--text-field" in missing.error.hint
    assert isinstance(by_source[f"{name}:line 6"].error, EmptyInputError)
    assert isinstance(by_source[f"{name}:line 7"].error, EmptyInputError)
    assert isinstance(by_source[f"{name}:line 8"].error, MalformedInputError)
    for failure in by_source.values():
        assert failure.error.source == failure.source
        assert failure.error.hint


def test_jsonl_fields_metadata_and_fallback_ids(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "posts.ndjson",
        json.dumps(
            {
                "id": 17,
                "text": "Текст поста.",
                "title": "Заголовок",
                "lang": "ru-RU",
                "url": "https://t.me/x/1",
                "date": "2024-01-01",
                "source": "Channel",
                "score": float("nan"),
                "tags": ["a", {"b": 1}],
            }
        ),
        json.dumps({"text": "No id here."}),
    )
    first, second = read_all(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.text, first.title, first.lang) == (
        "17",
        "Текст поста.",
        "Заголовок",
        "ru",
    )
    assert (first.url, first.date, first.source) == ("https://t.me/x/1", "2024-01-01", "Channel")
    assert first.meta == {"score": None, "tags": ["a", {"b": 1}]}
    assert first.path == str(path)
    json.dumps(first.meta, allow_nan=False)
    assert second.id == "posts:2"


def test_jsonl_custom_field_names(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "c.jsonl",
        json.dumps({"doc_id": "x", "content": "Body.", "headline": "Head", "language": "uk"}),
    )
    options = {
        "id_field": "doc_id",
        "text_field": "content",
        "title_field": "headline",
        "lang_field": "language",
    }
    (doc,) = read_all(path, **options)
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.title, doc.lang, doc.meta) == ("x", "Body.", "Head", "uk", {})


def test_jsonl_lone_surrogates_are_repaired(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "s.jsonl", '{"text": "a\\ud800b\\udc00c \\ud83d\\ude00", "k": "\\udfff"}'
    )
    (doc,) = read_all(path)
    assert isinstance(doc, Document)
    assert doc.text == "a\ufffdb\ufffdc \U0001f600"
    assert doc.meta == {"k": "\ufffd"}


UTF8_LINE = json.dumps({"text": "Хорошая строка в UTF-8."}, ensure_ascii=False).encode()


def test_jsonl_undecodable_line_fails_alone(tmp_path: Path) -> None:
    # Mostly UTF-8 with one stray byte: the file is UTF-8 and only that line fails.
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(UTF8_LINE + b'\n{"text": "bad \xff byte"}\n' + UTF8_LINE + b"\n")
    items = read_all(path)
    assert [doc.text for doc in documents(items)] == ["Хорошая строка в UTF-8."] * 2
    (failure,) = failures(items)
    assert isinstance(failure.error, DecodingError)
    assert failure.source == f"{path}:line 2"


def test_jsonl_utf16_and_bom(tmp_path: Path) -> None:
    lines = '{"text": "Привет"}\n{"text": "Світ"}\n'
    (tmp_path / "u16.jsonl").write_bytes(lines.encode("utf-16"))
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + lines.encode("utf-8"))
    u16 = read_all(tmp_path / "u16.jsonl")
    assert [doc.text for doc in documents(u16)] == ["Привет", "Світ"]
    assert documents(u16)[0].meta["encoding"].startswith("utf-16")
    bom = read_all(tmp_path / "bom.jsonl")
    assert [doc.text for doc in documents(bom)] == ["Привет", "Світ"]
    assert "encoding" not in documents(bom)[0].meta


def test_jsonl_cp1251(tmp_path: Path) -> None:
    line = json.dumps(
        {"text": "Новости дня: правительство объявило новые меры."}, ensure_ascii=False
    )
    (tmp_path / "ru.jsonl").write_bytes((line + "\n").encode("cp1251"))
    (doc,) = read_all(tmp_path / "ru.jsonl")
    assert isinstance(doc, Document)
    assert doc.text == "Новости дня: правительство объявило новые меры."
    assert doc.meta["encoding"] == "cp1251"


def test_jsonl_with_only_blank_lines_is_empty(tmp_path: Path) -> None:
    (tmp_path / "blank.jsonl").write_text("\n   \n\n", encoding="utf-8")
    (failure,) = read_all(tmp_path / "blank.jsonl")
    assert isinstance(failure, Failure) and isinstance(failure.error, EmptyInputError)


def test_meta_keeps_a_field_the_reader_also_notes(tmp_path: Path) -> None:
    line = json.dumps({"text": "Текст новости о событиях дня.", "encoding": "column value"})
    (tmp_path / "a.jsonl").write_bytes((line + "\n").encode("cp1251"))
    (doc,) = read_all(tmp_path / "a.jsonl", encoding="cp1251")
    assert isinstance(doc, Document)
    assert doc.meta == {"encoding": "cp1251", "field:encoding": "column value"}


# --- JSON -------------------------------------------------------------------------------


def test_json_list_of_objects(tmp_path: Path) -> None:
    data = [{"id": "a", "text": "One."}, "oops", {"text": "Three."}, {"title": "no text"}]
    (tmp_path / "list.json").write_text(json.dumps(data), encoding="utf-8")
    items = read_all(tmp_path / "list.json")
    assert [item.id for item in items] == ["a", None, "list:3", "list:4"]
    assert [type(item) for item in items] == [Document, Failure, Document, Failure]
    assert items[1].source == f"{tmp_path / 'list.json'}:row 2"


def test_json_single_object(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text('{"id": "z", "text": "Only one."}', encoding="utf-8")
    (doc,) = read_all(tmp_path / "one.json")
    assert isinstance(doc, Document) and doc.id == "z"


@pytest.mark.parametrize(("content", "word"), [("[1, 2", "not valid JSON"), ('"str"', "string")])
def test_json_malformed(tmp_path: Path, content: str, word: str) -> None:
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    (failure,) = read_all(tmp_path / "bad.json")
    assert isinstance(failure, Failure) and isinstance(failure.error, MalformedInputError)
    assert word in failure.error.message


def test_jsonl_saved_as_json(tmp_path: Path) -> None:
    write_lines(tmp_path / "lines.json", '{"text": "a"}', '{"text": "b"}')
    assert [doc.text for doc in documents(read_all(tmp_path / "lines.json"))] == ["a", "b"]


# --- CSV --------------------------------------------------------------------------------


def test_csv_custom_fields_and_sniffed_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "key;headline;body;outlet\n"
        '1;First;"Text with; a semicolon";Daily\n'
        '2;Second;"Multi-line\ntext, with comma";Weekly\n',
        encoding="utf-8",
    )
    items = read_all(
        path, id_field="key", title_field="headline", text_field="body", source_field="outlet"
    )
    docs = documents(items)
    assert [(d.id, d.title, d.text, d.source) for d in docs] == [
        ("1", "First", "Text with; a semicolon", "Daily"),
        ("2", "Second", "Multi-line\ntext, with comma", "Weekly"),
    ]
    assert docs[0].meta == {}


def test_csv_missing_text_column_lists_columns(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    (failure,) = read_all(tmp_path / "a.csv")
    assert isinstance(failure, Failure) and isinstance(failure.error, MissingFieldError)
    assert "id, body" in failure.error.message
    assert failure.error.hint and "--text-field" in failure.error.hint


def test_csv_bad_rows_fail_with_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        'id,text,extra\n1,"good",x\n2,too few\n3,"",y\n4,"bad"quote,z\n5,"fine",w\n\n',
        encoding="utf-8",
    )
    items = read_all(path)
    assert [doc.id for doc in documents(items)] == ["1", "5"]
    found = {f.source: type(f.error) for f in failures(items)}
    assert found == {
        f"{path}:row 2": MalformedInputError,
        f"{path}:row 3": EmptyInputError,
        f"{path}:row 4": MalformedInputError,
    }


def test_csv_cp1251_and_bom_and_tsv(tmp_path: Path) -> None:
    (tmp_path / "ru.csv").write_bytes(
        "id,text\n1,Президент выступил с обращением к нации.\n".encode("cp1251")
    )
    (tmp_path / "bom.csv").write_bytes("\ufeffid,text\n1,Привет\n".encode())
    (tmp_path / "tab.tsv").write_text("id\ttext\n1\tTabbed, text\n", encoding="utf-8")
    ru, bom, tab = documents(
        read_all(tmp_path / "ru.csv", tmp_path / "bom.csv", tmp_path / "tab.tsv")
    )
    assert ru.text == "Президент выступил с обращением к нации."
    assert ru.meta["encoding"] == "cp1251"
    assert (bom.id, bom.text) == ("1#2", "Привет")
    assert tab.text == "Tabbed, text"


def test_csv_undecodable_row_fails_alone(tmp_path: Path) -> None:
    good = "Хорошая строка в UTF-8.".encode()
    (tmp_path / "a.csv").write_bytes(
        b"id,text\n1," + good + b"\n2,bad \xff byte\n3," + good + b"\n"
    )
    items = read_all(tmp_path / "a.csv")
    assert [doc.id for doc in documents(items)] == ["1", "3"]
    (failure,) = failures(items)
    assert isinstance(failure.error, DecodingError)
    assert failure.source.endswith(":row 2")


def test_csv_header_only_is_empty(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,text\n", encoding="utf-8")
    (failure,) = read_all(tmp_path / "a.csv")
    assert isinstance(failure, Failure) and isinstance(failure.error, EmptyInputError)


def test_csv_huge_field(tmp_path: Path) -> None:
    big = "word " * 60_000
    (tmp_path / "big.csv").write_text(f'id,text\n1,"{big}"\n', encoding="utf-8")
    (doc,) = read_all(tmp_path / "big.csv")
    assert isinstance(doc, Document) and doc.text == big


# --- Parquet ----------------------------------------------------------------------------


def test_parquet_fields_meta_and_batches(tmp_path: Path) -> None:
    rows = 2500
    table = pa.table(
        {
            "uid": [f"u{i}" for i in range(rows)],
            "body": [f"Text number {i}." for i in range(rows)],
            "published": [
                dt.datetime(2024, 1, 1, 12, 0) + dt.timedelta(days=i % 3) for i in range(rows)
            ],
            "score": [0.5 if i else math.nan for i in range(rows)],
            "tags": [["x", "y"]] * rows,
            "raw": [b"\x00\xff"] * rows,
        }
    )
    pq.write_table(table, tmp_path / "big.parquet", row_group_size=1000)
    items = read_all(
        tmp_path / "big.parquet", id_field="uid", text_field="body", date_field="published"
    )
    docs = documents(items)
    assert len(docs) == rows and not failures(items)
    first = docs[0]
    assert (first.id, first.text, first.date) == ("u0", "Text number 0.", "2024-01-01T12:00:00")
    assert first.meta == {"score": None, "tags": ["x", "y"], "raw": "base64:AP8="}
    assert docs[-1].id == "u2499"
    json.dumps(first.meta, allow_nan=False)


def test_parquet_missing_and_null_text(tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": ["a"], "content": ["x"]}), tmp_path / "nocol.parquet")
    pq.write_table(pa.table({"id": ["a", "b"], "text": [None, "ok"]}), tmp_path / "null.parquet")
    nocol, null, ok = read_all(tmp_path / "nocol.parquet", tmp_path / "null.parquet")
    assert isinstance(nocol, Failure) and isinstance(nocol.error, MissingFieldError)
    assert "content" in nocol.error.message
    assert isinstance(null, Failure) and isinstance(null.error, EmptyInputError)
    assert null.source == f"{tmp_path / 'null.parquet'}:row 1" and null.id == "a"
    assert isinstance(ok, Document) and ok.text == "ok"


def test_parquet_binary_text_column_is_decoded(tmp_path: Path) -> None:
    pq.write_table(pa.table({"text": ["Привет, мир".encode("cp1251")]}), tmp_path / "b.parquet")
    (doc,) = read_all(tmp_path / "b.parquet", encoding="cp1251")
    assert isinstance(doc, Document) and doc.text == "Привет, мир"


def test_corrupt_parquet_is_malformed(tmp_path: Path) -> None:
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 this is not really parquet PAR1")
    (failure,) = read_all(tmp_path / "bad.parquet")
    assert isinstance(failure, Failure) and isinstance(failure.error, MalformedInputError)


def test_parquet_from_stdin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pq.write_table(pa.table({"text": ["From a pipe."]}), tmp_path / "p.parquet")

    class FakeStdin:
        buffer = io.BytesIO((tmp_path / "p.parquet").read_bytes())

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    (doc,) = read_all("-")
    assert isinstance(doc, Document)
    assert (doc.id, doc.text) == ("stdin:1", "From a pipe.")


def test_csv_unclosed_quote_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('id,text\n1,ok\n2,"never closed\n3,lost\n', encoding="utf-8")
    items = read_all(path)
    assert [type(item) for item in items] == [Document, Failure]
    failure = items[1]
    assert isinstance(failure, Failure) and failure.source == f"{path}:row 2"
    assert "never closed" in failure.error.message


def test_csv_with_old_mac_line_endings(tmp_path: Path) -> None:
    (tmp_path / "mac.csv").write_bytes(b'id,text\r1,first\r2,"multi\rline"\r')
    docs = documents(read_all(tmp_path / "mac.csv"))
    assert [(doc.id, doc.text) for doc in docs] == [("1", "first"), ("2", "multi\rline")]


# --- properties -------------------------------------------------------------------------


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_any_json_string_reads_back_with_only_surrogates_repaired(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "prop.jsonl"
    path.write_text(json.dumps({"id": "p", "text": text, "k": text}) + "\n", encoding="utf-8")
    (item,) = read_all(path)
    if is_blank(repair_surrogates(text)):  # whitespace, or only invisible characters
        assert isinstance(item, Failure) and isinstance(item.error, EmptyInputError)
        return
    assert isinstance(item, Document)
    assert item.text == repair_surrogates(text)
    assert item.meta == {"k": repair_surrogates(text)}
    json.dumps(item.meta).encode("utf-8")


def test_deeply_nested_json_fails_one_record(tmp_path: Path) -> None:
    deep = '{"text": "x", "deep": ' + "[" * 100_000 + "]" * 100_000 + "}"
    write_lines(tmp_path / "deep.jsonl", deep, '{"text": "after"}')
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    first, second, third = read_all(tmp_path / "deep.jsonl", tmp_path / "deep.json")
    assert isinstance(first, Failure) and "nested too deeply" in first.error.message
    assert isinstance(second, Document) and second.text == "after"
    assert isinstance(third, Failure) and isinstance(third.error, MalformedInputError)
