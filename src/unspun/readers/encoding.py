"""Bytes to text without moving a single offset.

The text a reader returns is the text every offset points into, so decoding never
normalises anything: a UTF-8 byte order mark stays in the text as U+FEFF (gold offsets
count it), newlines stay as they are, and the only change ever made is
:func:`repair_surrogates`, which swaps one code point for one code point.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from unspun.errors import DecodingError
from unspun.readers.plausibility import plausibility

log = logging.getLogger(__name__)

# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one. Each codec keeps the
# mark in the text as U+FEFF, whatever the encoding.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Tried in this order when detection ties: the languages unspun reads first.
_PREFERRED = (
    "cp1251",
    "koi8-r",
    "koi8-u",
    "cp1252",
    "cp866",
    "iso8859-5",
    "mac-cyrillic",
    "cp1250",
    "latin-1",
)
_MIN_PLAUSIBILITY = 0.75
_COHERENCE_MARGIN = 0.2
_FULL_SCORE_BYTES = 1 << 20
_SAMPLE_BYTES = 1 << 18
_SURROGATE = re.compile("[\ud800-\udfff]")
ENCODING_HINT = "name the file's encoding with --encoding, e.g. --encoding cp1251"


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes and how: ``encoding`` is a Python codec name."""

    text: str
    encoding: str
    #: Bytes that were not valid in ``encoding`` and became U+FFFD.
    replaced: int = 0


def codec_name(encoding: str) -> str:
    """The canonical Python name of ``encoding`` (``"koi8_r"`` -> ``"koi8-r"``)."""
    return codecs.lookup(encoding).name


def repair_surrogates(text: str) -> str:
    """Replace each lone surrogate with U+FFFD, one for one, so every offset stays valid.

    JSON can carry ``"\\ud800"``; such a string cannot be written as UTF-8.
    """
    return _SURROGATE.sub("\ufffd", text)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark at the start of ``data`` names, if there is one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def is_utf8_prefix(data: bytes) -> bool:
    """Whether ``data`` is UTF-8, allowing a sequence cut off at its end."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.start >= len(data) - 3
    return True


def guess_utf16(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` for UTF-16 text without a byte order mark.

    Such text has a NUL in every other byte wherever it holds ASCII (spaces, digits), so
    the NUL check for binary files would otherwise reject it.
    """
    sample = data[:_SAMPLE_BYTES]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # ASCII in UTF-16 puts its NUL on one side of each byte pair; spaces alone make that
    # at least a tenth of the pairs in any language written with spaces.
    if max(even, odd) < pairs / 10 or min(even, odd) > max(even, odd) / 10:
        return None
    for encoding in ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be",):
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and plausibility(text) >= 0.8:
            return encoding
    return None


def _stray_bytes(data: bytes) -> tuple[int, int]:
    """(characters beyond ASCII that decode as UTF-8, invalid sequences) in ``data``."""
    kept = data.decode("utf-8", errors="ignore")
    multibyte = sum(1 for char in kept if ord(char) > 0x7F)
    replaced = data.decode("utf-8", errors="replace").count("\ufffd") - kept.count("\ufffd")
    return multibyte, replaced


def _mostly(multibyte: int, replaced: int) -> bool:
    return bool(replaced) and multibyte >= 20 * replaced


