"""The first schema: analyses, facets, tokens.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables and their indexes."""
    op.create_table(
        "analyses",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("lang", sa.String(16)),
        sa.Column("date", sa.Text),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("dated", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("length", sa.Integer, nullable=False),
        sa.Column("finding_count", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("search", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(64)),
    )
    op.create_index("ix_analyses_day", "analyses", ["day"])
    op.create_index("ix_analyses_created_at", "analyses", ["created_at"])
    op.create_index("ix_analyses_source", "analyses", ["source"])
    op.create_table(
        "facets",
        sa.Column(
            "analysis_id",
            sa.String(32),
            sa.ForeignKey("analyses.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("facet", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(512), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("max_score", sa.Float, nullable=False),
    )
    op.create_index("ix_facets_value", "facets", ["facet", "value"])
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False, unique=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    """Drop everything (data included)."""
    op.drop_table("tokens")
    op.drop_index("ix_facets_value", "facets")
    op.drop_table("facets")
    op.drop_table("analyses")
