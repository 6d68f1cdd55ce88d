"""The corpus dashboard of a batch run (``unspun report RUN_DIR``)."""

from unspun.batch.report.builder import build_report, report_context

__all__ = ["build_report", "report_context"]