def is_mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray bytes (a truncated copy, one mis-saved character): at least
    twenty well-formed non-ASCII characters for each invalid sequence."""
    return _mostly(*_stray_bytes(data))


def _decode_mostly_utf8(data: bytes) -> Decoded | None:
    multibyte, replaced = _stray_bytes(data)
    if not _mostly(multibyte, replaced):
        return None
    text = data.decode("utf-8", errors="replace")
    return Decoded(repair_surrogates(text), "utf-8", replaced)


def _score(data: bytes, encoding: str) -> float | None:
    sample = data if len(data) <= _FULL_SCORE_BYTES else data[:_SAMPLE_BYTES]
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except (UnicodeDecodeError, LookupError):
        return None
    return round(plausibility(text), 3)


def detect_encoding(data: bytes, *, declared: str | None = None) -> str | None:
    """The most plausible legacy encoding of ``data``, or None when none fits.

    Candidates are ``declared`` (an HTML ``<meta charset>``), the encodings unspun meets
    most, and charset-normalizer's guesses; the one whose text reads most like prose wins,
    the order above breaking ties unless charset-normalizer's language coherence clearly
    favours another.
    """
    coherence: dict[str, float] = {}
    ranked: list[str] = []
    for result in list(from_bytes(data[:_FULL_SCORE_BYTES]))[:12]:
        name = codec_name(result.encoding)
        coherence.setdefault(name, result.coherence)
        ranked.append(name)
    candidates: list[str] = []
    for encoding in ([declared] if declared else []) + list(_PREFERRED) + ranked:
        try:
            name = codec_name(encoding)
        except LookupError:
            continue
        if name not in candidates and name != "utf-8":
            candidates.append(name)
    scored: list[tuple[float, int, str]] = []
    for rank, name in enumerate(candidates):
        score = _score(data, name)
        if score is not None and score >= _MIN_PLAUSIBILITY:
            scored.append((score, -rank, name))
    while scored:
        best = max(score for score, _, _ in scored)
        tied = [name for score, _, name in sorted(scored, reverse=True) if score == best]
        # Coherence (charset-normalizer's language fit) only overrules the preferred order
        # by a clear margin: cp1251 and mac-cyrillic read Russian with near-equal coherence.
        choice = max(tied, key=lambda name: coherence.get(name, 0.0))
        if coherence.get(choice, 0.0) < coherence.get(tied[0], 0.0) + _COHERENCE_MARGIN:
            choice = tied[0]
        try:
            data.decode(choice)
        except UnicodeDecodeError:
            scored = [entry for entry in scored if entry[2] != choice]
            continue
        return choice
    return None


def _decode_strict(data: bytes, encoding: str, source: str | None, why: str) -> Decoded:
    try:
        return Decoded(repair_surrogates(data.decode(encoding)), codec_name(encoding))
    except UnicodeDecodeError as exc:
        raise DecodingError(
            f"byte {exc.start} is not valid {encoding} ({why})",
            hint=ENCODING_HINT if why != "--encoding" else "check the --encoding you gave",
            source=source,
        ) from None


def decode_bytes(
    data: bytes,
    *,
    source: str | None = None,
    encoding: str | None = None,
    declared: str | None = None,
) -> Decoded:
    """Decode a whole input.

    Order: the forced ``encoding``; a byte order mark (kept in the text as U+FEFF); UTF-16
    without a mark; strict UTF-8; UTF-8 holding encoded lone surrogates (repaired); UTF-8
    with a few stray bytes (each becomes U+FFFD; counted in ``Decoded.replaced``);
    detection. ASCII text with a few invalid bytes that the detected encoding would read as
    implausible characters (``\\xff`` as ``˙``) is decoded as UTF-8 with each bad byte
    replaced (U+FFFD), counted and logged as a warning, rather than guessed as a legacy
    encoding. Raises :class:`DecodingError` when nothing fits.
    """
    if encoding:
        return _decode_strict(data, encoding, source, "--encoding")
    bom = bom_encoding(data)
    if bom:
        return _decode_strict(data, bom, source, "its byte order mark says so")
    # Before UTF-8: the NULs of UTF-16 text are valid UTF-8 too.
    utf16 = guess_utf16(data)
    if utf16:
        try:
            return Decoded(repair_surrogates(data.decode(utf16)), utf16)
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(repair_surrogates(data.decode("utf-8", "surrogatepass")), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _decode_mostly_utf8(data)
    if mostly:
        return mostly
    detected = detect_encoding(data, declared=declared)
    stray = _decode_stray_bytes(data, detected, declared, source)
    if stray is not None:
        return stray
    if detected is None:
        raise DecodingError(
            "the bytes are not UTF-8 and no known encoding reads them as text",
            hint=ENCODING_HINT,
            source=source,
        )
    return Decoded(data.decode(detected), detected)


def _decode_stray_bytes(
    data: bytes, detected: str | None, declared: str | None, source: str | None
) -> Decoded | None:
    """ASCII text with a few bytes no encoding reads plausibly: UTF-8 with replacements."""
    suspicious = detected is None or (declared is None and _stray_in_ascii(data, detected))
    if not suspicious or not _mostly_ascii(data):
        return None
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    log.warning(
        "%s: %d byte(s) are not valid UTF-8 in otherwise ASCII text; each was replaced "
        "with U+FFFD (name the encoding with --encoding if the file uses another one)",
        source or "input",
        replaced,
    )
    return Decoded(repair_surrogates(text), "utf-8", replaced)


#: Non-ASCII characters a legacy encoding plausibly holds in English-like text: letters,
#: punctuation (curly quotes, dashes), spaces (NBSP) and currency signs.
_PLAUSIBLE_CATEGORIES = ("L", "P", "Zs", "Sc")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _mostly_ascii(data: bytes) -> bool:
    """ASCII but for a few bytes: at most four, or one in a hundred (stray bytes, not a
    legacy text)."""
    sample = data[:_FULL_SCORE_BYTES]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    return high <= max(4, len(sample) // 100)


def _stray_in_ascii(data: bytes, encoding: str) -> bool:
    """Whether ``data`` is mostly ASCII and ``encoding`` reads one of its few other bytes
    as something no text would hold (``\\xff`` as ISO-8859-2's dot above, a control)."""
    if not _mostly_ascii(data):
        return False
    sample = data[:_FULL_SCORE_BYTES].decode(encoding, errors="replace")
    return any(
        ord(char) > 0x7F and not unicodedata.category(char).startswith(_PLAUSIBLE_CATEGORIES)
        for char in sample
    )


def stream_encoding(head: bytes, *, source: str | None = None, encoding: str | None = None) -> str:
    """The encoding to stream a corpus file with, judged from its first bytes.

    Records never contain the byte order mark, so a UTF-8 mark gives ``"utf-8-sig"``.
    """
    if encoding:
        return encoding
    bom = bom_encoding(head)
    if bom:
        return "utf-8-sig" if bom == "utf-8" else bom.rsplit("-", 1)[0]
    utf16 = guess_utf16(head)
    if utf16:
        return utf16
    if is_utf8_prefix(head) or is_mostly_utf8(head):
        return "utf-8"
    detected = detect_encoding(head)
    if detected is None:
        raise DecodingError(
            "the first bytes are not UTF-8 and no known encoding reads them as text",
            hint=ENCODING_HINT,
            source=source,
        )
    return detected


def is_ascii_compatible(encoding: str) -> bool:
    """Whether every ASCII byte means its ASCII character (so b"\\n" splits lines)."""
    if codec_name(encoding) == "utf-8-sig":
        return True
    return "a\n{,".encode(encoding) == b"a\n{,"
