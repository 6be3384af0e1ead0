"""The Organisation page at 300 teams, in Chromium: a coach's admin picks a tribe, pages through the
teams, reads the health check as letters, and the page stays a page (no chart thousands of pixels tall).

The database is the demo organisation's preset 25 times over (300 teams in 75 tribes), with its last
four fortnights only and nobody in the open round yet, so that building it stays short.
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.e2e.test_browser import TEAMPULSE, free_port, page, serving, sync_playwright, wait_healthy  # noqa: F401

pytestmark = pytest.mark.e2e

PASSWORD = "organisation-e2e-password"


@pytest.fixture(scope="module")
def organisation(tmp_path_factory):
    from pulse import accounts, demo
    from pulse.demo.organisation import build
    from pulse.store import Database

    path = tmp_path_factory.mktemp("e2e-org") / "org300.duckdb"
    # Nobody has answered the open round yet: its answers are written one by one with a code each,
    # which was most of the build's time.
    preset = dataclasses.replace(demo.demo_preset(copies=25), rounds=4, present_now=0.0)
    with Database(path) as db:
        summary = build(db, preset)
        accounts.create_account(db, "org-admin", "admin", PASSWORD)
    assert summary["teams"] == 300
    return path


@pytest.fixture(scope="module")
def server(organisation, tmp_path_factory):
    with serving(organisation, free_port(), tmp_path_factory.mktemp("e2e-org-log") / "serve.log") as url:
        yield url


def test_the_organisation_page_at_300_teams_filters_by_tribe(server, page):  # noqa: F811
    from playwright.sync_api import expect

    page.goto(server)
    page.get_by_test_id("stSidebarNav").get_by_text("Staff sign-in").click()
    page.get_by_label("Account name").fill("org-admin")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as org-admin", exact=False).first).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_text("Organisation").click()
    expect(page.get_by_role("heading", name="Teams by their latest psychological safety score")).to_be_visible()
    expect(page.get_by_label("Page (of 6)")).to_be_visible()  # 300 teams, 50 a page (Kestrels have no figure)
    expect(page.get_by_text("Kinds of team")).to_be_visible()
    assert "principal component" not in page.content().lower()

    page.get_by_test_id("stSelectbox").filter(has_text="Tribe").click()
    page.keyboard.type("Platform 7")  # 75 tribes: the list is long, typing narrows it
    page.get_by_role("option", name="Platform 7", exact=True).click()
    expect(page.get_by_text("Platform 7's average psychological safety score", exact=False)).to_be_visible()
    expect(page.get_by_text("No figure (no period with at least 5 responses yet): Kestrel 7.")).to_be_visible()
    expect(page.get_by_label("Page (of 6)")).to_have_count(0)  # one tribe fits on one page

    page.get_by_test_id("stButtonGroup").get_by_text("Health check", exact=False).click()
    expect(page.get_by_text("R / A / G", exact=False)).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, height  # a page, not a chart of 300 rows
