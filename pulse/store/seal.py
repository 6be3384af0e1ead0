"""Sealing: rewrite the database into a fresh file so the bytes on disk keep no history.

DuckDB appends every transaction to a write-ahead log and, at a checkpoint, writes changed row groups
to new blocks of the file, leaving the old ones as free space until reused. Either would keep the
order in which answers and comments arrived, and what a purge deleted. A fresh file written by
``COPY FROM DATABASE`` holds only the current rows, in their current (shuffled) order; replacing the
old file and its log leaves nothing else behind. Run after closing rounds, purging and closing a
review's perspectives.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb


def reseal(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Copy the open database at ``path`` into a fresh file and move it into place.

    Closes ``con``, whose file is replaced: the caller opens the new one.
    """
    fresh = Path(path + ".sealing")
    fresh.unlink(missing_ok=True)
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    con.execute("ATTACH ? AS sealed", [str(fresh)])
    try:
        con.execute(f'COPY FROM DATABASE "{catalog}" TO sealed')
    finally:
        con.execute("DETACH sealed")
    con.close()
    os.replace(fresh, path)
    Path(path + ".wal").unlink(missing_ok=True)
    Path(str(fresh) + ".wal").unlink(missing_ok=True)
