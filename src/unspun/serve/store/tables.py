"""The tables (SQLAlchemy Core). Migrations in ``migrations/versions`` create them; this
module describes the current shape for queries and must match the newest migration."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

analyses = Table(
    "analyses",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("doc_id", Text, nullable=False),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("lang", String(16)),
    Column("date", Text, doc="Publication date as the document gave it."),
    Column("day", Date, nullable=False, doc="Publication day if known, else the day analysed."),
    Column("dated", Integer, nullable=False, doc="1 when ``day`` is the publication day."),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("length", Integer, nullable=False),
    Column("finding_count", Integer, nullable=False),
    Column("record", Text, nullable=False, doc="The AnalysisRecord as JSON."),
    Column("search", Text, nullable=False, doc="Case-folded title, source and text."),
    Column("created_by", String(64)),
    Index("ix_analyses_day", "day"),
    Index("ix_analyses_created_at", "created_at"),
    Index("ix_analyses_source", "source"),
)

#: One row per (analysis, facet, value): what the filters and the statistics read.
facets = Table(
    "facets",
    metadata,
    Column(
        "analysis_id",
        String(32),
        ForeignKey("analyses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("facet", String(32), primary_key=True),
    Column("value", String(512), primary_key=True),
    Column("n", Integer, nullable=False),
    Column("max_score", Float, nullable=False),
    Index("ix_facets_value", "facet", "value"),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("digest", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

#: The facets of an analysis (names of the query parameters too).
FACETS = ("kind", "technique", "category", "narrative", "claim_type", "attribution")
