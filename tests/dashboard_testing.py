"""Helpers for the dashboard's AppTest tests: run the real entry point against a private demo copy.

Import ``app_db_fixture`` into a test module to get the ``app_db`` fixture.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import throttle
from dashboard.state import open_database
from pulse import accounts

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
TIMEOUT = 60  # generous: a cold run on a slow CI machine imports pandas, altair and scikit-learn


@pytest.fixture(name="app_db")
def app_db_fixture(demo_db, monkeypatch):
    """The demo database, named by TEAMPULSE_DB as `teampulse serve` does; delays switched off."""
    monkeypatch.setenv("TEAMPULSE_DB", demo_db.path)
    monkeypatch.setattr(accounts, "FAILED_LOGIN_DELAY", 0)
    monkeypatch.setattr(throttle, "sleep", lambda seconds: None)
    yield demo_db
    open_database(demo_db.path).close()
    open_database.clear()


# Every admin page, for sweeps that run them all.
ADMIN_PAGES = [
    "app_pages/admin_teams.py",
    "app_pages/admin_rounds.py",
    "app_pages/admin_codes.py",
    "app_pages/admin_instruments.py",
    "app_pages/admin_accounts.py",
    "app_pages/admin_privacy.py",
    "app_pages/admin_data.py",
]


def account_id(db, name: str) -> int:
    return accounts.get_account(db.cursor(), name).id


def run_app(db=None, as_account: str | None = None, page: str | None = None, query: dict | None = None) -> AppTest:
    """Run the app (signed in as ``as_account`` if given), then switch to ``page`` and run it."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if as_account:
        at.session_state["account_id"] = account_id(db, as_account)
    at.query_params.update(query or {})
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def shown(markdown: str) -> str:
    """What a browser shows for Markdown text: backslash-escaped punctuation (``widgets.plain.md``) reads
    as the character itself."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(markdown))


def texts(at: AppTest) -> str:
    """Everything the page says in markdown, captions, alerts and titles, as one string, as shown."""
    parts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(shown(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def no_trouble(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
