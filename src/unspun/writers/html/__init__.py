"""HTML output: self-contained per-document reports and a run index."""

from unspun.writers.html.report import render_report
from unspun.writers.html.writer import HtmlWriter

__all__ = ["HtmlWriter", "render_report"]
