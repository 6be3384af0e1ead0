"""Shared fixtures: a fresh in-memory database, a file database, and a demo organisation."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from pulse import demo
from pulse.closing import close_due_rounds
from pulse.store import Database

# The demo is built relative to a fixed day so tests see the same periods whenever they run.
DEMO_TODAY = date(2026, 6, 15)


@pytest.fixture
def db():
    database = Database(":memory:")
    yield database
    database.close()


@pytest.fixture
def file_db(tmp_path):
    database = Database(tmp_path / "teampulse.duckdb")
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """A demo database built once per test session; copy it before writing (see ``demo_db``)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    database = Database(path)
    demo.build_demo(database, seed=7, today=DEMO_TODAY)
    # What the server's scheduler does on its first tick: every round whose period is past closes.
    close_due_rounds(database)
    database.close()
    return path


@pytest.fixture
def demo_db(demo_file, tmp_path):
    """A private copy of the demo database, safe to write to."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, path)
    database = Database(path)
    yield database
    database.close()
