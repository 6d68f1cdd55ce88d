"""Decoded lines of a corpus file, streamed, each with its line number."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import BinaryIO

from unspun.readers.encoding import is_ascii_compatible
from unspun.readers.sniff import SNIFF_BYTES


def peek(stream: BinaryIO) -> bytes:
    """The first bytes of a seekable ``stream``, leaving it where it was."""
    start = stream.tell()
    head = stream.read(SNIFF_BYTES)
    stream.seek(start)
    return head


def decode_head(head: bytes, encoding: str) -> str:
    """``head`` decoded leniently, a sequence cut off at its end left out."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(head, final=False)


def iter_lines(
    stream: BinaryIO, encoding: str, *, errors: str = "strict"
) -> Iterator[tuple[int, str | UnicodeDecodeError]]:
    """``(line number, line with its ending)``; a line that does not decode comes as its
    :class:`UnicodeDecodeError`. Lines split at ``\\n`` for ASCII-compatible encodings;
    UTF-16/32 go through a text wrapper, which ends at the first undecodable byte."""
    if is_ascii_compatible(encoding):
        later = "utf-8" if codecs.lookup(encoding).name == "utf-8-sig" else encoding
        for number, raw in enumerate(stream, start=1):
            try:
                yield number, raw.decode(encoding if number == 1 else later, errors)
            except UnicodeDecodeError as exc:
                yield number, exc
        return
    wrapper = io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline="")
    number = 0
    try:
        for number, line in enumerate(wrapper, start=1):  # used after the loop
            yield number, line
    except UnicodeDecodeError as exc:
        yield number + 1, exc
    finally:
        wrapper.detach()
