"""The admin API's routes on a real demo database: the secret is required, answers hold only what the
pages show, and named errors come back as the one line the command line prints.

The routes run in Starlette's own test client (the same Route objects `teampulse serve` mounts in
st.App); tests/api/test_remote_cli.py and tests/e2e/test_browser_server.py run them in a real server.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dashboard.server import api
from dashboard.server.context import ServerContext
from dashboard.server.endpoint import plain
from pulse import results, teams
from pulse.results import ALL_TEAMS

SECRET = "k9Qe3-rT0pWz4yVb8nXc1uJm5sLd7hGf2aBo6iKq0wE"
ROOT = Path(__file__).resolve().parents[2]
PS_KEYS = [f"ps{i}" for i in range(1, 8)]
EVERY_ROUTE = [(method, route.path) for route in api.routes(ServerContext("x", SECRET, lambda: None))
               for method in sorted(route.methods - {"HEAD"})]  # fmt: skip


@pytest.fixture
def client(demo_db):
    app = Starlette(routes=api.routes(ServerContext(str(demo_db.path), SECRET, lambda: demo_db)))
    with TestClient(app) as test_client:
        yield test_client


def auth(secret: str = SECRET) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        auth("wrong"),
        auth(SECRET[:-1]),
        auth(SECRET + "x"),
        {"Authorization": SECRET},
        {"Authorization": f"Basic {SECRET}"},
        {"Authorization": "Bearer "},
    ],
    ids=["none", "wrong", "prefix", "longer", "no-scheme", "basic", "empty"],
)
@pytest.mark.parametrize("method,path", EVERY_ROUTE)
def test_every_route_refuses_a_missing_or_wrong_secret(client, demo_db, headers, method, path):
    before = len(teams.list_teams(demo_db.cursor()))
    response = client.request(method, path, headers=headers, content=json.dumps({"name": "Intruders"}))
    assert response.status_code == 401
    assert response.json()["error"] == "missing or wrong secret (read it from the server file)"
    assert len(teams.list_teams(demo_db.cursor())) == before  # nothing was written


def test_the_secret_opens_the_api(client, demo_db):
    response = client.get("/api/v1", headers=auth())
    assert response.status_code == 200
    assert response.json()["api"] == 1 and response.json()["database"] == str(demo_db.path)
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("level", ["team", "tribe", "organisation"])
def test_trends_answer_exactly_what_the_one_door_returns(client, demo_db, level):
    answer = client.get("/api/v1/trends", params={"level": level}, headers=auth()).json()
    if level == "team":
        expected = results.team_results(demo_db, scope=ALL_TEAMS)
    else:
        expected = results.group_results(demo_db, level)
    assert answer["columns"] == results.COLUMNS
    assert answer["figures"] == [plain(f.as_row()) for f in expected]
    assert any(row["mean"] is None for row in answer["figures"]) or level != "team"  # the demo has suppressed rows


def test_a_team_smaller_than_k_has_no_figure_on_any_route(client, demo_db):
    """Kestrel has four members (k = 5): it is never shown alone, whichever route or filter asks."""
    asked = 0
    for method, path in EVERY_ROUTE:
        if method != "GET":
            continue
        answer = client.get(path, params={"team": "Kestrel"}, headers=auth()).json()
        for row in answer.get("figures", []) + answer.get("alerts", []):
            asked += 1
            assert row["team"] == "Kestrel"
            assert [row.get(c) for c in ("mean", "ci_low", "ci_high", "size", "confidence")] == [None] * 5, row
    assert asked  # the trends route answered Kestrel's rows, all suppressed
    # Its tribe shows only what the one door computes from children that are shown themselves.
    tribe = client.get("/api/v1/trends", params={"level": "tribe", "team": "Platform"}, headers=auth()).json()
    platform = [f for f in results.group_results(demo_db, "tribe") if f.team == "Platform"]
    assert tribe["figures"] == [plain(f.as_row()) for f in platform]


def test_no_route_serves_raw_rows_comments_or_codes():
    paths = {path for _, path in EVERY_ROUTE}
    assert not [p for p in paths if re.search(r"raw|comment|answer|code|export|response", p)]


def test_every_route_is_documented_in_docs_api_md():
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [f"{m} {p}" for m, p in EVERY_ROUTE if f"`{m} {p}`" not in text]
    assert missing == []


def test_named_errors_come_back_as_one_line_with_a_fitting_status(client):
    unknown = client.get("/api/v1/trends", params={"team": "Nope"}, headers=auth())
    assert (unknown.status_code, unknown.json()["error"]) == (404, "unknown team 'Nope'")
    taken = client.post("/api/v1/teams", json={"name": "Atlas"}, headers=auth())
    assert taken.status_code == 409 and "Atlas" in taken.json()["error"]
    not_json = client.post("/api/v1/teams", content=b"name=Atlas", headers=auth())
    assert (not_json.status_code, not_json.json()["error"]) == (400, "the request body is not JSON")
    level = client.get("/api/v1/trends", params={"level": "person"}, headers=auth())
    assert level.status_code == 400 and "level must be one of team, tribe, organisation" in level.json()["error"]
    role = client.post("/api/v1/users", json={"name": "x", "role": "king", "password": "p" * 16}, headers=auth())
    assert role.status_code == 400 and "role must be one of" in role.json()["error"]


def test_teams_and_users_are_added_and_listed_and_no_password_comes_back(client, demo_db):
    added = client.post("/api/v1/teams", json={"name": "Nova", "tribe": "Platform", "size": 6}, headers=auth())
    assert (added.status_code, added.json()) == (201, {"team": {"name": "Nova", "tribe": "Platform", "size": 6}})
    listed_teams = client.get("/api/v1/teams", headers=auth()).json()["teams"]
    assert {"name": "Nova", "tribe": "Platform", "size": 6} in listed_teams
    password = "correct horse battery staple"
    user = client.post(
        "/api/v1/users", json={"name": "grace", "role": "coach", "password": password, "teams": ["Nova"]},
        headers=auth(),
    )  # fmt: skip
    assert (user.status_code, user.json()) == (201, {"user": {"name": "grace", "role": "coach", "teams": ["Nova"]}})
    listed = client.get("/api/v1/users", headers=auth())
    assert {"name": "grace", "role": "coach", "teams": ["Nova"]} in listed.json()["users"]
    assert password not in user.text + listed.text


def ps_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([["team", "date", *PS_KEYS, "comment"], *rows])
    return out.getvalue().encode("utf-8")


def test_an_uploaded_file_is_imported_whole_or_not_at_all(client, demo_db):
    day = "2026-09-01"  # after the demo's rounds, before the day this was written: a period that is over
    good = ps_csv([["Orion", day, *[str((i + q) % 7 + 1) for q in range(7)], ""] for i in range(6)])
    bad = ps_csv([["Vega", day, *["4"] * 7, ""], ["Vega", day, "4", "4", "9", "4", "4", "4", "4", ""]])
    refused = client.post(
        "/api/v1/imports", params={"instrument": "psych-safety"}, content=bad, headers=auth()
    )  # fmt: skip
    assert refused.status_code == 422 and re.search(r"\bps3\b.*\b9\b.*outside the scale", refused.json()["error"])
    assert teams.find_team(demo_db.cursor(), "Vega") is None  # checked whole: nothing written
    done = client.post("/api/v1/imports", params={"instrument": "psych-safety"}, content=good, headers=auth())
    assert done.status_code == 201, done.text
    report = done.json()["report"]
    assert (report["rows"], report["teams_created"], report["rounds_created"]) == (6, ["Orion"], 1)
    empty = client.post("/api/v1/imports", params={"instrument": "psych-safety"}, content=b"", headers=auth())
    assert (empty.status_code, empty.json()["error"]) == (400, "the request body is empty: send the file's bytes")


def test_plain_keeps_meaning_for_json():
    import datetime as dt

    import numpy as np

    assert plain({"a": float("nan"), "b": np.int64(3), "c": dt.date(2026, 1, 5), "d": [np.float64(1.5)]}) == {
        "a": None, "b": 3, "c": "2026-01-05", "d": [1.5],
    }  # fmt: skip
    assert not math.isnan(plain(np.float64(2.0)))
