"""Shared fixtures: a fresh in-memory database, a file database, and a demo organisation."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest

from pulse import demo
from pulse.closing import close_due_rounds
from pulse.store import Database

# The demo is built relative to a fixed day so tests see the same periods whenever they run.
DEMO_TODAY = date(2026, 6, 15)


# The instance's invite secret for every test and every server or command a test starts (they inherit the
# environment), so no test writes one under the real ~/.config; tests of the file itself unset it.
os.environ.setdefault("TEAMPULSE_INVITE_SECRET", "teampulse-tests-invite-secret")


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


@pytest.fixture(autouse=True)
def fresh_sign_in_memory(monkeypatch):
    """Failed sign-ins of names without an account are counted in the process's memory (as in a running
    server); each test starts with none, so one test's failures never throttle another's."""
    from pulse import accounts

    monkeypatch.setattr(accounts, "_unknown_names", accounts._UnknownNames())
