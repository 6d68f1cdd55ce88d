"""The store: analyses, their facets and API tokens in SQLite or PostgreSQL.

One schema for both, created and upgraded by Alembic migrations shipped in
``migrations/``. :class:`~unspun.serve.store.repository.Store` is the only way in.
"""

from unspun.serve.store.query import Filters
from unspun.serve.store.repository import Store, StoredAnalysis

__all__ = ["Filters", "Store", "StoredAnalysis"]
