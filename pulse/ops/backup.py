"""A consistent copy of the whole database file, for the admin's backup download, and its restore.

A backup may come from anywhere (a download, a mail attachment), so restoring never runs anything it
contains: it is opened read-only, every table, column and other object in it is checked against the
schema TeamPulse's own migrations create, and only the rows are copied, into a database whose
schema those migrations made. Identifiers in SQL come only from that known schema, quoted.
"""

from __future__ import annotations

import functools
import hashlib
import tempfile
from pathlib import Path

import duckdb

from pulse.errors import PulseError, UnsafeBackup
from pulse.results import ALL_TEAMS
from pulse.store import migrations


def quoted(identifier: str) -> str:
    """``identifier`` as a double-quoted SQL identifier (a quote inside is doubled)."""
    return '"' + identifier.replace('"', '""') + '"'


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
    source = cur.execute("SELECT current_database()").fetchone()[0]  # named after the file: quote it
    cur.execute("ATTACH ? AS teampulse_backup", [str(target)])
    try:
        cur.execute(f"COPY FROM DATABASE {quoted(source)} TO teampulse_backup")
    finally:
        cur.execute("DETACH teampulse_backup")
    return target


def backup_bytes(db) -> bytes:
    """The backup as bytes, for a download button."""
    with tempfile.TemporaryDirectory() as folder:
        return backup_file(db, Path(folder) / "teampulse-backup.duckdb").read_bytes()


# --- the known schema ------------------------------------------------------------------------------


def _migrate(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> list[int]:
    """Run the migrations up to version ``upto`` (all when None) on a new database; return their versions."""
    migrations.applied(con)  # creates the record table
    ran = []
    for migration in migrations.discover():
        if upto is not None and migration.version > upto:
            break
        con.execute("BEGIN TRANSACTION")
        migration.run(con)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, current_date)", [migration.version, migration.name])
        con.execute("COMMIT")
        ran.append(migration.version)
    return ran


@functools.cache
def known_schema(upto: int | None = None) -> dict[str, frozenset[str]]:
    """Table name -> column names, as the migrations up to version ``upto`` create them."""
    con = duckdb.connect(":memory:")
    try:
        _migrate(con, upto)
        rows = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database()"
            " AND schema_name = 'main' AND NOT internal"
        ).fetchall()
    finally:
        con.close()
    schema: dict[str, set[str]] = {}
    for table, column in rows:
        schema.setdefault(table, set()).add(column)
    return {table: frozenset(columns) for table, columns in schema.items()}


@functools.cache
def known_sequences(upto: int | None = None) -> dict[str, tuple[str, str]]:
    """Sequence name -> (table, column) whose default draws from it, as the migrations create them."""
    con = duckdb.connect(":memory:")
    try:
        _migrate(con, upto)
        rows = con.execute(
            "SELECT table_name, column_name, column_default FROM duckdb_columns()"
            " WHERE database_name = current_database() AND column_default LIKE 'nextval(%'"
        ).fetchall()
    finally:
        con.close()
    return {default.split("'")[1]: (table, column) for table, column, default in rows}


