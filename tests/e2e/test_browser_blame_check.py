"""In a real browser: the blame check's document view on a review with blaming words, from findings
(highlighted in place, the writer's markup shown as text) to a rewrite accepted in one click, waivers and
publishing. Runs `teampulse serve` on a free port against a fresh demo database and drives Debian's Chromium
through Playwright. Only when TEAMPULSE_E2E=1."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from tests.e2e.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TEAMPULSE,
    free_port,
    serving,
    settled,
    sign_in,
    sync_playwright,
)

pytestmark = pytest.mark.e2e
__all__ = ["sync_playwright"]  # a fixture, used by name

SUMMARY = """# Timeline
- 22:28 Paladox accidentally deleted the testwiki database
- 22:38 The database was restored from the nightly dump
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e-blame-check")
    path = folder / "demo.duckdb"
    built = subprocess.run([*TEAMPULSE, "demo", "--db", str(path)], capture_output=True, text=True, check=True)
    passwords = dict(re.findall(r"(demo-\w+)\s+password: (\S+)", built.stdout))
    from pulse import reviews
    from pulse.store import Database

    with Database(path) as db:
        review = reviews.create_review(db, "Atlas", "Deleted test wiki", date(2026, 5, 4), "incident", summary=SUMMARY,
                                       was_hard="Be more careful with <img src=x> **commands**.")  # fmt: skip
        reviews.submit_for_review(db, review.id)
    with serving(path, free_port(), folder / "serve.log") as url:
        yield {"url": url, "passwords": passwords, "review": review.id, "path": path}


def test_from_findings_to_published_in_the_document_view(served, sync_playwright):
    from playwright.sync_api import expect

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        expect.set_options(timeout=90_000)
        try:
            page = browser.new_context(viewport={"width": 1300, "height": 1800}).new_page()
            page.set_default_timeout(90_000)
            sign_in(page, served["url"], "demo-facilitator", served["passwords"]["demo-facilitator"])
            page.goto(f"{served['url']}/review-check?review={served['review']}")
            expect(page.get_by_role("heading", name="Blame check and publish")).to_be_visible()
            # The writer's markup is shown as text, never rendered.
            expect(page.get_by_text("<img src=x>", exact=False).first).to_be_visible()
            expect(page.locator("img[src='x']")).to_have_count(0)
            expect(page.get_by_text("accidentally", exact=True).first).to_be_visible()
            page.get_by_role("button", name="Accept this rewrite").first.click()
            expect(page.get_by_text("Rewrite accepted")).to_be_visible()
            # The rewrite settled both of its sentence's findings: the name and "accidentally" are gone.
            expect(page.get_by_text("Paladox")).to_have_count(0)
            expect(page.get_by_text("accidentally", exact=True)).to_have_count(0)
            for _ in range(10):  # each waiver reruns the page with one form fewer
                settled(page)
                reasons = page.get_by_label("Keep these words because...")
                left = reasons.count()
                if not left:
                    break
                reasons.first.fill("kept on purpose by the facilitator")
                expect(reasons.first).to_have_value("kept on purpose by the facilitator")
                page.get_by_role("button", name="Waive with this reason").first.click()
                expect(page.get_by_label("Keep these words because...")).to_have_count(left - 1)
                expect(page.get_by_text("Waived, with your reason")).to_be_visible()
            settled(page)
            page.get_by_role("button", name="Publish").click()
            expect(page.get_by_text("The review is now published")).to_be_visible()
            page.goto(f"{served['url']}/review?review={served['review']}")
            expect(page.get_by_label("Summary: what happened?")).to_have_value(
                re.compile("22:28 A team member deleted the testwiki database \\(at the time, this made sense")
            )
        finally:
            browser.close()
