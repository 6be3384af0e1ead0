"""Dashboard benchmark (issue 5): how long each page's script takes on the demo and a large database.

    .venv/bin/python benchmarks/dashboard.py [--large-copies 10] [--no-large] [--no-record]

Each page runs through Streamlit's AppTest (the real entry point, signed in as the role the page is
for), twice: "cold" right after clearing every cached result, as after a write or on the first visit,
and "warm" when the cached results are reused, as on every click that follows. Python imports (and
the optional sentence-embedding model) are loaded before timing starts, as in a running server.
The large database is the demo organisation copied ``--large-copies`` times (120 teams by default).

Prints one JSON document and appends a dated section to docs/benchmarks.md. These are measurements,
not tests: nothing here fails a build. Timings are wall-clock on whatever else the machine is doing;
the load average before and after is recorded with them.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from pulse import accounts, demo, settings  # noqa: E402
from pulse.importers import import_responses  # noqa: E402
from pulse.rounds import period_of  # noqa: E402
from pulse.store import Database  # noqa: E402
from pulse.teams import create_team  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
RESULTS = ROOT / "docs" / "benchmarks.md"
DEMO_TARGET_S = 1.0
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
HEADER = """# Benchmarks

Measured figures for TeamPulse, newest at the bottom. Targets live here and in the issues that set
them, never in unit tests.

## Results
"""


def machine_load() -> dict:
    one, five, fifteen = os.getloadavg()
    return {"load_1m": round(one, 2), "load_5m": round(five, 2), "load_15m": round(fifteen, 2)}


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def build_large(db: Database, copies: int, seed: int = 7) -> int:
    """The demo organisation ``copies`` times over (teams renamed), through the same import path."""
    today = date.today()
    rng = np.random.default_rng(seed)
    with db.transaction() as cur:
        teams = []
        for copy in range(copies):
            for team in demo.TEAMS:
                name = f"{team.name} {copy + 1}"
                create_team(cur, name, f"{team.tribe} {copy + 1}", team.size)
                teams.append(demo.DemoTeam(name, team.tribe, team.size, team.safety, team.story))
        current, _ = period_of(cur, today)
        length = settings.period_days(cur)
    days = [current - timedelta(days=length * (demo.ROUNDS - 1 - r)) for r in range(demo.ROUNDS)]
    buffers: dict[str, list] = {}
    for team in teams:
        for key, row in demo._rows(rng, team, days, today):
            buffers.setdefault(key, []).append(row)
    total = 0
    for key, rows in buffers.items():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        total += import_responses(db, out.getvalue().encode(), key, today=today).rows
    for name, role, coached in demo.DEMO_ACCOUNTS:
        teams = [f"{team} 1" for team in coached]  # the coach reads the first copy of the demo coach's teams
        accounts.create_account(db, name, role, accounts.generate_password(), teams)
    return total


def time_page(path: str, page: str, who: str | None, toggle: str | None = None) -> dict:
    db = Database(path)
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
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    at.run()
    warm = time.perf_counter() - start
    problems = [e.value for e in at.exception] + [e.value for e in at.error]
    label = f"{page} + {toggle}" if toggle else page
    return {
        "page": label,
        "as": who or "anyone",
        "cold_s": round(cold, 3),
        "warm_s": round(warm, 3),
        "problems": problems,
    }


def bench(path: str) -> list[dict]:
    os.environ["TEAMPULSE_DB"] = path
    for page in PAGES:  # load every module once, as a running server has
        time_page(path, *page)
    return [time_page(path, *page) for page in PAGES]


def record(result: dict) -> None:
    load = ", ".join(
        f"{when} {result[key]['load_1m']}/{result[key]['load_5m']}/{result[key]['load_15m']}"
        for when, key in (("before", "load_before"), ("after", "load_after"))
    )
    large = {(r["page"], r["as"]): r for r in result.get("large", [])}
    rows = []
    for r in result["demo"]:
        big = large.get((r["page"], r["as"]))
        cells = [
            r["page"], r["as"], f"{r['cold_s']:.2f}", f"{r['warm_s']:.2f}",
            "met" if r["cold_s"] < DEMO_TARGET_S else "**missed**",
        ]  # fmt: skip
        if large:
            cells += [
                f"{big['cold_s']:.2f}",
                f"{big['warm_s']:.2f}",
                "met" if big["cold_s"] < LARGE_TARGET_S else "**missed**",
            ]
        rows.append("| " + " | ".join(cells) + " |")
    head = "| page | as | demo cold (s) | demo warm (s) | < 1 s cold |"
    rule = "| --- | --- | --- | --- | --- |"
    if large:
        head += " large cold (s) | large warm (s) | < 2 s cold |"
        rule += " --- | --- | --- |"
    lines = [
        "",
        f"### {result['taken']}: dashboard pages (issue 5)",
        "",
        f"Machine: {os.cpu_count()} cores shared with other sessions, Python {platform.python_version()},"
        f" Streamlit {st.__version__}. Load average (1/5/15 min) {load}: timings follow the load.",
        f"Code: commit {result['commit']}. Command: `.venv/bin/python {result['command']}`.",
        f"Demo database: {result['demo_responses']:,} responses, 12 teams; large: "
        + (f"{result['large_responses']:,} responses, {result['large_teams']} teams." if large else "not run."),
        "Each page runs through AppTest signed in as shown: *cold* right after clearing every cached result (first"
        " visit, or after a write), *warm* with the cache (every later click). Imports are loaded first, as in a"
        " running server.",
        "",
        head,
        rule,
        *rows,
        "",
    ]
    text = RESULTS.read_text() if RESULTS.exists() else HEADER
    RESULTS.write_text(text.rstrip("\n") + "\n" + "\n".join(lines))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large-copies", type=int, default=10)
    parser.add_argument("--no-large", action="store_true")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    result = {
        "taken": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "command": "benchmarks/dashboard.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "commit": commit(),
        "load_before": machine_load(),
    }
    with tempfile.TemporaryDirectory() as folder:
        demo_path = str(Path(folder) / "demo.duckdb")
        with Database(demo_path) as db:
            result["demo_responses"] = demo.build_demo(db)["responses"]
        result["demo"] = bench(demo_path)
        if not args.no_large:
            large_path = str(Path(folder) / "large.duckdb")
            with Database(large_path) as db:
                result["large_responses"] = build_large(db, args.large_copies)
            result["large_teams"] = 12 * args.large_copies
            result["large"] = bench(large_path)
    result["load_after"] = machine_load()
    print(json.dumps(result, indent=2))
    if not args.no_record:
        record(result)
    return result


if __name__ == "__main__":
    main()
