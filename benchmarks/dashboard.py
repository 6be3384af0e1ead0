"""Dashboard pages (issue 5): how long each page's script takes on the demo and a larger organisation.

    .venv/bin/python -m benchmarks.dashboard [--copies 10] [--no-large]

Each page runs through Streamlit's AppTest (the real entry point, signed in as the role the page is
for), twice: "cold" right after clearing every cached result, as after a write or on the first visit,
and "warm" when the cached results are reused, as on every click that follows. Python imports (and
the optional sentence-embedding model) are loaded before timing starts, as in a running server.
The larger organisation is the demo preset ``--copies`` times over (120 teams by default).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks import harness

APP = harness.ROOT / "dashboard" / "app.py"
DEMO_TARGET_S = 1.0  # issue 5
LARGE_TARGET_S = 2.0
PAGES = [
    ("take_pulse", None),
    ("perspective", None),
    ("sign_in", "demo-coach"),
    ("overview", "demo-admin"),
    ("trends", "demo-coach"),
    ("trends", "demo-admin"),
    ("organisation", "demo-coach"),
    ("organisation", "demo-admin"),
    ("organisation", "demo-admin", "org_drivers"),
    ("reviews", "demo-facilitator"),
    ("review_edit", "demo-facilitator"),
    ("review_check", "demo-facilitator"),
    ("review_perspectives", "demo-facilitator"),
    ("review_learning", "demo-facilitator"),
    ("admin_teams", "demo-admin"),
    ("admin_rounds", "demo-admin"),
    ("admin_codes", "demo-admin"),
    ("admin_instruments", "demo-admin"),
    ("admin_accounts", "demo-admin"),
    ("admin_privacy", "demo-admin"),
    ("admin_data", "demo-admin"),
]


def build_demo_copies(path: Path, copies: int) -> int:
    """The demo organisation ``copies`` times over, with its accounts (the coach coaches the first
    copy of the demo coach's teams); return the number of responses."""
    from pulse import accounts, demo
    from pulse.demo.organisation import build

    db = harness.open_database(path)
    try:
        if copies == 1:
            return demo.build_demo(db)["responses"]
        responses = build(db, demo.demo_preset(copies=copies))["responses"]
        for name, role, coached in demo.DEMO_ACCOUNTS:
            accounts.create_account(db, name, role, accounts.generate_password(), [f"{t} 1" for t in coached])
        return responses
    finally:
        db.close()


def time_page(path: str, page: str, who: str | None, toggle: str | None = None) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from pulse import accounts

    db = harness.open_database(Path(path))
    at = AppTest.from_file(str(APP), default_timeout=600)
    if who:
        at.session_state["account_id"] = accounts.find_account(db.cursor(), who).id
    db.close()
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    if toggle:  # an analysis the page runs only on request (switched on before the timed runs)
        at.run()
        at.toggle(key=toggle).set_value(True)
    st.cache_data.clear()
    cold = harness.timed(at.run)[1]
    warm = harness.timed(at.run)[1]
    return {
        "page": f"{page} + {toggle}" if toggle else page,
        "as": who or "anyone",
        "cold_s": round(cold, 3),
        "warm_s": round(warm, 3),
        "problems": [e.value for e in at.exception] + [e.value for e in at.error],
    }


def pages(path: str) -> list[dict]:
    """Every page, once untimed (imports, as a running server has them) and once timed."""
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ["TEAMPULSE_DB"] = path
    for page in PAGES:
        time_page(path, *page)
    return [time_page(path, *page) for page in PAGES]


def measure(args) -> dict:
    figures = {}
    sizes = [("demo", 1)] + ([] if args.no_large or args.quick else [("large", args.copies)])
    for name, copies in sizes:
        path = args.work / f"dashboard-{name}.duckdb"
        harness.remove_database(path)
        started = time.perf_counter()
        responses = build_demo_copies(path, copies)
        built_s = time.perf_counter() - started
        run = harness.isolated(pages_with_peak, str(path))
        figures[name] = {"teams": 12 * copies, "responses": responses, "build_s": round(built_s, 1), **run}
        harness.remove_database(path)
    return figures


def pages_with_peak(path: str) -> dict:
    return {"pages": pages(path)}  # a dict: the harness adds the process's peak memory


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    out = []
    for name, target in (("demo", DEMO_TARGET_S), ("large", LARGE_TARGET_S)):
        if name not in f:
            continue
        for p in f[name]["pages"]:
            trouble = f"; problems: {len(p['problems'])}" if p["problems"] else ""
            out.append((f"{name} ({f[name]['teams']} teams): {p['page']} as {p['as']}",
                        f"cold {p['cold_s']:.2f} s, warm {p['warm_s']:.2f} s{trouble}", f"cold < {target:.0f} s",
                        p["cold_s"] < target and not p["problems"]))  # fmt: skip
    return out


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--copies": dict(type=int, default=10, help="copies of the demo in the larger organisation"),
    "--no-large": dict(action="store_true"),
}


if __name__ == "__main__":
    harness.main("dashboard", measure, __doc__, OPTIONS)
