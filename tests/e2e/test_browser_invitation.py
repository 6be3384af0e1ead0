"""End to end, in a real browser: a scheduled round opens, `teampulse tick` emails every roster member
a personal link through a real SMTP server (aiosmtpd), and one member follows it to a sent answer.

The tick runs as cron would run it (the command, with the SMTP settings in its environment), then
`teampulse serve` starts on the port the links point at, and Debian's Chromium opens one link.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller

from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, TEAMPULSE, free_port, serving, sync_playwright

pytestmark = pytest.mark.e2e
__all__ = ["sync_playwright"]  # the fixture, shared with the first browser test

ROSTER = ["ann@example.org", "ben@example.org", "cem@example.org"]


class Inbox:
    def __init__(self):
        self.mails: list[tuple[str, email.message.EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.mails.extend((rcpt, mail) for rcpt in envelope.rcpt_tos)
        return "250 OK"


def run(*args: str, env: dict | None = None) -> str:
    done = subprocess.run([*TEAMPULSE, *args], capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def invited(tmp_path_factory):
    """A database with one scheduled team and its roster, after one tick sent the invitations."""
    folder = tmp_path_factory.mktemp("invite")
    db = str(folder / "pulse.duckdb")
    (folder / "roster.txt").write_text("\n".join(ROSTER) + "\n")
    run("init", "--db", db)
    run("team", "add", "Atlas", "--tribe", "Payments", "--size", "3", "--db", db)
    run("schedule", "add", "psych-safety", "fortnightly", "--team", "Atlas", "--db", db)
    run("roster", "set", "Atlas", str(folder / "roster.txt"), "--db", db)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        out = run(
            "tick",
            "--db",
            db,
            env={
                "TEAMPULSE_SMTP_HOST": "127.0.0.1",
                "TEAMPULSE_SMTP_PORT": str(controller.port),
                "TEAMPULSE_SMTP_FROM": "pulse@example.org",
                "TEAMPULSE_BASE_URL": f"http://127.0.0.1:{port}",
            },
        )
    finally:
        controller.stop()
    assert "opened 1 round(s)" in out and "invitation sent to 3, failed for 0" in out
    run("team", "add", "Comet", "--tribe", "Payments", "--size", "3", "--db", db)  # a health check on paper
    (health_code,) = re.findall(
        r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b", run("round", "open", "Comet", "health-check", "--codes", "1", "--db", db)
    )
    return {"db": db, "port": port, "mails": dict(inbox.mails), "folder": folder, "health_code": health_code}


@pytest.fixture(scope="module")
def server(invited):
    with serving(invited["db"], invited["port"], invited["folder"] / "serve.log") as url:
        yield url


def test_a_member_follows_the_emailed_link_to_a_sent_answer(invited, server, sync_playwright, tmp_path):
    from playwright.sync_api import expect

    assert sorted(invited["mails"]) == ROSTER
    body = invited["mails"]["ann@example.org"].get_content()
    (link,) = re.findall(rf"{re.escape(server)}/\?code=\S+", body)
    assert "works once" in body
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(viewport={"width": 420, "height": 900}).new_page()  # a phone's width
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        try:
            page.goto(link)
            page.get_by_text("Psychological safety: team Atlas").wait_for()
            expect(page).not_to_have_url(re.compile("code="))  # the code leaves the address bar at once
            radios = page.get_by_test_id("stRadio")
            expect(radios).to_have_count(7)
            # On a phone the 1-7 scale is one line of seven options, not 4 + 3 ...
            options = radios.nth(0).get_by_test_id("stRadioOption")
            expect(options).to_have_count(7)
            tops = [options.nth(i).bounding_box()["y"] for i in range(7)]
            assert max(tops) - min(tops) < 4, tops
            # ... and the privacy note is folded to one line above the questions, opened with a tap.
            privacy = page.get_by_test_id("stExpander").filter(has_text="Anonymous: what is stored")
            assert privacy.bounding_box()["height"] < 60
            expect(privacy.get_by_text("What is not stored.")).not_to_be_visible()
            for i in range(7):
                radios.nth(i).get_by_text("6", exact=True).click()
            page.get_by_role("button", name="Send my answers").click()
            expect(page.get_by_text("your answers are in")).to_be_visible()
            page.goto(link)  # the same emailed link a second time takes no answer: it opens the team's page
            page.wait_for_url(re.compile(r"/team"))
            expect(page.get_by_role("button", name="Send my answers")).to_have_count(0)
        except BaseException:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    log = Path(invited["folder"] / "serve.log").read_text()
    assert not any(address in log for address in ROSTER) and parse_qs(urlsplit(link).query)["code"][0] not in log


def test_on_a_phone_each_health_check_card_holds_its_colour_and_trend_on_one_line_each(
    invited, server, sync_playwright, tmp_path
):
    """Issue 15: one card per dimension, its colour and its trend together, each scale on one line at
    a phone's width (the trends' three options wrapped 2 + 1 inside a card)."""
    from playwright.sync_api import expect

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(viewport={"width": 420, "height": 900}).new_page()
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        try:
            page.goto(f"{server}/?code={invited['health_code']}")
            page.get_by_text("Squad health check: team Comet").wait_for()
            cards = page.locator("[class*='st-key-pulse0_card_']")
            expect(cards).to_have_count(11)
            expect(cards.nth(0)).to_contain_text("Value")
            expect(cards.nth(10)).to_contain_text("Teamwork")
            for i in (0, 10):
                radios = cards.nth(i).get_by_test_id("stRadio")
                expect(radios).to_have_count(2)
                for r in range(2):
                    options = radios.nth(r).get_by_test_id("stRadioOption")
                    expect(options).to_have_count(3)
                    tops = [options.nth(j).bounding_box()["y"] for j in range(3)]
                    assert max(tops) - min(tops) < 4, (i, r, tops)
            for i in range(11):
                cards.nth(i).get_by_test_id("stRadio").nth(0).get_by_text("Green", exact=True).click()
            cards.nth(0).get_by_text("Better", exact=True).click()
            page.get_by_role("button", name="Send my answers").click()
            expect(page.get_by_text("your answers are in")).to_be_visible()
        except BaseException:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()
