"""Readers: files, folders and stdin to :class:`~unspun.model.Document` objects.

Text, Markdown and HTML files are one document each; JSONL, JSON, CSV and Parquet files are
corpora of records. A file or record that cannot be read becomes a
:class:`~unspun.model.Failure` and reading goes on. The text of a document is exactly what
its offsets index: readers never normalise it (see :mod:`unspun.readers.encoding`).
"""

from unspun.readers.encoding import Decoded, decode_bytes, repair_surrogates
from unspun.readers.files import read_bytes, read_file
from unspun.readers.html import read_html_document
from unspun.readers.inputs import read_inputs, read_path, read_stdin
from unspun.readers.markdown import read_markdown_document
from unspun.readers.options import DEFAULT_GLOBS, DEFAULT_MAX_BYTES, Format, ReadOptions
from unspun.readers.plain import read_text_document

__all__ = [
    "DEFAULT_GLOBS",
    "DEFAULT_MAX_BYTES",
    "Decoded",
    "Format",
    "ReadOptions",
    "decode_bytes",
    "read_bytes",
    "read_file",
    "read_html_document",
    "read_inputs",
    "read_markdown_document",
    "read_path",
    "read_stdin",
    "read_text_document",
    "repair_surrogates",
]
