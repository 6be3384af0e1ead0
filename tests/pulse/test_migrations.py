import duckdb
import pytest

from pulse.instruments import BUILTIN
from pulse.store import Database, migrations


def versions(database):
    return [r[0] for r in database.cursor().execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]


def test_fresh_file_gets_every_migration_and_the_builtin_instruments(file_db):
    assert versions(file_db) == [m.version for m in migrations.discover()]
    keys = {r[0] for r in file_db.cursor().execute("SELECT key FROM instruments").fetchall()}
    assert keys >= {i.key for i in BUILTIN}


def test_reopening_runs_nothing_again(tmp_path):
    path = tmp_path / "t.duckdb"
    with Database(path) as first:
        first.cursor().execute("INSERT INTO tribes (name) VALUES ('Kept')")
        before = versions(first)
    with Database(path) as second:
        assert versions(second) == before
        assert second.cursor().execute("SELECT name FROM tribes").fetchall() == [("Kept",)]
        assert migrations.apply(second.connection()) == []


def test_an_old_file_is_migrated_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    first = migrations.discover()[0]
    migrations.applied(con)
    first.run(con)
    con.execute("INSERT INTO schema_migrations VALUES (?, ?, current_date)", [first.version, first.name])
    con.close()
    with Database(path) as db:
        assert versions(db) == [m.version for m in migrations.discover()]
        assert db.cursor().execute("SELECT value FROM settings WHERE key = 'min_group_size'").fetchone() == ("5",)


def test_a_failing_migration_is_rolled_back_and_not_recorded(tmp_path, monkeypatch):
    class Broken:
        SQL = "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table"

    real = migrations.discover()
    monkeypatch.setattr(migrations, "discover", lambda: [*real, migrations.Migration(999, "broken", Broken)])
    db = Database(tmp_path / "b.duckdb")
    with pytest.raises(duckdb.Error):
        db.connection()
    con = duckdb.connect(str(tmp_path / "b.duckdb"))
    assert 999 not in {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'").fetchone() == (
        0,
    )
    con.close()
