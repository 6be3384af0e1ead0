"""Statement budget (issue 10): the cold Team trends page reads the database at most 10 times.

Counted through the store's counter (``Database.statements``, one per ``cursor.execute``) on the
one Database the dashboard opens per file, from a cold cache: everything a coach's first look at a
team costs, the sign-in check included.
"""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.state import open_database
from pulse.store import db as store
from tests.dashboard_testing import APP, TIMEOUT, account_id, app_db_fixture  # noqa: F401  (the app_db fixture)

BUDGET = 10
SIGN_IN_CHECK = 2  # the account and its teams, read once per run for the menu and the page's role check


@pytest.fixture
def statements(monkeypatch):
    """The SQL of every statement run through a counted cursor (first words), to explain a failure."""
    seen: list[str] = []
    execute = store.Cursor.execute

    def recording(self, sql, parameters=None):
        seen.append(" ".join(str(sql).split()[:8]))
        return execute(self, sql, parameters)

    monkeypatch.setattr(store.Cursor, "execute", recording)
    return seen


def trends_page(db) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["account_id"] = account_id(db, "demo-coach")
    at.switch_page("app_pages/trends.py")
    return at


def spent_on(at: AppTest, db, statements: list[str]) -> int:
    statements.clear()
    before = db.statements
    at.run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Team trends" and at.dataframe, "the page drew its figures"
    return db.statements - before


def test_the_cold_trends_page_of_a_coach_runs_at_most_10_statements(app_db, statements):
    st.cache_data.clear()
    spent = spent_on(trends_page(app_db), open_database(app_db.path), statements)
    assert spent <= BUDGET, f"{spent} statements:\n" + "\n".join(statements)


def test_the_warm_trends_page_reads_nothing_but_the_sign_in_check(app_db, statements):
    st.cache_data.clear()
    at, db = trends_page(app_db), open_database(app_db.path)
    spent_on(at, db, statements)
    spent = spent_on(at, db, statements)
    assert spent <= SIGN_IN_CHECK, f"{spent} statements:\n" + "\n".join(statements)