def check_schema(cur, catalog: str) -> int:
    """The migration version of the attached database ``catalog``, once everything in it is known.

    Raises ``UnsafeBackup`` naming the first object that TeamPulse's migrations do not create: an
    unknown or missing table or column, a view, a macro, a type, a schema or a sequence.
    """
    versions = _versions(cur, catalog)
    known_versions = [m.version for m in migrations.discover()]
    if versions != known_versions[: len(versions)]:
        raise UnsafeBackup(
            f"the backup records migrations {versions}; this TeamPulse knows {known_versions}"
            " (a backup from a newer TeamPulse, or not a TeamPulse backup)"
        )
    upto = versions[-1]
    others = [  # first: a view's columns would otherwise pass for a table's
        ("view", "SELECT view_name FROM duckdb_views() WHERE database_name = ? AND NOT internal"),
        ("macro", "SELECT function_name FROM duckdb_functions() WHERE database_name = ? AND NOT internal"),
        ("type", "SELECT type_name FROM duckdb_types() WHERE database_name = ? AND NOT internal"),
        ("schema", "SELECT schema_name FROM duckdb_schemas() WHERE database_name = ? AND schema_name <> 'main'"),
    ]
    for kind, sql in others:
        row = cur.execute(sql, [catalog]).fetchone()
        if row:
            raise UnsafeBackup(f"the backup holds a {kind} TeamPulse does not create: {row[0]!r}")
    schema = known_schema(upto)
    found: dict[str, set[str]] = {}
    for schema_name, table, column in cur.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE database_name = ?", [catalog]
    ).fetchall():
        if schema_name != "main" or table not in schema:
            raise UnsafeBackup(f"the backup holds a table TeamPulse does not have: {schema_name}.{table!r}")
        found.setdefault(table, set()).add(column)
    for table, columns in sorted(schema.items()):
        if found.get(table) != set(columns):
            extra = sorted(found.get(table, set()) - columns)
            missing = sorted(columns - found.get(table, set()))
            raise UnsafeBackup(f"table {table!r} of the backup differs: unknown columns {extra}, missing {missing}")
    sequences = known_sequences(upto)
    query = "SELECT sequence_name FROM duckdb_sequences() WHERE database_name = ?"
    for (name,) in cur.execute(query, [catalog]).fetchall():
        if name not in sequences:
            raise UnsafeBackup(f"the backup holds a sequence TeamPulse does not create: {name!r}")
    return upto


def _versions(cur, catalog: str) -> list[int]:
    has_record = cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'"
        " AND table_name = 'schema_migrations'",
        [catalog],
    ).fetchone()[0]
    if not has_record:
        raise UnsafeBackup("not a TeamPulse backup: it has no record of migrations")
    try:
        rows = cur.execute(f"SELECT version FROM {quoted(catalog)}.main.schema_migrations ORDER BY version").fetchall()
    except duckdb.Error as e:
        raise UnsafeBackup(f"not a TeamPulse backup: its record of migrations is unreadable ({e})") from e
    versions = [r[0] for r in rows]
    if not versions:
        raise UnsafeBackup("not a TeamPulse backup: no migration was ever applied to it")
    return versions


def check_backup(backup: str | Path) -> int:
    """Open ``backup`` read-only and check it against the known schema; return its migration version."""
    con = duckdb.connect(":memory:")
    try:
        _attach_read_only(con, backup)
        return check_schema(con, "backup")
    finally:
        con.close()


def _attach_read_only(con: duckdb.DuckDBPyConnection, backup: str | Path) -> None:
    path = Path(backup)
    if not path.is_file():
        raise PulseError(f"backup {path} does not exist")
    try:
        con.execute("ATTACH ? AS backup (READ_ONLY)", [str(path)])
    except duckdb.Error as e:
        raise UnsafeBackup(f"backup {path} is not a DuckDB database: {str(e).splitlines()[0]}") from e


# --- fingerprints and restore ----------------------------------------------------------------------


def fingerprint(db) -> dict:
    """Row counts of every table and a checksum of every figure the query layer shows.

    Two databases with the same fingerprint hold the same rows and show the same results.
    """
    from pulse import results
    from pulse.closing import close_due_rounds

    close_due_rounds(db)  # first, so the counts and the results describe the same state
    cur = db.cursor()
    catalog = cur.execute("SELECT current_database()").fetchone()[0]
    check_schema(cur, catalog)  # every table name below is a known one
    counts = {t: cur.execute(f"SELECT count(*) FROM main.{quoted(t)}").fetchone()[0] for t in sorted(_tables(cur))}
    digest = hashlib.sha256()
    for fig in (
        results.team_results(db, scope=ALL_TEAMS)
        + results.group_results(db, "tribe")
        + results.group_results(db, "organisation")
    ):
        digest.update(repr((fig.team, fig.instrument, fig.dimension, fig.period, fig.n, _rounded(fig.mean))).encode())
    return {"tables": counts, "results_sha256": digest.hexdigest()}


