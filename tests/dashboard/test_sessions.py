"""Staff sessions that survive a reload: the signed cookie, its route, and the pages reading it.

The route is driven through Starlette's test client against the real routes of
``dashboard/server/session.py``; the pages through AppTest, with the cookie the browser would send
(AppTest has no browser, so ``auth.browser_cookie`` returns it: a stand-in for ``st.context.cookies``).
The whole path in Chromium is in ``tests/e2e/test_browser_reviews.py``.
"""

from datetime import datetime, timedelta

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dashboard import auth
from dashboard.server import session as session_routes
from dashboard.server.context import ServerContext
from pulse import accounts, sessions
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app, texts  # noqa: F401  (the app_db fixture)

PASSWORD = "a long enough password"
NOW = datetime(2026, 6, 1, 9, 0)


@pytest.fixture
def staff(db):
    return accounts.create_account(db, "sam", "facilitator", PASSWORD)


def signed_in(db, account, lifetime=timedelta(hours=12), now=NOW):
    return sessions.redeem(db, sessions.begin(db, account, now=now), lifetime, now=now)


def test_a_ticket_becomes_a_signed_cookie_once(db, staff):
    ticket = sessions.begin(db, staff, now=NOW)
    cookie = sessions.redeem(db, ticket, now=NOW)
    assert cookie and ticket not in cookie
    assert sessions.resume(db, cookie, now=NOW).name == "sam"
    assert sessions.redeem(db, ticket, now=NOW) is None  # used up
    late = sessions.begin(db, staff, now=NOW)
    assert sessions.redeem(db, late, now=NOW + timedelta(minutes=3)) is None  # a ticket lasts two minutes


def test_the_database_keeps_no_cookie_and_a_forged_or_altered_cookie_opens_nothing(db, staff):
    cookie = signed_in(db, staff)
    stored = db.cursor().execute("SELECT id_hash, handoff_hash FROM staff_sessions").fetchall()
    session_id, _, signature = cookie.partition(".")
    assert all(session_id not in str(row) and signature not in str(row) for row in stored)
    flipped = "A" if signature[0] != "A" else "B"
    for bad in (f"{session_id}.{flipped}{signature[1:]}", f"x{session_id}.{signature}", session_id, "", "." * 500):
        assert sessions.resume(db, bad, now=NOW) is None


def test_a_session_lasts_its_lifetime(db, staff):
    cookie = signed_in(db, staff, lifetime=timedelta(hours=2))
    assert sessions.resume(db, cookie, now=NOW + timedelta(hours=1, minutes=59))
    assert sessions.resume(db, cookie, now=NOW + timedelta(hours=2)) is None


@pytest.mark.parametrize(
    "change",
    [
        lambda db: accounts.set_password(db, "sam", "another long password"),
        lambda db: accounts.set_role(db, "sam", "coach"),
        lambda db: accounts.delete_account(db, "sam"),
    ],
    ids=["password", "role", "removed"],
)
def test_a_credential_change_or_removal_ends_every_session_of_the_account(db, staff, change):
    accounts.create_account(db, "kim", "admin", PASSWORD)
    first, second = signed_in(db, staff), signed_in(db, staff)
    other = signed_in(db, accounts.get_account(db.cursor(), "kim"))
    change(db)
    assert sessions.resume(db, first, now=NOW) is None and sessions.resume(db, second, now=NOW) is None
    assert sessions.resume(db, other, now=NOW).name == "kim"


def test_sign_out_ends_this_session_only_by_cookie_or_by_the_ticket_that_began_it(db, staff):
    ticket = sessions.begin(db, staff, now=NOW)
    by_ticket = sessions.redeem(db, ticket, now=NOW)
    by_cookie, kept = signed_in(db, staff), signed_in(db, staff)
    sessions.end(db, ticket=ticket)
    sessions.end(db, cookie=by_cookie)
    assert sessions.resume(db, by_ticket, now=NOW) is None and sessions.resume(db, by_cookie, now=NOW) is None
    assert sessions.resume(db, kept, now=NOW).name == "sam"


# --- the HTTP route ---------------------------------------------------------------------------------


@pytest.fixture
def client(db):
    context = ServerContext(database_path=":memory:", secret="s", database=lambda: db)
    with TestClient(Starlette(routes=session_routes.routes(context)), base_url="http://testserver") as c:
        yield c


ORIGIN = {"origin": "http://testserver"}


