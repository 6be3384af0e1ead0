"""Attack (issue 11, item 12): a staff session that outlives its credentials.

A coach signed in on a shared machine kept reading results after an admin reset their password or
removed the account: the session held only the account id. Now it also holds the credential version
it signed in with, and every page run compares it with the account's: a mismatch signs out.
"""

from __future__ import annotations

import pytest

from pulse import accounts
from tests.dashboard_testing import app_db_fixture, run_app  # noqa: F401  (the app_db fixture)

PASSWORD = "a known password"
PAGE = "app_pages/trends.py"


def signed_in_coach(db):
    """A coach signed in through the form, looking at a results page."""
    accounts.set_password(db, "demo-coach", PASSWORD)
    at = run_app(db, None, PAGE)
    at.text_input(key="login_name").input("demo-coach")
    at.text_input(key="login_password").input(PASSWORD)
    at.button(key="login_submit").click().run()
    assert not at.exception and not at.error and at.title[0].value == "Team trends"
    return at


def signed_out(at) -> bool:
    return "account_id" not in at.session_state and bool(at.text_input(key="login_password"))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda db: accounts.set_password(db, "demo-coach", "another long password"), id="password reset"),
        pytest.param(lambda db: accounts.delete_account(db, "demo-coach"), id="account removed"),
        pytest.param(lambda db: accounts.set_teams(db, "demo-coach", ["Atlas"]), id="teams changed"),
        pytest.param(lambda db: accounts.set_role(db, "demo-coach", "facilitator"), id="role changed"),
    ],
)
def test_a_session_ends_when_its_account_changes(app_db, change):
    at = signed_in_coach(app_db)
    change(app_db)
    at.run()  # the coach's next click
    assert not at.exception
    assert signed_out(at)
    assert "You were signed out" in at.warning[0].value
    assert not at.get("vega_lite_chart") and not at.dataframe


def test_a_session_survives_what_does_not_touch_its_account(app_db):
    at = signed_in_coach(app_db)
    accounts.set_password(app_db, "demo-admin", "another long password")
    accounts.authenticate(app_db, "demo-coach", PASSWORD, sleep=lambda _s: None)  # signing in elsewhere
    at.run()
    assert not at.exception and not at.error and at.title[0].value == "Team trends"
