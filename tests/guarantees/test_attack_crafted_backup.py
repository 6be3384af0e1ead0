"""Attack (issue 11, item 7): `teampulse restore` of a crafted backup.

A backup is a DuckDB file anyone can write. Restoring used to read its table names and paste them
into SQL, so a table named ``teams"; COPY (...) TO '/tmp/...'; --`` wrote a file of the attacker's
choosing. Now every table, column and other object of a backup is checked, read-only, against the
schema TeamPulse's migrations create, before anything in it is used; only rows are copied.
"""

from __future__ import annotations

import duckdb
import pytest

from pulse import teams
from pulse.errors import UnsafeBackup
from pulse.ops import backup
from pulse.store import Database
from teampulse.cli import main


def crafted(path, statement: str, params=None) -> None:
    """A genuine TeamPulse database, then one statement of the attacker's, written straight to the file."""
    with Database(path) as db:
        teams.add_team(db, "Orion", size=5)
    con = duckdb.connect(str(path))
    con.execute(statement, params) if params else con.execute(statement)
    con.close()


def injected_table(pwned) -> str:
    return f"CREATE TABLE \"teams\"\"; COPY (SELECT 'pwned') TO '{pwned}'; --\" (a INTEGER)"


def test_a_table_name_carrying_sql_is_refused_and_runs_nothing(tmp_path):
    source, target, pwned = tmp_path / "evil.duckdb", tmp_path / "restored.duckdb", tmp_path / "pwned"
    crafted(source, injected_table(pwned))
    with pytest.raises(UnsafeBackup, match="table TeamPulse does not have"):
        backup.restore_backup(source, target)
    assert not pwned.exists()
    assert not target.exists()  # nothing half-restored is left behind


def test_the_command_refuses_it_in_one_line(tmp_path):
    from click.testing import CliRunner

    source, target, pwned = tmp_path / "evil.duckdb", tmp_path / "restored.duckdb", tmp_path / "pwned"
    crafted(source, injected_table(pwned))
    result = CliRunner().invoke(main, ["restore", str(source), "--db", str(target)])
    assert result.exit_code != 0 and not pwned.exists() and not target.exists()
    assert "does not have" in result.output and len(result.output.strip().splitlines()) == 1


def test_verifying_a_crafted_backup_runs_nothing_either(tmp_path, db):
    source, pwned = tmp_path / "evil.duckdb", tmp_path / "pwned"
    crafted(source, injected_table(pwned))
    with pytest.raises(UnsafeBackup):
        backup.verify_backup(db, source)
    assert not pwned.exists()


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ('ALTER TABLE teams ADD COLUMN "x""; COPY (SELECT 1) TO \'/tmp/x\'; --" INTEGER', "unknown columns"),
        ("ALTER TABLE teams DROP COLUMN size", "missing"),
        ("CREATE VIEW leak AS SELECT * FROM read_text('/etc/hostname')", "view"),
        ("CREATE MACRO boom(a) AS a + 1", "macro"),
        ("CREATE SCHEMA elsewhere", "schema"),
        ("CREATE SEQUENCE extra_ids", "sequence"),
        ("CREATE TYPE mood AS ENUM ('ok')", "type"),
        ("INSERT INTO schema_migrations VALUES (999, 'from the future', current_date)", "newer TeamPulse"),
        ("DROP TABLE schema_migrations", "no record of migrations"),
    ],
)
def test_anything_the_migrations_do_not_create_is_refused_by_name(tmp_path, statement, refusal):
    source, target = tmp_path / "odd.duckdb", tmp_path / "restored.duckdb"
    crafted(source, statement)
    with pytest.raises(UnsafeBackup, match=refusal):
        backup.restore_backup(source, target)
    assert not target.exists()


def test_rows_that_do_not_fit_the_schema_are_refused(tmp_path):
    source, target = tmp_path / "odd.duckdb", tmp_path / "restored.duckdb"
    crafted(source, "ALTER TABLE settings ALTER value DROP NOT NULL; INSERT INTO settings VALUES ('odd', NULL)")
    with pytest.raises(UnsafeBackup, match="do not fit"):
        backup.restore_backup(source, target)
    assert not target.exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    source = tmp_path / "notes.duckdb"
    source.write_text("hello")
    with pytest.raises(UnsafeBackup, match="not a DuckDB database"):
        backup.restore_backup(source, tmp_path / "restored.duckdb")


def test_an_honest_backup_restores_with_its_sequences(tmp_path):
    source, target = tmp_path / "good.duckdb", tmp_path / "restored.duckdb"
    with Database(source) as db:
        for name in ("Orion", "Vega", "Lyra"):
            teams.add_team(db, name, size=5)
        db.cursor().execute("DELETE FROM teams WHERE name = 'Lyra'")  # its id is drawn, never to be reused
    backup.restore_backup(source, target)
    with Database(target) as db:
        teams.add_team(db, "After restore", size=5)
        ids = dict(db.cursor().execute("SELECT name, id FROM teams").fetchall())
    assert ids == {"Orion": 1, "Vega": 2, "After restore": 4}
