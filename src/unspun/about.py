"""Version numbers that outputs carry."""

__version__ = "0.1.0"

#: Version of the output schema (JSON / JSONL / CSV / Parquet). Bump the minor part for
#: added optional fields, the major part for anything that breaks a reader.
SCHEMA_VERSION = "1.1"
