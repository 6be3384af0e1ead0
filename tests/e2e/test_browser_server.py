"""End to end: while `teampulse serve` runs and a browser holds a session on the dashboard, the
command line works from other processes through the server's admin API (docs/api.md).

A fresh demo database; `teampulse serve` on a free port; Debian's Chromium (through Playwright)
signs in as the demo coach and opens Team trends, so the server holds the file. Then, from
subprocesses: `teampulse trends` prints what it printed before the server started, `teampulse
import` writes a Google-Forms-free CSV in TeamPulse's own layout, `teampulse user add` creates an
account the browser then signs in with, and a second `teampulse serve` says that one is running.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, TEAMPULSE, free_port, wait_healthy

pytestmark = pytest.mark.e2e


def teampulse(*args: str, stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*TEAMPULSE, *args], capture_output=True, text=True, input=stdin, timeout=timeout)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A fresh demo database, the demo coach's password, and what `trends` prints with no server."""
    path = tmp_path_factory.mktemp("e2e-server") / "org.duckdb"
    built = teampulse("demo", "--db", str(path))
    assert built.returncode == 0, built.stderr
    password = re.search(r"demo-coach\s+password: (\S+)", built.stdout).group(1)
    trends = teampulse("trends", "--db", str(path))
    assert trends.returncode == 0, trends.stderr
    return {"path": path, "password": password, "trends": trends.stdout}


@pytest.fixture(scope="module")
def server(demo, tmp_path_factory):
    port = free_port()
    log = (tmp_path_factory.mktemp("e2e-server-log") / "serve.log").open("w")
    process = subprocess.Popen(
        [*TEAMPULSE, "serve", "--db", str(demo["path"]), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield {"url": url, "port": port, "process": process, "log": Path(log.name)}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(sync_playwright):
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def sync_playwright():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: scripts/test installs it with apt-get when run as root")
    module = pytest.importorskip("playwright.sync_api", reason="install the test extra: pip install -e .[test]")
    return module.sync_playwright


def sign_in(browser, url: str, name: str, password: str):
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(90_000)
    expect.set_options(timeout=90_000)  # a cold page on a busy machine takes more than 5 s
    page.goto(url)
    page.get_by_test_id("stSidebarNav").get_by_text("Staff sign-in").click()
    page.get_by_label("Account name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}", exact=False).first).to_be_visible()
    return page


def import_file(folder: Path) -> Path:
    """Six answers of a new team, Orion, for a fortnight that is over (TeamPulse's own CSV layout)."""
    day = (date.today() - timedelta(days=40)).isoformat()
    path = folder / "orion.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["team", "date", *[f"ps{i}" for i in range(1, 8)], "comment"])
        for i in range(6):
            writer.writerow(["Orion", day, *[(i + q) % 7 + 1 for q in range(7)], ""])
    return path


def test_commands_work_from_other_processes_while_a_browser_holds_a_session(demo, server, browser, tmp_path):
    from playwright.sync_api import expect

    db = str(demo["path"])
    page = sign_in(browser, server["url"], "demo-coach", demo["password"])
    page.get_by_test_id("stSidebarNav").get_by_text("Team trends").click()
    expect(page.get_by_role("heading", name="Psychological safety score")).to_be_visible()

    # The server announced itself next to the database, privately.
    announced = Path(db + ".server.json")
    assert announced.stat().st_mode & 0o777 == 0o600
    assert json.loads(announced.read_text())["pid"] == server["process"].pid  # serve execs the server itself
    # And it holds the file: opening it directly fails, as every command did before the API.
    direct = subprocess.run(
        [sys.executable, "-c", f"from pulse.store import Database; Database({db!r}).connection()"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert direct.returncode != 0 and "in use" in direct.stderr

    trends = teampulse("trends", "--db", db)
    assert (trends.returncode, trends.stderr) == (0, "")
    assert trends.stdout == demo["trends"]  # the same figures, the same table

    imported = teampulse("import", str(import_file(tmp_path)), "--instrument", "psych-safety", "--db", db)
    assert imported.returncode == 0, imported.stderr
    assert "imported 6 responses into 1 new round(s)" in imported.stdout.splitlines()
    rounds = teampulse("round", "list", "--team", "Orion", "--format", "json", "--db", db)
    assert rounds.returncode == 0, rounds.stderr
    (orion,) = json.loads(rounds.stdout)
    assert (orion["team"], orion["status"], orion["responses"]) == ("Orion", "closed", 6)

    added = teampulse("user", "add", "nadia", "--role", "coach", "--team", "Orion", "--db", db)
    assert added.returncode == 0, added.stderr
    first, second = added.stdout.splitlines()
    assert first == "added coach nadia for Orion"
    password = second.removeprefix("password: ")

    # The server's own pages see what the commands wrote: nadia signs in in a second browser session.
    page = sign_in(browser, server["url"], "nadia", password)
    expect(page.get_by_text("Signed in as nadia (coach)", exact=False).first).to_be_visible()

    # A second server on the same file says, in one line, that one is running.
    second_serve = teampulse("serve", "--db", db, "--port", str(free_port()), timeout=120)
    assert second_serve.returncode == 1 and second_serve.stdout == ""
    assert second_serve.stderr == (
        f"teampulse: error: `teampulse serve` (pid {server['process'].pid}, port {server['port']}) is already"
        f" running on {Path(db).resolve()} (http://127.0.0.1:{server['port']}); stop it first or use that one\n"
    )


def test_a_clean_stop_removes_the_server_file(demo, server):
    """Runs after the test above (same module server)."""
    announced = Path(str(demo["path"]) + ".server.json")
    assert announced.exists()
    server["process"].terminate()
    server["process"].wait(timeout=60)
    assert not announced.exists()
    # With the server gone, the command line opens the file itself again and sees what the API wrote.
    listed = teampulse("user", "list", "--db", str(demo["path"]))
    assert listed.returncode == 0 and re.search(r"^nadia +coach +Orion$", listed.stdout, re.MULTILINE)
    log = server["log"].read_text()
    assert "Orion" not in log and "nadia" not in log  # the API's requests left no content in the log
