"""What a file holds: its format from the extension or its first bytes, or that it is binary."""

from __future__ import annotations

import json
import re
from pathlib import Path

from unspun.errors import BinaryInputError
from unspun.readers.encoding import bom_encoding, guess_utf16, is_utf8_prefix

SNIFF_BYTES = 1 << 16

_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}

# (leading bytes, what it is, what to do). Signatures hold a non-text byte where the format
# allows, so that no ordinary text file matches by accident.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF", "extract its text first (e.g. pdftotext) and read the .txt file"),
    (
        b"PK\x03\x04",
        "a ZIP archive (or DOCX/ODT/EPUB/XLSX)",
        "unpack it or export its text first, then read the text files",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file", "save it as text first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "run OCR on it first; unspun reads text"),
    (b"\xff\xd8\xff", "a JPEG image", "run OCR on it first; unspun reads text"),
    (b"GIF87a", "a GIF image", "unspun reads text, not images"),
    (b"GIF89a", "a GIF image", "unspun reads text, not images"),
    (b"\x1f\x8b", "a gzip archive", "decompress it first (gunzip)"),
    (b"BZh", "a bzip2 archive", "decompress it first (bunzip2)"),
    (b"\xfd7zXZ\x00", "an xz archive", "decompress it first (unxz)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it first"),
    (b"\x7fELF", "a program (ELF)", "pass text files"),
    (b"SQLite format 3\x00", "an SQLite database", "export the texts to JSONL or CSV first"),
    (b"OggS\x00", "an Ogg media file", "transcribe it first"),
    (b"ID3", "an MP3 file", "transcribe it first"),
)
# Control bytes that plain text does not hold (tab, newlines, form feed and ESC it may).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\x0b\x0c\x1b") + b"\x7f"
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|section|div|p|span|a|br|h[1-6]|title"
    r"|meta|table|ul|ol|li|header|footer|nav|script|style)\b",
    re.IGNORECASE,
)
_MARKDOWN_START = re.compile(r"(?:---[ \t]*\r?\n|\+\+\+[ \t]*\r?\n|#{1,6}[ \t]+\S)")


def format_for_path(path: str | Path) -> str | None:
    """The format a file name's extension names, or None when it names none."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def _magic(head: bytes) -> tuple[str, str] | None:
    for signature, what, hint in _MAGIC:
        if head.startswith(signature):
            if signature == b"BZh" and not head[3:10].startswith(b"1AY&SY", 1):
                continue
            if signature == b"ID3" and head[3:4] not in (b"\x02", b"\x03", b"\x04"):
                continue
            return what, hint
    return None


def check_not_binary(head: bytes, *, source: str | None = None) -> None:
    """Raise :class:`BinaryInputError` when ``head`` (a file's first bytes) is not text.

    Binary means a known signature (PDF, ZIP, images, archives), or many control bytes:
    over 10% of the sample, or over 1% when the sample is not UTF-8 either. A few NULs
    inside otherwise valid text are kept as text.
    """
    if bom_encoding(head):
        return
    found = _magic(head)
    if found:
        what, hint = found
        raise BinaryInputError(f"this looks like {what}, not text", hint=hint, source=source)
    sample = head[:SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if not controls or guess_utf16(sample):
        return
    ratio = controls / len(sample)
    if ratio > 0.10 or (ratio > 0.01 and not is_utf8_prefix(sample)):
        raise BinaryInputError(
            f"this looks like a binary file ({controls} control bytes in the first "
            f"{len(sample)}), not text",
            hint="pass text, Markdown, HTML, JSONL, CSV or Parquet files; "
            "convert other documents to text first",
            source=source,
        )


def _parses_as(text: str, kinds: type | tuple[type, ...]) -> bool:
    try:
        return isinstance(json.loads(text), kinds)
    except (ValueError, RecursionError):
        return False


def _looks_like_jsonl(lines: list[str]) -> bool:
    """The first line is a JSON object and so are most others (bad lines are reported by
    the JSONL reader, not taken as a sign of plain text)."""
    if not lines or not _parses_as(lines[0], dict):
        return False
    return sum(_parses_as(line, dict) for line in lines) * 2 >= len(lines)


def sniff_format(head: bytes, *, complete: bool = False) -> str:
    """Guess the format of content whose name says nothing: Parquet, JSONL, JSON, HTML,
    Markdown or plain text. ``complete`` says ``head`` is the whole content (its last line
    is whole, and JSON must parse to count as JSON)."""
    if head.startswith(b"PAR1"):
        return "parquet"
    bom = bom_encoding(head)
    text = head.decode(bom or "utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        lines = text.splitlines()
        if not complete and len(head) >= SNIFF_BYTES and len(lines) > 1:
            lines = lines[:-1]
        objects = [line for line in lines[:1000] if line.strip()]
        if _looks_like_jsonl(objects):
            return "jsonl"
        # Whole content that does not parse is text that happens to start with a brace.
        if not complete or _parses_as(text, (dict, list)):
            return "json"
    if text.startswith("<") and _HTML_TAG.search(text[:4096]):
        return "html"
    if _MARKDOWN_START.match(text):
        return "markdown"
    return "text"
