"""In a real browser: a review written from nothing to published through the forms, every printed
perspective link (and the slips' address) opening the perspective page, and a staff session that
survives a reload until the password changes.

Runs `teampulse serve` on a free port against a fresh demo database and drives Debian's Chromium
through Playwright (fixtures shared with ``test_browser.py``). Only when TEAMPULSE_E2E=1.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.e2e.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TEAMPULSE,
    free_port,
    serving,
    session_cookie,
    sign_in,
    sync_playwright,
)

pytestmark = pytest.mark.e2e
__all__ = ["sync_playwright"]  # a fixture, used by name

NEW_PASSWORD = "a fresh password for the browser test"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A fresh demo database with one review in review, collecting perspectives; the demo passwords."""
    path = tmp_path_factory.mktemp("e2e-reviews") / "demo.duckdb"
    built = subprocess.run([*TEAMPULSE, "demo", "--db", str(path)], capture_output=True, text=True, check=True)
    passwords = dict(re.findall(r"(demo-\w+)\s+password: (\S+)", built.stdout))

    from pulse import reviews
    from pulse.reviews import perspectives
    from pulse.store import Database

    with Database(path) as db:
        review = reviews.create_review(db, "Atlas", "Search went dark", date(2026, 5, 4), "incident")
        perspectives.open_collection(db, review.id)
    return {"path": path, "passwords": passwords, "review": review.id}


@pytest.fixture(scope="module")
def server(demo, tmp_path_factory):
    log = tmp_path_factory.mktemp("e2e-reviews-log") / "serve.log"
    with serving(demo["path"], free_port(), log, env={"TEAMPULSE_SESSION_HOURS": "1"}) as url:
        yield url


@pytest.fixture
def browser(sync_playwright, tmp_path):
    from playwright.sync_api import expect

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        expect.set_options(timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def test_every_printed_perspective_link_and_the_slips_address_open_the_page(server, demo, browser, tmp_path):
    from playwright.sync_api import expect

    page = new_page(browser, tmp_path)
    sign_in(page, server, "demo-facilitator", demo["passwords"]["demo-facilitator"])
    page.goto(f"{server}/review-perspectives?review={demo['review']}")
    page.get_by_label("Personal links and codes to issue").fill("4")
    page.get_by_role("button", name="Issue links and codes").click()
    blocks = page.get_by_test_id("stCode")
    expect(blocks).to_have_count(2)
    codes = blocks.nth(0).inner_text().split()
    links = blocks.nth(1).inner_text().split()
    assert len(codes) == len(links) == 4
    assert all(link.startswith(f"{server}/perspective?code=") for link in links), links
    with page.expect_download() as slips:
        page.get_by_role("button", name="Printable code slips").click()
    sheet = Path(slips.value.path()).read_text()
    (address,) = set(re.findall(r"Go to <b>([^<]+)</b>", sheet))
    assert address == f"{server}/perspective"

    participant = new_page(browser, tmp_path)
    for link in links:  # every printed link opens the page with its code filled in
        participant.goto(link)
        expect(participant.get_by_text("Search went dark (team Atlas)")).to_be_visible()
        expect(participant.get_by_role("textbox", name="Your perspective")).to_be_visible()
        expect(participant).not_to_have_url(re.compile("code="))
    participant.goto(address)  # the slips' address asks for the code
    participant.get_by_label("Your one-time code").fill(codes[0])
    participant.get_by_role("button", name="Continue").click()
    expect(participant.get_by_role("textbox", name="Your perspective")).to_be_visible()


def test_a_review_from_nothing_to_published_through_the_forms(server, demo, browser, tmp_path):
    from playwright.sync_api import expect

    page = new_page(browser, tmp_path)
    sign_in(page, server, "demo-facilitator", demo["passwords"]["demo-facilitator"])
    page.goto(f"{server}/reviews")
    page.get_by_label("Title").fill("Release train missed its slot")
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_role("heading", name="Edit review")).to_be_visible()

    page.get_by_label("Summary: what happened?").fill("The release was held for a day while a flaky test was fixed.")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Details saved")).to_be_visible()

    page.get_by_role("button", name="Add moment").click()
    page.get_by_label("When").fill("09:30")
    page.get_by_label("What happened (roles, never names)").fill("The pipeline failed on a flaky test")
    page.get_by_role("button", name="Save timeline").click()
    expect(page.get_by_text("Timeline saved")).to_be_visible()

    page.get_by_role("button", name="Add factor").click()
    page.get_by_label("Factor", exact=True).click()
    page.get_by_role("option", name="Workload and pressure").click()
    page.get_by_label("How it contributed").fill("Two releases were due the same week")
    page.get_by_role("button", name="Save factors").click()
    expect(page.get_by_text("Contributing factors saved")).to_be_visible()

    page.get_by_role("button", name="Add action").click()
    page.get_by_label("What changes").fill("Quarantine flaky tests automatically")
    page.get_by_label("Owner (a role or a team)").fill("platform team")
    page.get_by_role("button", name="Save actions").click()
    expect(page.get_by_text("Actions saved")).to_be_visible()
    expect(page.get_by_text("None", exact=True)).to_have_count(0)

    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("The review is now in review")).to_be_visible()
    publish = page.get_by_role("button", name="Publish")
    expect(publish).to_be_enabled()
    publish.click()
    expect(page.get_by_text("The review is now published")).to_be_visible()
    review_id = re.search(r"review=(\d+)", page.url).group(1)
    page.goto(f"{server}/review-perspectives?review={review_id}")
    expect(page.get_by_text("This review is published")).to_be_visible()
    expect(page.get_by_text("Start collecting perspectives")).to_have_count(0)


