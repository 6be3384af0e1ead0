"""Dashboard pages (issue 5): how long each page's script takes on the demo and a larger organisation.

    .venv/bin/python -m benchmarks.dashboard [--copies 25,167] [--no-large] [--keep]

Each page runs through Streamlit's AppTest (the real entry point, signed in as the role the page is
for), twice: "cold" right after clearing every cached result, as after a write or on the first visit,
and "warm" when the cached results are reused, as on every click that follows. Python imports (and
the optional sentence-embedding model) are loaded before timing starts, as in a running server.
The larger organisations are the demo preset ``--copies`` times over (12 teams a copy: 25 copies
are 300 teams, 167 are 2,004); only the coaching pages run on them (the pages whose work grows with
the number of teams, and the pulse page as the control). A built file is kept under
``benchmarks/out/dashboard-demo-xN.duckdb`` with ``--keep`` and reused by the next run: building 300
teams takes minutes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks import harness

APP = harness.ROOT / "dashboard" / "app.py"
DEMO_TARGET_S = 1.0  # issues 5 and 15
TARGET_S = {300: 2.0, 2000: 3.0}  # issue 15: cold, at 300 and at 2,000 teams


def target_s(teams: int) -> float:
    return DEMO_TARGET_S if teams <= 12 else TARGET_S[300] if teams <= 300 else TARGET_S[2000]


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
    ("organisation", "demo-admin", "org_alerts"),
    ("trends", "demo-admin", "trends_averages"),
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


LARGE_PAGES = ["take_pulse", "overview", "trends", "organisation"]


def pages(path: str, large: bool = False) -> list[dict]:
    """Every page (the coaching pages on a large organisation), once untimed (imports, as a running
    server has them) and once timed."""
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ["TEAMPULSE_DB"] = path
    chosen = [p for p in PAGES if not large or p[0] in LARGE_PAGES]
    for page in chosen[:3]:
        time_page(path, *page)
    return [time_page(path, *page) for page in chosen]


def measure(args) -> dict:
    figures = {}
    copies = [int(c) for c in str(args.copies).split(",") if c]
    sizes = [("demo", 1)] + ([] if args.no_large or args.quick else [(f"x{c}", c) for c in copies])
    for name, times in sizes:
        path = args.work / f"dashboard-demo-{name}.duckdb"
        started, responses = time.perf_counter(), None
        if not path.exists():
            responses = build_demo_copies(path, times)
        built_s = time.perf_counter() - started if responses is not None else None
        run = harness.isolated(pages_with_peak, str(path), times > 1)
        figures[name] = {"teams": 12 * times, "responses": responses, "build_s": built_s and round(built_s, 1), **run}
        if not args.keep:
            harness.remove_database(path)
    return figures


def pages_with_peak(path: str, large: bool = False) -> dict:
    return {"pages": pages(path, large)}  # a dict: the harness adds the process's peak memory


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    out = []
    for name in f:
        if not isinstance(f[name], dict) or "pages" not in f[name]:
            continue
        target = target_s(f[name]["teams"])
        for p in f[name]["pages"]:
            trouble = f"; problems: {len(p['problems'])}" if p["problems"] else ""
            out.append((f"{name} ({f[name]['teams']} teams): {p['page']} as {p['as']}",
                        f"cold {p['cold_s']:.2f} s, warm {p['warm_s']:.2f} s{trouble}", f"cold < {target:.0f} s",
                        p["cold_s"] < target and not p["problems"]))  # fmt: skip
    return out


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--copies": dict(default="25,167", help="copies of the demo in the larger organisations, comma-separated"),
    "--no-large": dict(action="store_true"),
    "--keep": dict(action="store_true", help="keep the built databases under --work for the next run"),
}


if __name__ == "__main__":
    harness.main("dashboard", measure, __doc__, OPTIONS)