def test_the_route_sets_an_http_only_strict_cookie_for_a_ticket(db, staff, client):
    ticket = sessions.begin(db, staff)
    answer = client.post(session_routes.PATH, content=ticket, headers=ORIGIN)
    assert answer.status_code == 204
    header = answer.headers["set-cookie"]
    assert header.startswith(f"{sessions.COOKIE}=") and "HttpOnly" in header and "SameSite=strict" in header
    assert "Max-Age=43200" in header  # 12 hours by default
    cookie = client.cookies[sessions.COOKIE]
    assert sessions.resume(db, cookie).name == "sam"
    assert client.post(session_routes.PATH, content=ticket, headers=ORIGIN).status_code == 403  # used up
    ended = client.post(f"{session_routes.PATH}/end", headers=ORIGIN)
    assert ended.status_code == 204 and 'teampulse_session=""' in ended.headers["set-cookie"]
    assert sessions.resume(db, cookie) is None


def test_another_site_cannot_post_a_ticket(db, staff, client):
    ticket = sessions.begin(db, staff)
    elsewhere = {"origin": "https://evil.example"}
    assert client.post(session_routes.PATH, content=ticket, headers=elsewhere).status_code == 403
    assert client.post(session_routes.PATH, content=ticket).status_code == 403  # no Origin: not a page of ours
    assert sessions.COOKIE not in client.cookies


def test_the_session_length_is_configurable(monkeypatch):
    monkeypatch.setenv(session_routes.LIFETIME_VARIABLE, "0.5")
    assert session_routes.lifetime() == timedelta(minutes=30)
    monkeypatch.setenv(session_routes.LIFETIME_VARIABLE, "soon")
    with pytest.raises(SystemExit, match="number of hours"):
        session_routes.lifetime()


# --- the pages --------------------------------------------------------------------------------------


def browser_sends(monkeypatch, cookie):
    monkeypatch.setattr(auth, "browser_cookie", lambda: cookie)


def test_a_reload_with_the_cookie_is_still_signed_in(app_db, monkeypatch):
    facilitator = accounts.get_account(app_db.cursor(), "demo-facilitator")
    browser_sends(monkeypatch, sessions.redeem(app_db, sessions.begin(app_db, facilitator)))
    at = run_app(app_db, None, "app_pages/reviews.py")  # a new Streamlit session: nothing in its state
    no_trouble(at)
    assert at.title[0].value == "Blameless reviews"
    assert "Signed in as" in " ".join(c.value for c in at.sidebar.caption)


def test_signing_out_ends_the_session_the_cookie_belongs_to(app_db, monkeypatch):
    facilitator = accounts.get_account(app_db.cursor(), "demo-facilitator")
    cookie = sessions.redeem(app_db, sessions.begin(app_db, facilitator))
    browser_sends(monkeypatch, cookie)
    at = run_app(app_db, None, "app_pages/sign_in.py")
    at.button(key="sign_out").click().run()
    no_trouble(at)
    assert at.text_input(key="login_name")  # signed out here, though the browser still sends the cookie
    assert sessions.resume(app_db, cookie) is None
    assert [h for h in at.get("html") if "/_teampulse/session/end" in h.proto.body]  # and the cookie is cleared


def test_signing_in_hands_the_browser_a_ticket_for_its_cookie(app_db, monkeypatch):
    browser_sends(monkeypatch, None)
    at = run_app(app_db, None, "app_pages/sign_in.py")
    password = "a new password for the test"
    accounts.set_password(app_db, "demo-facilitator", password)
    at.text_input(key="login_name").input("demo-facilitator")
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click().run()
    no_trouble(at)
    (script,) = [h.proto.body for h in at.get("html") if "/_teampulse/session" in h.proto.body]
    ticket = at.session_state[auth.TICKET_KEY]
    assert ticket in script and sessions.redeem(app_db, ticket) is not None


def test_changing_my_password_ends_my_sessions_and_asks_me_to_sign_in_again(app_db, monkeypatch):
    password = "the facilitator's password"
    accounts.set_password(app_db, "demo-facilitator", password)
    facilitator = accounts.get_account(app_db.cursor(), "demo-facilitator")
    cookie = sessions.redeem(app_db, sessions.begin(app_db, facilitator))
    browser_sends(monkeypatch, cookie)
    at = run_app(app_db, None, "app_pages/sign_in.py")
    at.text_input(key="own_password_current").input(password)
    at.text_input(key="own_password_new").input("a different long password")
    at.text_input(key="own_password_again").input("a different long password")
    at.button(key="own_password_change").click().run()
    no_trouble(at)
    assert "Password changed" in texts(at) and at.text_input(key="login_name")
    assert sessions.resume(app_db, cookie) is None
    assert accounts.authenticate(app_db, "demo-facilitator", "a different long password")


def test_a_wrong_current_password_changes_nothing(app_db):
    at = run_app(app_db, "demo-facilitator", "app_pages/sign_in.py")
    at.text_input(key="own_password_current").input("not the password at all")
    at.text_input(key="own_password_new").input("a different long password")
    at.text_input(key="own_password_again").input("a different long password")
    at.button(key="own_password_change").click().run()
    assert "Password not changed: wrong name or password" in at.error[0].value
    assert at.button(key="sign_out")  # still signed in
