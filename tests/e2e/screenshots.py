"""Take the README screenshots: `python -m tests.e2e.screenshots [OUT_DIR]` (default docs/screenshots).

Builds a fresh demo database, starts `teampulse serve` on a free port and drives Debian's Chromium,
like the browser test.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from pulse.rounds import list_rounds
from pulse.store import Database
from pulse.tokens.codes import issue_codes
from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, TEAMPULSE, free_port, wait_healthy


def sign_in(page, name: str, password: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text("Staff sign-in").click()
    page.get_by_label("Account name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}").first).to_be_visible()


def settle(page) -> None:
    """Wait until Streamlit has finished running and the charts have drawn."""
    page.wait_for_timeout(1500)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=120_000)
    page.wait_for_timeout(1500)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.duckdb"
        built = subprocess.run([*TEAMPULSE, "demo", "--db", str(db)], capture_output=True, text=True, check=True)
        passwords = dict(re.findall(r"(demo-\w+)\s+password: (\S+)", built.stdout))
        with Database(db) as database:
            (rnd,) = [r for r in list_rounds(database.cursor(), "Atlas", "psych-safety") if r.accepts_answers()]
            (code,) = issue_codes(database, rnd.id, 1)
        port = free_port()
        server = subprocess.Popen([*TEAMPULSE, "serve", "--db", str(db), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, server)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                page = browser.new_page(viewport={"width": 1360, "height": 1000}, device_scale_factor=1)
                page.set_default_timeout(120_000)
                page.goto(url)
                page.get_by_label("Your one-time code").fill(code)
                page.get_by_role("button", name="Continue").click()
                radios = page.get_by_test_id("stRadio")
                for i, value in enumerate("6546"):
                    radios.nth(i).get_by_text(value, exact=True).click()
                settle(page)
                page.screenshot(path=str(out / "take-a-pulse.png"))
                page.goto(url)  # a new browser session, so the unsent answers are dropped
                sign_in(page, "demo-coach", passwords["demo-coach"])
                page.get_by_test_id("stSidebarNav").get_by_text("Team trends").click()
                settle(page)
                page.set_viewport_size({"width": 1360, "height": 2300})
                settle(page)
                page.screenshot(path=str(out / "team-trends.png"))
                page.get_by_test_id("stSidebarNav").get_by_text("Sign out").click()
                page.get_by_role("button", name="Sign out").click()
                sign_in(page, "demo-admin", passwords["demo-admin"])
                page.get_by_test_id("stSidebarNav").get_by_text("Organisation").click()
                settle(page)
                page.get_by_text("Estimate which health-check dimensions move with psych safety").click()
                settle(page)
                page.screenshot(path=str(out / "organisation.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
