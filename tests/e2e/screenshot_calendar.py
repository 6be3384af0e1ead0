"""Take the README's calendar screenshot: `python -m tests.e2e.screenshot_calendar [OUT_DIR]`.

Builds a fresh demo database, gives it three schedules (psych-safety fortnightly for Payments,
the health check monthly for Growth, eNPS quarterly for Platform), a holiday week and a paused
team, then photographs Coaching > Calendar in Debian's Chromium, like the other screenshots.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from pulse import schedules
from pulse.store import Database
from tests.e2e.screenshots import settle
from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, TEAMPULSE, free_port, wait_healthy


def schedule_demo(db: Database) -> None:
    schedules.add_schedule(db, "psych-safety", "fortnightly", tribe="Payments")
    schedules.add_schedule(db, "health-check", "monthly", tribe="Growth")
    schedules.add_schedule(db, "enps", "quarterly", tribe="Platform")
    schedules.pause_team(db, "Kestrel")
    schedules.pause_week(db, date.today() + timedelta(weeks=4))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.duckdb"
        built = subprocess.run([*TEAMPULSE, "demo", "--db", str(db)], capture_output=True, text=True, check=True)
        passwords = dict(re.findall(r"(demo-\w+)\s+password: (\S+)", built.stdout))
        with Database(db) as database:
            schedule_demo(database)
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
                expect.set_options(timeout=120_000)  # a cold server on a busy machine takes more than 5 s
                page.goto(url)
                page.get_by_test_id("stSidebarNav").get_by_text("Staff sign-in").click()
                page.get_by_label("Account name").fill("demo-admin")
                page.get_by_label("Password", exact=True).fill(passwords["demo-admin"])
                page.get_by_role("button", name="Sign in").click()
                expect(page.get_by_role("button", name="Sign out")).to_be_visible()
                page.get_by_test_id("stSidebarNav").get_by_role("link", name="Calendar", exact=True).click()
                settle(page)
                page.set_viewport_size({"width": 1360, "height": 1250})
                settle(page)
                page.screenshot(path=str(out / "calendar.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
