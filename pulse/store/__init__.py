"""Storage: the DuckDB file behind one wrapped connection, and its numbered migrations."""

from pulse.store.db import DEFAULT_DB, Cursor, Database, default_path

__all__ = ["DEFAULT_DB", "Cursor", "Database", "default_path"]
