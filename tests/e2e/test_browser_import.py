"""In a real browser: the admin uploads a Google Forms export on the Import page, checks what each column
is taken as, and writes it; the stored answers are then compared value by value with the fixture's manifest.

Runs `teampulse serve` on a free port against a fresh demo database and drives Debian's Chromium
through Playwright (fixtures shared with ``test_browser.py``). Only when TEAMPULSE_E2E=1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, TEAMPULSE, free_port, sign_in, sync_playwright, wait_healthy
from tests.pulse.importers.test_fixtures import intended, stored

pytestmark = pytest.mark.e2e
__all__ = ["sync_playwright"]  # a fixture, used by name

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
FIXTURE = next(
    f for f in json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
    if f["file"] == "google_forms_gmt_offsets.csv"
)  # fmt: skip


@contextmanager
def serving(db: Path, log: Path):
    port = free_port()
    with log.open("w") as out:
        command = [*TEAMPULSE, "serve", "--db", str(db), "--port", str(port)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
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


def test_an_admin_uploads_a_google_forms_export_and_it_is_written(sync_playwright, tmp_path):
    from playwright.sync_api import expect

    from pulse.store import Database

    db = tmp_path / "demo.duckdb"
    built = subprocess.run([*TEAMPULSE, "demo", "--db", str(db)], capture_output=True, text=True, check=True)
    password = dict(re.findall(r"(demo-\w+)\s+password: (\S+)", built.stdout))["demo-admin"]
    with serving(db, tmp_path / "serve.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.set_default_timeout(60_000)
        expect.set_options(timeout=60_000)
        try:
            sign_in(page, url, "demo-admin", password)
            page.goto(f"{url}/admin-import")
            page.locator("input[type=file]").set_input_files(str(FOLDER / FIXTURE["file"]))
            expect(page.get_by_text("Rounds it will create (closed)")).to_be_visible()
            expect(page.get_by_text("dates from 2026-11-03 to 2026-11-09")).to_be_visible()
            shown = page.inner_text("body")
            for secret in FIXTURE["secrets"]:  # the Name and Email columns show as dropped, with no value
                assert secret not in shown, f"{secret!r} is shown"
            page.get_by_role("button", name="Import 6 responses").click()
            expect(page.get_by_text("imported 6 responses into 2 new round(s)", exact=False)).to_be_visible()
            expect(page.get_by_text("Upload an export file")).to_be_visible()  # the upload is cleared
        except BaseException:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    with Database(db) as written:
        responses, comments = stored(written)
        teams = {r["team"] for r in FIXTURE["responses"]}  # new teams: the demo has none of them
        got = tuple(type(found)({k: n for k, n in found.items() if k[0] in teams}) for found in (responses, comments))
        assert got == intended(written, FIXTURE)