def _tables(cur) -> list[str]:
    catalog = cur.execute("SELECT current_database()").fetchone()[0]
    version = _versions(cur, catalog)[-1]
    return list(known_schema(version))


def _rounded(value):
    return None if value is None else round(value, 9)


def verify_backup(db, backup: str | Path) -> dict:
    """Open ``backup`` and compare its fingerprint with ``db``'s; raise PulseError on any difference."""
    from pulse.store import Database

    path = Path(backup)
    check_backup(path)  # read-only, before anything in it is opened for writing or queried
    with Database(path) as copy:
        theirs = fingerprint(copy)
    ours = fingerprint(db)
    if theirs != ours:
        differing = [t for t in ours["tables"] if ours["tables"].get(t) != theirs["tables"].get(t)]
        what = f"tables differ: {', '.join(differing)}" if differing else "results differ"
        raise PulseError(f"backup {path} does not match the database: {what}")
    return ours


def restore_backup(backup: str | Path, target: str | Path) -> Path:
    """Copy the rows of a checked backup into a new database file at ``target`` and verify the counts.

    The new file gets its schema from the migrations up to the backup's version; the later ones run
    when it is next opened, so a backup from an older TeamPulse is upgraded the usual way.
    """
    from pulse.store import Database

    backup, target = Path(backup), Path(target)
    if target.exists():
        raise PulseError(f"{target} already exists: restore into a new file")
    con = duckdb.connect(str(target))
    try:
        _attach_read_only(con, backup)
        version = check_schema(con, "backup")
        _migrate(con, version)
        _copy_rows(con, version)
        _verify_counts(con, version)
    except BaseException:
        con.close()
        target.unlink(missing_ok=True)
        Path(f"{target}.wal").unlink(missing_ok=True)
        raise
    con.close()
    Database(target).close()  # later migrations, if the backup is older
    return target


def _copy_rows(con: duckdb.DuckDBPyConnection, version: int) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        for table, columns in known_schema(version).items():
            names = ", ".join(quoted(c) for c in sorted(columns))
            con.execute(f"DELETE FROM main.{quoted(table)}")  # rows a migration seeded come from the backup too
            con.execute(f"INSERT INTO main.{quoted(table)} ({names}) SELECT {names} FROM backup.main.{quoted(table)}")
        for sequence, (table, column) in known_sequences(version).items():
            # Ids never repeat: draw the new sequence up to what the backup's drew (or holds).
            drawn = con.execute(
                "SELECT last_value FROM duckdb_sequences() WHERE database_name = 'backup' AND sequence_name = ?",
                [sequence],
            ).fetchone()
            highest = con.execute(f"SELECT max({quoted(column)}) FROM main.{quoted(table)}").fetchone()[0]
            upto = max((drawn[0] if drawn and drawn[0] else 0), highest or 0)
            if upto:
                con.execute("SELECT max(nextval(?)) FROM range(?)", [sequence, upto])
    except duckdb.Error as e:
        con.execute("ROLLBACK")
        raise UnsafeBackup(f"the backup's rows do not fit TeamPulse's schema: {str(e).splitlines()[0]}") from e
    con.execute("COMMIT")


def _verify_counts(con: duckdb.DuckDBPyConnection, version: int) -> None:
    for table in known_schema(version):
        ours = con.execute(f"SELECT count(*) FROM main.{quoted(table)}").fetchone()[0]
        theirs = con.execute(f"SELECT count(*) FROM backup.main.{quoted(table)}").fetchone()[0]
        if ours != theirs:
            raise PulseError(f"restore of table {table!r} copied {ours} rows of {theirs}")
