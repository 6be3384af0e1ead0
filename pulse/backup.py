"""A consistent copy of the whole database file, for the admin's backup download."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pulse.errors import PulseError


def backup_file(db, target: str | Path) -> Path:
    """Copy every table of ``db`` into a new DuckDB file at ``target`` (which must not exist).

    DuckDB copies inside one transaction, so the backup is consistent even while others write.
    The copy holds everything, password hashes and the code key included: keep it as safe as the
    database itself.
    """
    target = Path(target)
    if target.exists():
        raise PulseError(f"{target} already exists: choose a new file for the backup")
    cur = db.cursor()
    source = cur.execute("SELECT current_database()").fetchone()[0]
    cur.execute("ATTACH ? AS teampulse_backup", [str(target)])
    try:
        cur.execute(f'COPY FROM DATABASE "{source}" TO teampulse_backup')
    finally:
        cur.execute("DETACH teampulse_backup")
    return target


def backup_bytes(db) -> bytes:
    """The backup as bytes, for a download button."""
    with tempfile.TemporaryDirectory() as folder:
        return backup_file(db, Path(folder) / "teampulse-backup.duckdb").read_bytes()
