"""Which CSV dialect a file uses, and clean column names from its header row."""

from __future__ import annotations

import csv
import io

_DELIMITERS = ",;\t|"
_SAMPLE_CHARS = 32_768

Dialect = type[csv.Dialect] | csv.Dialect


def _header(sample: str, dialect: Dialect) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(sample), dialect), [])
    except csv.Error:
        return []


def choose_dialect(sample: str, *, text_field: str, tab: bool = False) -> Dialect:
    """The dialect of a CSV file whose first characters are ``sample``.

    ``csv.Sniffer`` guesses; when its guess gives a header without ``text_field`` but the
    default (comma, or tab for .tsv) does, the default wins: the sniffer is easily misled by
    punctuation in long text fields.
    """
    default: Dialect = csv.excel_tab if tab else csv.excel
    cut = sample[:_SAMPLE_CHARS]
    if len(sample) > _SAMPLE_CHARS and "\n" in cut:
        cut = cut[: cut.rindex("\n") + 1]
    try:
        guess = csv.Sniffer().sniff(cut, delimiters=_DELIMITERS)
    except csv.Error:
        return default
    # Only the delimiter and quote character: the sniffer's other guesses (doublequote,
    # skipinitialspace) are often wrong and would mis-split quoted text.
    quotechar = guess.quotechar if guess.quotechar in ('"', "'") else '"'
    sniffed: Dialect = type(
        "sniffed", (csv.excel,), {"delimiter": guess.delimiter, "quotechar": quotechar}
    )
    wanted = text_field.strip()
    if wanted in header_names(_header(cut, sniffed)):
        return sniffed
    if wanted in header_names(_header(cut, default)):
        return default
    return sniffed


def header_names(row: list[str]) -> list[str]:
    """Column names: stripped (and without a byte order mark), blanks named ``column_N``,
    repeats suffixed ``_2``, ``_3``, ..."""
    names: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(row, start=1):
        name = raw.lstrip("\ufeff").strip() if index == 1 else raw.strip()
        name = name or f"column_{index}"
        base, suffix = name, 1
        while name in seen:
            suffix += 1
            name = f"{base}_{suffix}"
        seen.add(name)
        names.append(name)
    return names
