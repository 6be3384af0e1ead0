"""Sealing: rewrite the database into a fresh file so the bytes on disk keep no history.

DuckDB appends every transaction to a write-ahead log and, at a checkpoint, writes changed row groups
to new blocks of the file, leaving the old ones as free space until reused. Either would keep the
order in which answers and comments arrived, and what a purge deleted. A fresh file written by
``COPY FROM DATABASE`` holds only the current rows, in their current (shuffled) order; replacing the
old file and its log leaves nothing else behind. Run after closing rounds, purging and closing a
review's perspectives, when needed.

When it is needed: the log is emptied by any checkpoint, and rows first reach the file's blocks at
a checkpoint. Automatic checkpoints are turned off while the file is open (``checkpoint_threshold``),
so open rounds' rows stay in the log until their round closes, shuffled, and a plain CHECKPOINT
then writes only the shuffled rows. Only when a checkpoint happened while an open round or
collection held stored rows (the file was opened or closed then: a restart, any command) may
its blocks keep their arrival order; that is remembered in ``settings`` (``unsealed``) and the
next close rewrites the whole file. Rewriting costs a copy of the file (a minute at 2,000 teams);
a checkpoint costs what changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

# Rows that arrived in an order someone could read: stored answers of open rounds, perspectives
# of open collections; invite keys (with a roster, a key and the spent flags name who answered,
# so a closed round's key must not stay in a freed block). (Spent codes alone join nothing.)
_OPEN_ROWS_SQL = """
SELECT (SELECT count(*) FROM responses WHERE round_id IN (SELECT id FROM rounds WHERE status = 'open'))
     + (SELECT count(*) FROM perspectives
        WHERE review_id IN (SELECT review_id FROM perspective_collections WHERE status = 'open'))
     + (SELECT count(*) FROM invite_keys)
"""


def hold_checkpoints(con: duckdb.DuckDBPyConnection) -> None:
    """No automatic checkpoint: open rounds' rows stay in the log until their round closes."""
    con.execute("SET checkpoint_threshold = '1TB'")


def note_checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Call when the file is opened or closed (both checkpoint): remember if open rows reach its blocks."""
    # A cursor of its own, closed at once: a result left open would hold a transaction, and
    # DuckDB refuses to checkpoint while one is active.
    cur = con.cursor()
    try:
        if cur.execute(_OPEN_ROWS_SQL).fetchall()[0][0]:
            cur.execute("INSERT OR REPLACE INTO settings VALUES ('unsealed', '1')")
    finally:
        cur.close()


def needed(con) -> bool:
    """Whether the file's blocks may hold open rows in arrival order (see the module's docstring)."""
    rows = con.execute("SELECT value FROM settings WHERE key = 'unsealed'").fetchall()
    return bool(rows and rows[0][0] == "1")


def reseal(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Copy the open database at ``path`` into a fresh file and move it into place.

    Closes ``con``, whose file is replaced: the caller opens the new one.
    """
    fresh = Path(path + ".sealing")
    fresh.unlink(missing_ok=True)
    con.execute("DELETE FROM settings WHERE key = 'unsealed'")  # the fresh copy starts sealed
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