def test_a_staff_session_survives_a_reload_until_the_password_changes(server, demo, browser, tmp_path):
    from playwright.sync_api import expect

    page = new_page(browser, tmp_path)
    sign_in(page, server, "demo-coach", demo["passwords"]["demo-coach"])
    cookie = session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.reload()
    expect(page.get_by_text("Signed in as demo-coach", exact=False).first).to_be_visible()
    page.goto(f"{server}/trends")  # a bookmark, too
    expect(page.get_by_text("Signed in as demo-coach", exact=False).first).to_be_visible()

    # A second browser holding a copy of the cookie is signed in too, until the password changes.
    other = new_page(browser, tmp_path)
    other.context.add_cookies([cookie])
    other.goto(f"{server}/sign-in")
    expect(other.get_by_text("Signed in as demo-coach", exact=False).first).to_be_visible()

    page.goto(f"{server}/sign-in")
    page.get_by_text("Change my password").click()
    page.get_by_label("Current password").fill(demo["passwords"]["demo-coach"])
    page.get_by_label("New password (at least", exact=False).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    other.reload()  # the old session is gone everywhere
    expect(other.get_by_role("button", name="Sign in")).to_be_visible()
    expect(other.get_by_text("Signed in as", exact=False)).to_have_count(0)

    sign_in(page, server, "demo-coach", NEW_PASSWORD)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.reload()  # signing out ended the session: a reload does not bring it back
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_each_tab_names_its_page_captions_pass_aa_and_focus_is_visible(server, demo, browser, tmp_path):
    from playwright.sync_api import expect

    from dashboard.widgets.style import contrast

    page = new_page(browser, tmp_path)
    page.goto(f"{server}/sign-in")
    expect(page).to_have_title("Staff sign-in · TeamPulse")
    page.goto(f"{server}/perspective")
    expect(page).to_have_title("Share a perspective · TeamPulse")
    page.goto(f"{server}/sign-in")
    caption = page.get_by_test_id("stCaptionContainer").first
    expect(caption).to_be_visible()
    rgb = caption.evaluate("e => getComputedStyle(e).color")
    red, green, blue = (int(v) for v in re.findall(r"\d+", rgb)[:3])
    assert contrast(f"#{red:02x}{green:02x}{blue:02x}", "#ffffff") >= 4.5, rgb
    page.get_by_label("Account name").focus()
    page.keyboard.press("Tab")  # to the password field, by keyboard
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 2, outline
