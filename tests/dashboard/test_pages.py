"""Every page runs on the demo database for its role; sign-in, roles and team scope are enforced."""

import pytest

from dashboard import guard
from dashboard.queries import coaching
from pulse import accounts
from pulse.closing import close_round
from pulse.errors import PulseError
from pulse.responses import submit_response
from pulse.rounds import open_round
from pulse.teams import add_team
from tests.dashboard_testing import ADMIN_PAGES, app_db_fixture, run_app, texts  # noqa: F401  (the app_db fixture)

COACH_PAGES = ["app_pages/trends.py", "app_pages/organisation.py", "app_pages/overview.py"]
REVIEW_PAGES = [
    "app_pages/reviews.py",
    "app_pages/review_edit.py",
    "app_pages/review_check.py",
    "app_pages/review_perspectives.py",
    "app_pages/review_learning.py",
]
STAFF_PAGES = COACH_PAGES + ADMIN_PAGES + REVIEW_PAGES


@pytest.mark.parametrize(
    ("page", "who"),
    [("app_pages/take_pulse.py", None), ("app_pages/perspective.py", None), ("app_pages/sign_in.py", None)]
    + [("app_pages/sign_in.py", "demo-coach")]
    + [(p, "demo-coach") for p in COACH_PAGES]
    + [(p, "demo-facilitator") for p in REVIEW_PAGES]
    + [(p, "demo-admin") for p in STAFF_PAGES],
)
def test_every_page_runs_without_exception_on_the_demo(app_db, page, who):
    at = run_app(app_db, who, page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_staff_page_without_sign_in_shows_the_login_form_and_nothing_else(app_db, page):
    at = run_app(app_db, None, page)
    assert at.text_input(key="login_password").proto.type == at.text_input(key="login_password").proto.PASSWORD
    assert not at.get("vega_lite_chart") and not at.dataframe
    assert not at.exception


@pytest.mark.parametrize(
    ("page", "who"),
    [(p, "demo-facilitator") for p in COACH_PAGES + ADMIN_PAGES]
    + [(p, "demo-coach") for p in ADMIN_PAGES + REVIEW_PAGES],
)
def test_a_role_that_is_not_allowed_is_refused(app_db, page, who):
    at = run_app(app_db, who, page)
    assert at.error and "This page is for" in at.error[0].value
    assert not at.get("vega_lite_chart") and not at.dataframe


def test_signing_in_through_the_form(app_db):
    accounts.set_password(app_db, "demo-coach", "a known password")
    at = run_app(app_db, None, "app_pages/trends.py")
    at.text_input(key="login_name").input("demo-coach")
    at.text_input(key="login_password").input("not the password")
    at.button(key="login_submit").click().run()
    assert at.error[0].value == "wrong name or password"
    assert "account_id" not in at.session_state
    at.text_input(key="login_name").input("demo-coach")
    at.text_input(key="login_password").input("a known password")
    at.button(key="login_submit").click().run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Team trends"


def test_a_coach_sees_only_assigned_teams(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/trends.py")
    assert at.selectbox(key="trends_team").options == ["Atlas", "Beacon", "Comet"]


def test_a_coach_cannot_open_a_team_not_assigned_to_them(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/trends.py", query={"team": "Delta"})
    assert at.error and "only open the teams assigned to you" in at.error[0].value
    assert not at.get("vega_lite_chart") and not at.dataframe
    assert "Delta" not in texts(at).replace("Delta", "", 1)  # named once, in nothing but the refusal


def test_the_organisation_table_shows_only_a_coachs_teams(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/organisation.py")
    shown = set(at.dataframe[0].value["Team"])
    assert shown and shown <= {"Atlas", "Beacon", "Comet"}
    admin = run_app(app_db, "demo-admin", "app_pages/organisation.py")
    assert len(set(admin.dataframe[0].value["Team"])) > len(shown)


def test_the_driver_view_is_estimated_on_request(app_db):
    at = run_app(app_db, "demo-admin", "app_pages/organisation.py")
    assert "What moves with psychological safety" in texts(at) and "Across teams (r)" not in str(at.dataframe)
    at.toggle(key="org_drivers").set_value(True).run()
    assert not at.exception and not at.error
    drivers = at.dataframe[-1].value
    assert (
        set(drivers["Dimension"]) >= {"value", "teamwork"} and drivers["What it says"].str.contains("association").all()
    )
    assert (drivers["Across teams (r)"] == drivers["Across teams (r)"].round(2)).all()


def test_a_small_team_shows_the_suppression_note_and_gaps_not_zeros(app_db):
    add_team(app_db, "Tiny", "Payments", 3)
    rnd = open_round(app_db, "Tiny", "psych-safety")
    for value in (2, 6):
        submit_response(app_db, {f"ps{i}": value for i in range(1, 8)}, round_id=rnd.id)
    close_round(app_db, rnd.id)
    accounts.set_teams(app_db, "demo-coach", ["Atlas", "Beacon", "Comet", "Tiny"])
    at = run_app(app_db, "demo-coach", "app_pages/trends.py", query={"team": "Tiny"})
    assert not at.exception
    assert any("Fewer than 5 responses" in w.value and "never as zeros" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert list(table["responses"]) == [2] and table["mean"].isna().all()
    assert "fewer than 5 responses" in table["note"].iloc[0]


def test_a_team_of_three_is_shown_in_pooled_blocks(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/trends.py", query={"team": "Comet"})
    table = at.dataframe[0].value
    shown = table[table["mean"].notna()]
    assert len(shown) and (shown["responses"] >= 5).all()
    assert shown["note"].str.startswith("pooled over").all()


def test_the_role_is_checked_on_every_run_not_only_at_sign_in(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/trends.py")
    assert at.selectbox(key="trends_team").options == ["Atlas", "Beacon", "Comet"]
    accounts.set_teams(app_db, "demo-coach", ["Beacon"])
    at.run()  # the coach's teams changed: the session ends (issue 11, item 12) and nothing is shown
    assert at.text_input(key="login_password") and not at.dataframe
    at = run_app(app_db, "demo-coach", "app_pages/trends.py")
    assert at.selectbox(key="trends_team").options == ["Beacon"]
    accounts.create_account(app_db, "spare-admin", "admin", "a long enough password")
    accounts.delete_account(app_db, "demo-coach")
    at.run()
    assert at.text_input(key="login_password")  # the session lost its account: back to the login form


def test_the_public_start_page_is_take_a_pulse(app_db):
    at = run_app(app_db)
    assert not at.exception
    assert at.title[0].value == "Take a pulse"
    assert at.text_input(key="code_entry")


def test_a_domain_error_is_one_line_and_anything_else_a_generic_message(app_db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail: answers 7, 7, 1")

    monkeypatch.setattr(coaching, "trends_page", broken)
    at = run_app(app_db, "demo-admin", "app_pages/trends.py")
    assert not at.exception
    assert [e.value for e in at.error] == [guard.GENERIC]
    assert "secret detail" not in texts(at)

    def refused(*args, **kwargs):
        raise PulseError("that went wrong in a way we can explain")

    monkeypatch.setattr(coaching, "trends_page", refused)
    at = run_app(app_db, "demo-admin", "app_pages/trends.py")
    assert not at.exception
    assert [e.value for e in at.error] == ["that went wrong in a way we can explain"]
