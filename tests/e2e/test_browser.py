"""End to end, in a real browser: send a pulse through a personal link, sign in as the demo coach, see the trend chart.

Runs `teampulse serve` on a free local port against a fresh demo database and drives Debian's
Chromium through Playwright (never a downloaded browser). Skipped when Chromium or Playwright is
missing; `scripts/test` installs Chromium with apt when it can.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
TEAMPULSE = [sys.executable, "-m", "teampulse.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"teampulse serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not healthy after {timeout} s")


@pytest.fixture(scope="module")
def sync_playwright():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: scripts/test installs it with apt-get when run as root")
    module = pytest.importorskip("playwright.sync_api", reason="install the test extra: pip install -e .[test]")
    return module.sync_playwright


def settled(page, quiet_ms: int = 500, timeout_ms: int = 90_000) -> None:
    """Wait until the app has finished its script run: no running indicator and no stale elements for
    `quiet_ms`. Typing into a widget that a rerun is about to replace loses the text."""
    busy = page.locator(
        '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"], [data-stale="true"]'
    )
    quiet = 0
    for _ in range(timeout_ms // 100):
        quiet = quiet + 100 if busy.count() == 0 else 0
        if quiet >= quiet_ms:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the app was still running its script after 90 s")


def sign_in(page, server, name, password):
    from playwright.sync_api import expect

    page.goto(f"{server}/sign-in")
    page.get_by_label("Account name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}", exact=False).first).to_be_visible()
    session_cookie(page)  # an address typed before the cookie arrives opens signed out


def session_cookie(page, wait_ms: int = 30_000) -> dict:
    """The staff session cookie, once the page's request after signing in has collected it."""
    for _ in range(wait_ms // 250):
        found = [c for c in page.context.cookies() if c["name"] == "teampulse_session"]
        if found:
            return found[0]
        page.wait_for_timeout(250)
    raise AssertionError("no staff session cookie was set after signing in")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A fresh demo database, the coach's password as `teampulse demo` printed it, and one personal code."""
    path = tmp_path_factory.mktemp("e2e") / "demo.duckdb"
    built = subprocess.run([*TEAMPULSE, "demo", "--db", str(path)], capture_output=True, text=True, check=True)
    password = re.search(r"demo-coach\s+password: (\S+)", built.stdout).group(1)

    from pulse.responses import response_count
    from pulse.rounds import list_rounds
    from pulse.store import Database
    from pulse.tokens.codes import issue_codes

    with Database(path) as db:
        (rnd,) = [r for r in list_rounds(db.cursor(), "Atlas", "psych-safety") if r.accepts_answers()]
        (code,) = issue_codes(db, rnd.id, 1)
        before = response_count(db.cursor(), rnd.id)
    return {"path": path, "password": password, "code": code, "before": before}


SERVER_LOG: dict = {}
COMMENT = "Standups drag on forever, ask kim.lee@example.com"


@contextlib.contextmanager
def serving(db_path, port: int, log_path: Path, env: dict | None = None):
    """`teampulse serve` on ``db_path`` at ``port`` (output in ``log_path``), its URL once healthy;
    stopped on leaving, killed if it does not stop within 20 s. Every browser test starts it so."""
    with Path(log_path).open("w") as log:
        process = subprocess.Popen(
            [*TEAMPULSE, "serve", "--db", str(db_path), "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def server(demo, tmp_path_factory):
    log = tmp_path_factory.mktemp("e2e-log") / "serve.log"
    SERVER_LOG["path"] = log
    with serving(demo["path"], free_port(), log) as url:
        yield url


@pytest.fixture
def page(sync_playwright, tmp_path):
    from playwright.sync_api import expect

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)  # a cold page (scikit-learn loading) on a busy machine takes more than 5 s
        try:
            yield page
        except BaseException:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()


def test_pulse_by_personal_link_then_the_coach_sees_the_trend_chart(server, demo, page):
    from playwright.sync_api import expect

    from pulse.tokens import links
    from pulse.tokens.codes import REFUSED

    # A team member opens their personal link: the seven questions, the follow-up about the team's
    # last action (the demo's team decided one), send.
    personal_link = links.pulse_link(server, demo["code"])
    page.goto(personal_link)
    page.get_by_text("Psychological safety: team Atlas").wait_for()  # the page's timeout: a cold server is slow
    expect(page).not_to_have_url(re.compile("code="))  # the code leaves the address bar at once
    radios = page.get_by_test_id("stRadio")
    expect(radios).to_have_count(8)
    for i in range(7):
        radios.nth(i).get_by_text("5", exact=True).click()
    radios.nth(7).get_by_text("Yes", exact=True).click()
    page.get_by_role("textbox", name="Anything to add? (optional)").fill(COMMENT)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("your answers are in")).to_be_visible()

    # The same link a second time is refused, exactly as an unknown code is; so is an old shared team link.
    page.goto(personal_link)
    page.get_by_text(REFUSED).wait_for()
    page.goto(f"{server}/?link=an-old-shared-team-link")
    page.get_by_text("every person now gets a personal link", exact=False).wait_for()
    page.goto(server)

    # The demo coach signs in and opens Team trends from the menu (same browser session).
    page.get_by_test_id("stSidebarNav").get_by_text("Staff sign-in").click()
    page.get_by_label("Account name").fill("demo-coach")
    page.get_by_label("Password", exact=True).fill(demo["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as demo-coach", exact=False).first).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_text("Team trends").click()
    expect(page.get_by_role("heading", name="Psychological safety score")).to_be_visible()
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart).to_be_visible()
    expect(chart.locator("canvas, svg").first).to_be_visible()
    # The open round counts the pulse sent above (participation may show live; means do not).
    expect(page.get_by_text(f"({demo['before'] + 1} responses so far)")).to_be_visible()


def test_the_server_log_holds_no_submission_content_code_or_client_address(server, demo):
    """Runs after the pulse above (same module server): its default log must not have kept it."""
    log = SERVER_LOG["path"].read_text()
    assert demo["code"] not in log and demo["code"].replace("-", "") not in log
    assert COMMENT not in log
    # The only address in the log is the one the server listens on, printed at start-up.
    addresses = [line for line in log.splitlines() if "127.0.0.1" in line]
    assert all("http://127.0.0.1:" in line for line in addresses), addresses
