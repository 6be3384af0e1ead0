"""Numbered schema migrations, each run in its own transaction and recorded in ``schema_migrations``.

A migration is a module ``mNNNN_name.py`` in this package with a ``SQL`` string (one or more
statements) or an ``apply(cursor)`` function. Opening an older file runs the missing ones in order.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: object

    def run(self, cur: duckdb.DuckDBPyConnection) -> None:
        if hasattr(self.module, "apply"):
            self.module.apply(cur)
        else:
            cur.execute(self.module.SQL)


def discover() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(int(info.name[1:5]), info.name[6:], module))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


def applied(con: duckdb.DuckDBPyConnection) -> set[int]:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_on DATE NOT NULL)"
    )
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def apply(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Run every migration the file lacks; return the versions run."""
    cur = con.cursor()
    done = applied(cur)
    ran = []
    for migration in discover():
        if migration.version in done:
            continue
        cur.execute("BEGIN TRANSACTION")
        try:
            migration.run(cur)
            cur.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, current_date)",
                [migration.version, migration.name],
            )
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")
        ran.append(migration.version)
    cur.close()
    return ran
