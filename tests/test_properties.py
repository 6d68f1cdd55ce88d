"""Property tests (Hypothesis): readers, blank detection and the JSONL writer round trip on
any Unicode text (combining marks, CRLF, lone surrogates escaped in JSON). Bounded for
the suite; ``scripts/fuzz.sh`` runs them longer (``HYPOTHESIS_PROFILE=fuzz``)."""

from __future__ import annotations

import io
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspun.model import Document, Failure
from unspun.model.document import is_blank
from unspun.model.record import AnalysisRecord
from unspun.readers import ReadOptions, repair_surrogates
from unspun.readers.files import read_bytes
from unspun.readers.ids import unique_ids
from unspun.writers.jsonl import dumps_line

settings.register_profile("suite", max_examples=60, deadline=None)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "5000")), deadline=None
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

TEXT = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(["\r\n", "\n", "\t", "\u0301", "\u200d", "\ufeff", "\u00a0", "e\u0301"]),
    ),
    max_size=120,
).map("".join)
FORMATS = st.sampled_from(["text", "markdown", "html", "jsonl", "json", "csv", None])


def _read(data: bytes, fmt: str | None) -> list[Document | Failure]:
    options = ReadOptions(format=fmt or "auto")
    return list(read_bytes(data, options, name="<fuzz>", stem="fuzz"))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), fmt=FORMATS)
def test_readers_never_raise_on_any_bytes(data: bytes, fmt: str | None) -> None:
    for item in _read(data, fmt):
        if isinstance(item, Failure):
            assert item.error.code.startswith("E1") and item.error.hint
        else:
            item.text.encode("utf-8")  # writable
            assert not is_blank(item.text)


@given(text=TEXT)
def test_a_text_file_reads_back_exactly_or_is_blank(text: str) -> None:
    (item,) = _read(text.encode("utf-8"), "text")
    if is_blank(text):
        assert isinstance(item, Failure) and item.error.code == "E102"
    else:
        assert isinstance(item, Document) and item.text == text


@given(text=TEXT, escape=st.booleans())
def test_jsonl_records_read_back_exactly(text: str, escape: bool) -> None:
    line = json.dumps({"id": "p", "text": text}, ensure_ascii=escape)
    (item,) = _read(line.encode("utf-8") + b"\n", "jsonl")
    if isinstance(item, Document):
        assert item.text == text
    else:
        assert is_blank(text)


@given(codes=st.lists(st.integers(0xD800, 0xDFFF), min_size=1, max_size=3))
def test_lone_surrogates_escaped_in_json_are_repaired_one_for_one(codes: list[int]) -> None:
    escaped = "".join(f"\\u{c:04x}" for c in codes)
    line = '{"id": "s", "text": "A' + escaped + 'b"}\n'
    (item,) = _read(line.encode("ascii"), "jsonl")
    parsed = json.loads(line)["text"]  # a valid pair joins into one character
    assert isinstance(item, Document) and len(item.text) == len(parsed)
    assert item.text == repair_surrogates(parsed)
    item.text.encode("utf-8")


@given(text=TEXT.filter(lambda t: not is_blank(t)))
def test_jsonl_writer_round_trip(text: str) -> None:
    record = AnalysisRecord(id="r\u2028", lang=None, text=text, length=len(text))
    line = dumps_line(record.model_dump(mode="json"))
    assert line.count("\n") == 1 and len(io.StringIO(line).read().splitlines()) == 1
    back = AnalysisRecord.model_validate(json.loads(line))
    assert back == record and dumps_line(back.model_dump(mode="json")) == line


@given(ids=st.lists(st.sampled_from(["a", "a#2", "a#3", "b", "a#2#2"]), max_size=12))
def test_renamed_ids_are_unique_and_never_a_real_id(ids: list[str]) -> None:
    out = [d.id for d in unique_ids(Document(id=i, text="t") for i in ids)]
    assert len(out) == len(set(out))
    for given_id, got in zip(ids, out, strict=True):
        assert got == given_id or got not in ids
