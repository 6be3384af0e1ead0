"""Dashboard server memory (issue 6): `teampulse serve` on a large file, a real browser on the heaviest pages.

    .venv/bin/python -m benchmarks.server [--db FILE] [--code OTHER_CHECKOUT] [--page-s 1800]

`teampulse serve` runs on the organisation (the generated 2,000-team one unless ``--db``); a headless
Chromium signs in as an admin and opens Organisation, Team trends and the psych-safety overview;
the server's process tree is sampled every 0.2 s. Gives each page's load time, the Streamlit
process's idle and peak memory and the tree's sampled peak. ``--code`` serves another checkout
(a proposed dashboard change, measured alike). A temporary admin account is removed afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks import harness

DASHBOARD_TARGET_MB = 1024  # issue 6
RSS_CEILING_MB = 8192  # a shared machine: stop the dashboard before it takes everyone's memory
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        kids = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for c in kids for g in _children(c)]


def page_done_text(text: str):
    return lambda page: page.get_by_text(text, exact=True)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def serve_and_browse(db_path: str, work: str, page_s: float, code: str) -> dict:
    """`teampulse serve` on the file; a headless Chromium signs in as an admin and opens the pages.

    ``code``: the checkout to serve (another one measures a proposed change to the dashboard)."""
    work, code = Path(work), Path(code)
    from playwright.sync_api import sync_playwright

    from pulse import accounts
    from pulse.errors import PulseError

    name, password = "bench-admin", accounts.generate_password()
    db = harness.open_database(Path(db_path))
    if accounts.find_account(db.cursor(), name):
        accounts.set_password(db, name, password)
    else:
        accounts.create_account(db, name, "admin", password)
    db.close()

    port = free_port()
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "teampulse.cli", "serve", "--db", db_path, "--port", str(port)],
        cwd=code, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(code)},
        start_new_session=True,  # its own process group: `teampulse serve` runs Streamlit as a child
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    result: dict = {"pages": {}, "code": str(code)}
    samples: list[float] = []
    stop = threading.Event()

    def sampler() -> None:
        while not stop.is_set():
            tree = [server.pid, *_children(server.pid)]
            total = sum(v for v in (harness.rss_mb(p) for p in tree) if v == v)
            samples.append(total)
            if total > RSS_CEILING_MB:
                result["stopped_at_ceiling_mb"] = RSS_CEILING_MB
                os.killpg(server.pid, signal.SIGKILL)
                return
            time.sleep(0.2)

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"teampulse serve did not start: see {work / 'serve.log'}")
            time.sleep(0.5)
        streamlit_pid = max(_children(server.pid) or [server.pid])
        result["idle_rss_mb"] = round(harness.rss_mb(streamlit_pid))
        watcher = threading.Thread(target=sampler, daemon=True)
        watcher.start()
        # Each page and what shows that its script got to the end (a page title shows at the start).
        pages = [
            ("Organisation", page_done_text("Alerts across teams")),
            ("Team trends", page_done_text("Participation")),
            ("Psych safety overview", None),
        ]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            page.set_default_timeout(page_s * 1000)
            page.goto(url)
            page.get_by_test_id("stSidebarNav").get_by_text("Staff sign-in").click()
            page.get_by_label("Account name").fill(name)
            page.get_by_label("Password", exact=True).fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_text(f"Signed in as {name}", exact=False).first.wait_for()
            for title, last_heading in pages:
                started = time.perf_counter()
                try:
                    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
                    done = page.get_by_test_id("stException").or_(page.get_by_test_id("stAlertContentError"))
                    if last_heading:
                        done = last_heading(page).or_(done)
                    else:
                        done = page.get_by_test_id("stDataFrame").or_(page.get_by_test_id("stAlert")).or_(done)
                    page.wait_for_timeout(1000)
                    done.first.wait_for()
                    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
                    page.screenshot(path=str(work / f"page-{code.name}-{title.replace(' ', '-').lower()}.png"))
                    problems = page.get_by_test_id("stException").count()
                    problems += page.get_by_test_id("stAlertContentError").count()
                    result["pages"][title] = {
                        "load_s": round(time.perf_counter() - started, 1),
                        "exceptions": problems,
                        "rss_after_mb": round(harness.rss_mb(streamlit_pid)),
                    }
                except Exception as e:  # a page that never finishes is a finding
                    result["pages"][title] = {
                        "error": f"{type(e).__name__}: {str(e).splitlines()[0]}",
                        "after_s": round(time.perf_counter() - started, 1),
                    }
                    break
            browser.close()
        result["streamlit_peak_rss_mb"] = round(harness.rss_mb(streamlit_pid, "VmHWM"))
    except Exception as e:  # keep what was measured; say what went wrong
        result["error"] = f"{type(e).__name__}: {str(e).splitlines()[0]}"
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)  # the server and its Streamlit child, nothing else
        try:
            server.wait(timeout=30)
            deadline = time.monotonic() + 30
            while _group_alive(server.pid) and time.monotonic() < deadline:
                time.sleep(0.5)
        except subprocess.TimeoutExpired:
            pass
        if _group_alive(server.pid):
            os.killpg(server.pid, signal.SIGKILL)
            time.sleep(1)
        log.close()
        db = harness.open_database(Path(db_path))
        try:
            accounts.delete_account(db, name)
        except PulseError:  # the file's only admin stays, with a password nobody kept
            pass
        db.close()
    result["server_tree_peak_sampled_mb"] = round(max(samples, default=float("nan")))
    return result


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    pages = ", ".join(
        f"{title} {p['load_s']} s" if "load_s" in p else f"{title}: {p.get('error')}" for title, p in f["pages"].items()
    )
    peak = f.get("streamlit_peak_rss_mb")
    return [
        ("dashboard server, admin opens Organisation, Team trends, Overview (Chromium)",
         f"peak RSS {peak} MB (idle {f.get('idle_rss_mb')} MB; tree sampled {f['server_tree_peak_sampled_mb']} MB);"
         f" {pages}" + (f"; error: {f['error']}" if "error" in f else ""),
         f"< {DASHBOARD_TARGET_MB} MB", peak is not None and peak < DASHBOARD_TARGET_MB),
    ]  # fmt: skip


def measure(args) -> dict:
    source = str(args.db or harness.organisation(20 if args.quick else args.teams, periods=6 if args.quick else 52))
    code = str(Path(args.code).resolve()) if args.code else str(harness.ROOT)
    return {"database": source, **serve_and_browse(source, str(args.work), 90 if args.quick else args.page_s, code)}


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--code": dict(help="serve the dashboard from this checkout instead"),
    "--page-s": dict(type=float, default=1800, help="longest wait for one page"),
}


if __name__ == "__main__":
    harness.main("server", measure, __doc__, OPTIONS)
