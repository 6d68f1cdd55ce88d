"""The HTML writer: one report file, or a folder of reports with an index page."""

from __future__ import annotations

from pathlib import Path

from unspun.errors import OutputError
from unspun.model.record import AnalysisRecord, FailureRecord, RunSummary
from unspun.writers.base import Writer
from unspun.writers.html.index import DocumentEntry, render_index
from unspun.writers.html.names import FileNamer
from unspun.writers.html.palette import Palette
from unspun.writers.html.report import render_report

INDEX = "index.html"


class HtmlWriter(Writer):
    """Writes each report as soon as its record arrives.

    ``output`` ending in ``.html``: a run with exactly one document (and no failures)
    gives that one file; an empty run gives its empty index there. Any other run writes
    a folder (``output`` itself, or for an ``.html`` path the same path without the
    suffix) holding ``<safe id>.html`` per document and an ``index.html``. Only small
    per-document summaries are kept for the index; the one exception is the first
    report of an ``.html`` run, held back until it is known whether a second document
    follows.
    """

    format = "html"
    suffix = ".html"
    needs_path = True

    def __init__(self, output: Path | None, *, include_text: bool = True) -> None:
        super().__init__(output, include_text=include_text)
        assert output is not None
        self._single_file = output.suffix.lower() in (".html", ".htm")
        self.folder = output.with_suffix("") if self._single_file else output
        self._held: tuple[AnalysisRecord, str] | None = None
        self._folder_ready = False
        self._namer = FileNamer()
        self._palette = Palette()
        self._entries: list[DocumentEntry] = []
        self._failures: list[FailureRecord] = []
        self._written: list[Path] = []

    def _write(self, record: AnalysisRecord) -> None:
        html = render_report(record, include_text=self.include_text)
        if self._single_file and self.documents == 0 and not self._failures:
            self._held = (record, html)
            return
        self._to_folder(record, html)

    def _write_failure(self, record: FailureRecord) -> None:
        self._failures.append(record)
        self._release_held()

    def _release_held(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            self._to_folder(*held)

    def _to_folder(self, record: AnalysisRecord, html: str) -> None:
        self._release_held()
        self._prepare_folder()
        path = self.folder / self._namer.name(record.id)
        path.write_text(html, encoding="utf-8")
        self._written.append(path)
        self._entries.append(DocumentEntry.of(record, path.name, self._palette))

    def _prepare_folder(self) -> None:
        if self._folder_ready:
            return
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputError(
                f"{self.folder} is a file, but this run writes a folder of reports",
                hint="Give a folder as output, or a path ending in .html for one document.",
                source=str(self.folder),
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        self._folder_ready = True

    def _close(self, summary: RunSummary) -> list[Path]:
        assert self.output is not None
        if self._held is not None:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self.output.write_text(self._held[1], encoding="utf-8")
            self._held = None
            return [self.output]
        if self._single_file and not self._entries and not self._failures:
            # Nothing at all was written: the index page (saying so) takes the file.
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self.output.write_text(render_index([], [], summary), encoding="utf-8")
            return [self.output]
        self._prepare_folder()
        index = self.folder / INDEX
        index.write_text(render_index(self._entries, self._failures, summary), encoding="utf-8")
        return [*self._written, index]
