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


def fingerprint(db) -> dict:
    """Row counts of every table and a checksum of every figure the query layer shows.

    Two databases with the same fingerprint hold the same rows and show the same results.
    """
    import hashlib

    from pulse import results
    from pulse.closing import close_due_rounds

    close_due_rounds(db)  # first, so the counts and the results describe the same state
    cur = db.cursor()
    tables = sorted(
        r[0]
        for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
        ).fetchall()
    )
    counts = {t: cur.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    digest = hashlib.sha256()
    for fig in (
        results.team_results(db) + results.group_results(db, "tribe") + results.group_results(db, "organisation")
    ):
        digest.update(repr((fig.team, fig.instrument, fig.dimension, fig.period, fig.n, _rounded(fig.mean))).encode())
    return {"tables": counts, "results_sha256": digest.hexdigest()}


def _rounded(value):
    return None if value is None else round(value, 9)


def verify_backup(db, backup: str | Path) -> dict:
    """Open ``backup`` and compare its fingerprint with ``db``'s; raise PulseError on any difference."""
    from pulse.store import Database

    path = Path(backup)
    if not path.exists():
        raise PulseError(f"backup {path} does not exist")
    with Database(path) as copy:
        theirs = fingerprint(copy)
    ours = fingerprint(db)
    if theirs != ours:
        differing = [t for t in ours["tables"] if ours["tables"].get(t) != theirs["tables"].get(t)]
        what = f"tables differ: {', '.join(differing)}" if differing else "results differ"
        raise PulseError(f"backup {path} does not match the database: {what}")
    return ours


def restore_backup(backup: str | Path, target: str | Path) -> Path:
    """Copy a backup to a new database file at ``target`` and check that the two match."""
    from pulse.store import Database

    backup, target = Path(backup), Path(target)
    if not backup.exists():
        raise PulseError(f"backup {backup} does not exist")
    with Database(backup) as source:
        backup_file(source, target)
        verify_backup(source, target)
    return target
