"""Attacks on the surfaces added this session: the team results page's link limit and the staff
session routes.

- Anyone with network access can open ``/team?results=<anything>``. Each guess must not leave an
  entry behind in the server's memory (the rate limit's counts), or a stream of distinct or huge
  guesses grows the process without bound.
- Another site must not be able to end a staff session (a cross-site POST to the sign-out route).
- A server file planted by another local user must not be trusted by the command line.
"""

from __future__ import annotations

import json
import os

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dashboard.server import session as session_routes
from dashboard.server.context import ServerContext
from pulse import accounts, sessions
from pulse.tokens import team_links
from tests.dashboard_testing import app_db_fixture, run_app  # noqa: F401  (the app_db fixture)

TEAM_PAGE = "app_pages/team.py"


def open_team_page(db, token: str):
    at = run_app(db)
    at.query_params["results"] = token
    at.switch_page(TEAM_PAGE).run()
    return at


def test_guessed_team_links_leave_nothing_in_the_servers_memory(app_db, monkeypatch):
    """A guesser sends well-formed wrong tokens and one of 100,000 characters: each is refused, and
    the process-wide rate limit keeps no entry for any of them (only real links are counted)."""
    from dashboard import state, throttle
    from pulse.tokens.links import LinkRateLimit

    limit = LinkRateLimit(limit=30)
    monkeypatch.setattr(state, "link_rate_limit", lambda: limit)
    monkeypatch.setattr(throttle, "sleep", lambda _seconds: None)  # the wrong-entry brake, not under test
    guesses = ["a" * team_links.TOKEN_LENGTH, "b" * team_links.TOKEN_LENGTH, "x" * 100_000]
    for guess in guesses:
        at = open_team_page(app_db, guess)
        assert at.error and "not valid" in at.error[0].value
    kept = list(limit._counts)  # the limiter's only state: what a flood of guesses would grow
    assert not any(guess in key for guess in guesses for key in kept), kept
    real = open_team_page(app_db, team_links.team_token(app_db, "Atlas"))  # positive control
    assert not real.error and len(limit._counts) == 1


@pytest.fixture
def session_client(db):
    context = ServerContext(database_path=":memory:", secret="s", database=lambda: db)
    with TestClient(Starlette(routes=session_routes.routes(context)), base_url="http://testserver") as c:
        yield c


@pytest.mark.parametrize("headers", [{"origin": "https://evil.example"}, {}], ids=["other-site", "no-origin"])
def test_another_site_cannot_sign_a_staff_member_out(db, session_client, headers):
    staff = accounts.create_account(db, "sam", "facilitator", "a long enough password")
    cookie = sessions.redeem(db, sessions.begin(db, staff))
    session_client.cookies.set(sessions.COOKIE, cookie)
    refused = session_client.post(f"{session_routes.PATH}/end", headers=headers)
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    assert sessions.resume(db, cookie).name == "sam"  # still signed in
    ended = session_client.post(f"{session_routes.PATH}/end", headers={"origin": "http://testserver"})
    assert ended.status_code == 204 and sessions.resume(db, cookie) is None  # positive control


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="making another user's file needs root")
def test_a_server_file_planted_by_another_user_is_not_trusted(tmp_path):
    """A local user who can write the database's folder plants ``<db>.server.json`` naming a live pid
    (pid 1 always runs) and their own listener. The command line must not take it for the server:
    it would post the export's identity columns, new passwords and nothing less to that address."""
    from pulse.ops import server_file
    from teampulse import client

    database = tmp_path / "org.duckdb"
    planted = server_file.path_for(database)
    planted.write_text(
        json.dumps({"database": str(database), "pid": 1, "port": 9, "host": "attacker.example", "secret": "x"})
    )
    assert server_file.read(database) is not None  # positive control: our own file with a live pid is trusted
    os.chown(planted, 65534, 65534)  # now it belongs to someone else (nobody)
    assert server_file.read(database) is None
    assert client.server_for(database) is None


def test_an_admins_browser_cookie_opens_no_admin_api_route(db):
    """CSRF through the browser: another site makes a signed-in admin's browser post to the API. The
    API answers only the bearer secret of the server file, never the staff cookie the browser sends."""
    from dashboard.server import api

    admin = accounts.create_account(db, "ada", "admin", "a long enough password")
    cookie = sessions.redeem(db, sessions.begin(db, admin))
    context = ServerContext(database_path=":memory:", secret="the-secret", database=lambda: db)
    with TestClient(Starlette(routes=api.routes(context)), base_url="http://testserver") as c:
        c.cookies.set(sessions.COOKIE, cookie)
        forged = c.post(
            "/api/v1/users",
            json={"name": "mallory", "role": "admin", "password": "another long password"},
            headers={"origin": "https://evil.example"},
        )
        assert forged.status_code == 401
        assert [a.name for a in accounts.list_accounts(db.cursor())] == ["ada"]
        with_secret = c.post(
            "/api/v1/users",
            json={"name": "mallory", "role": "admin", "password": "another long password"},
            headers={"authorization": "Bearer the-secret"},
        )
        assert with_secret.status_code == 201  # positive control: the secret opens the same route


def test_a_coach_can_retire_a_team_link_that_went_too_far(app_db):
    from pulse.errors import LinkInvalid

    leaked = team_links.team_token(app_db, "Atlas")
    at = run_app(app_db, as_account="demo-coach", page="app_pages/trends.py")
    at.toggle(key="trends_actions").set_value(True).run()
    replace = [b for b in at.button if "replace" in str(b.label).lower() and "link" in str(b.label).lower()]
    assert replace, "no button to replace the team's results link"
    replace[0].click().run()
    with pytest.raises(LinkInvalid):
        team_links.team_for_token(app_db, leaked)
    fresh = team_links.team_token(app_db, "Atlas")
    assert fresh != leaked and team_links.team_for_token(app_db, fresh) == "Atlas"  # the new link works
