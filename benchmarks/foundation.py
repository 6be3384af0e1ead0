"""Foundation benchmark (issue 2): bulk import of psych-safety responses, and concurrent single submissions.

    .venv/bin/python benchmarks/foundation.py [--responses N] [--threads 8] [--submissions N] [--no-record]

Prints one JSON document and appends a dated section to docs/benchmarks.md. These are measurements,
not tests: the targets live in docs/benchmarks.md, and nothing here fails a build.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import queue
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from pulse.errors import CodeSpent
from pulse.importers import import_responses
from pulse.responses import submit_response
from pulse.rounds import open_round
from pulse.store import Database
from pulse.teams import add_team
from pulse.tokens import codes

ROOT = Path(__file__).resolve().parent.parent
INSTRUMENT = "psych-safety"
QUESTIONS = [f"ps{i}" for i in range(1, 8)]
IMPORT_TARGET_S = 30.0
P95_TARGET_MS = 50.0
RESULTS = ROOT / "docs" / "benchmarks.md"
TEAMPULSE = Path(sys.executable).parent / "teampulse"
COMMENTS = [
    "We had a good retro this time, people spoke up.",
    "Too many interruptions from other teams this sprint.",
    "I still find it hard to say when I am stuck.",
    "Planning felt rushed and nobody challenged the estimates.",
    "The new pairing rotation helps a lot.",
    "Deadlines keep moving and it is wearing everyone down.",
]


def machine_load() -> dict:
    one, five, fifteen = os.getloadavg()
    return {"load_1m": round(one, 2), "load_5m": round(five, 2), "load_15m": round(fifteen, 2)}


def code_version() -> dict:
    """The commit measured, and any uncommitted change to the code under test (it counts too)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.rstrip("\n") if done.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", "pulse", "benchmarks/foundation.py").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown", "uncommitted": [c[3:] for c in changed]}


def machine() -> dict:
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


def write_csv(path: Path, responses: int, teams: int = 200, periods: int = 26, seed: int = 1) -> None:
    """``responses`` rows over ``teams`` teams and the past ``periods`` fortnights, a comment on about 1 in 5."""
    rng = random.Random(seed)
    today = date.today()
    names = [f"Team {i:03d}" for i in range(1, teams + 1)]
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["team", "date", *QUESTIONS, "comment"])
        for _ in range(responses):
            # Always before today, so no row lands in the future and most rounds are past (closed).
            day = today - timedelta(days=rng.randint(1, periods * 14))
            comment = rng.choice(COMMENTS) if rng.random() < 0.2 else ""
            out.writerow([rng.choice(names), day.isoformat(), *(rng.randint(1, 7) for _ in QUESTIONS), comment])


def table_counts(path: Path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("responses", "answers", "comments")}


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    """CPU time used so far: steadier than wall time on a shared machine, so runs compare better."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def machine_ticks() -> tuple[int, int]:
    """(idle, total) CPU ticks of the whole machine so far, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return fields[3] + fields[4], sum(fields)


def others_cores(ticks_before: tuple[int, int], wall_s: float, own_cpu_s: float) -> float:
    """How many cores other processes kept busy while we measured: the noise behind a wall-clock figure."""
    idle_after, total_after = machine_ticks()
    busy = 1 - (idle_after - ticks_before[0]) / max(total_after - ticks_before[1], 1)
    return round(max(0.0, busy * (os.cpu_count() or 1) - own_cpu_s / wall_s), 2)


def bench_import(folder: Path, responses: int) -> dict:
    source = folder / "responses.csv"
    started = time.perf_counter()
    write_csv(source, responses)
    generate_s = time.perf_counter() - started
    expected_comments = sum(1 for row in csv.DictReader(source.open()) if row["comment"])

    api_path = folder / "import-api.duckdb"
    db = Database(api_path)
    db.connection()  # create and migrate the file outside the timing: the figure is the import alone
    started, cpu_before, ticks = time.perf_counter(), cpu_seconds(), machine_ticks()
    report = import_responses(db, source, INSTRUMENT)
    api_s, api_cpu_s = time.perf_counter() - started, cpu_seconds() - cpu_before
    api_others = others_cores(ticks, api_s, api_cpu_s)
    db.close()
    api_counts = table_counts(api_path)

    cli_path = folder / "import-cli.duckdb"
    command = [str(TEAMPULSE), "import", str(source), "--instrument", INSTRUMENT, "--db", str(cli_path)]
    started, cpu_before, ticks = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN), machine_ticks()
    done = subprocess.run(command, capture_output=True, text=True)
    cli_s, cli_cpu_s = time.perf_counter() - started, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before
    cli_others = others_cores(ticks, cli_s, cli_cpu_s)
    if done.returncode != 0:
        raise SystemExit(f"teampulse import failed: {done.stderr.strip()}")
    cli_counts = table_counts(cli_path)

    expected = {"responses": responses, "answers": responses * len(QUESTIONS), "comments": expected_comments}
    return {
        "responses": responses,
        "csv_mb": round(source.stat().st_size / 1024 / 1024, 1),
        "generate_s": round(generate_s, 2),
        "api_s": round(api_s, 2),
        "api_rows_per_s": round(responses / api_s),
        "api_cpu_s": round(api_cpu_s, 2),
        "api_other_processes_cores": api_others,
        "cli_s": round(cli_s, 2),
        "cli_rows_per_s": round(responses / cli_s),
        "cli_cpu_s": round(cli_cpu_s, 2),
        "cli_other_processes_cores": cli_others,
        "cli_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "teams_created": len(report.teams_created),
        "rounds_created": report.rounds_created,
        "rows_stored_correctly": api_counts == expected and cli_counts == expected,
        "target_s": IMPORT_TARGET_S,
        "met": max(api_s, cli_s) < IMPORT_TARGET_S,
    }


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def bench_submissions(folder: Path, submissions: int, threads: int) -> dict:
    db = Database(folder / "submit.duckdb")
    add_team(db, "Benchmark team")
    rnd = open_round(db, "Benchmark team", INSTRUMENT)
    issued: list[str] = []
    while len(issued) < submissions:
        issued += codes.issue_codes(db, rnd.id, min(codes.MAX_CODES_PER_CALL, submissions - len(issued)))
    rng = random.Random(2)
    todo: queue.SimpleQueue[tuple[str, dict]] = queue.SimpleQueue()
    for code in issued:
        todo.put((code, {q: rng.randint(1, 7) for q in QUESTIONS}))
    latencies: list[list[float]] = [[] for _ in range(threads)]
    failures: list[str] = []
    start_line = threading.Barrier(threads + 1)

    def worker(slot: int) -> None:
        start_line.wait()
        while True:
            try:
                code, answers = todo.get_nowait()
            except queue.Empty:
                return
            began = time.perf_counter()
            try:
                submit_response(db, answers, code=code, comment="benchmark comment" if slot == 0 else None)
            except Exception as e:  # a failure is a finding, not a crash of the benchmark
                failures.append(f"{type(e).__name__}: {e}")
                continue
            latencies[slot].append(time.perf_counter() - began)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    start_line.wait()
    started, cpu_before, ticks = time.perf_counter(), cpu_seconds(), machine_ticks()
    for w in workers:
        w.join()
    wall_s, cpu_s = time.perf_counter() - started, cpu_seconds() - cpu_before
    busy_elsewhere = others_cores(ticks, wall_s, cpu_s)

    cur = db.cursor()
    stored = cur.execute("SELECT count(*) FROM responses WHERE round_id = ?", [rnd.id]).fetchone()[0]
    answer_rows = cur.execute("SELECT count(*) FROM answers WHERE round_id = ?", [rnd.id]).fetchone()[0]
    distinct_ids = cur.execute("SELECT count(DISTINCT id) FROM responses").fetchone()[0]
    issued_n, spent_n = codes.code_counts(cur, rnd.id)
    comments = cur.execute("SELECT count(*) FROM comments").fetchone()[0]
    cur.close()
    # A spent code must refuse a second use and store nothing.
    refused = 0
    for code in rng.sample(issued, min(50, len(issued))):
        try:
            submit_response(db, dict.fromkeys(QUESTIONS, 4), code=code)
        except CodeSpent:
            refused += 1
    after_refusals = db.cursor().execute("SELECT count(*) FROM responses").fetchone()[0]
    db.close()

    ok = sorted(x * 1000 for per_thread in latencies for x in per_thread)
    succeeded = len(ok)
    expected_comments = len(latencies[0])
    checks = {
        "no_failures": not failures,
        "stored_once_each": stored == succeeded == submissions and answer_rows == submissions * len(QUESTIONS),
        "ids_unique": distinct_ids == stored,
        "codes_spent_once": issued_n == submissions and spent_n == submissions,
        "comments_stored": comments == expected_comments,
        "spent_codes_refused": refused == min(50, submissions) and after_refusals == stored,
    }
    p95 = percentile(ok, 95) if ok else float("nan")
    return {
        "submissions": submissions,
        "threads": threads,
        "succeeded": succeeded,
        "failures": len(failures),
        "first_failures": failures[:3],
        "p50_ms": round(percentile(ok, 50), 2) if ok else None,
        "p95_ms": round(p95, 2),
        "p99_ms": round(percentile(ok, 99), 2) if ok else None,
        "max_ms": round(ok[-1], 2) if ok else None,
        "mean_ms": round(statistics.fmean(ok), 2) if ok else None,
        "wall_s": round(wall_s, 2),
        "throughput_per_s": round(succeeded / wall_s, 1),
        "cpu_ms_per_submission": round(1000 * cpu_s / max(succeeded, 1), 2),
        "other_processes_cores": busy_elsewhere,
        "checks": checks,
        "correct": all(checks.values()),
        "target_p95_ms": P95_TARGET_MS,
        "met": p95 < P95_TARGET_MS and all(checks.values()),
    }


HEADER = """# Benchmarks

Measured figures for TeamPulse, newest at the bottom. Targets live here and in the issues that set
them, never in unit tests.

## Results
"""


def mark(met: bool) -> str:
    return "met" if met else "**missed**"


def record(result: dict) -> None:
    imp, sub, m, code = result["import"], result["submit"], result["machine"], result["code"]
    load = ", ".join(
        f"{when} {result[key]['load_1m']}/{result[key]['load_5m']}/{result[key]['load_15m']}"
        for when, key in (("before", "load_before"), ("after", "load_after"))
    )
    target_s, target_ms = f"< {IMPORT_TARGET_S:.0f} s", f"< {P95_TARGET_MS:.0f} ms"
    checks = "yes" if sub["correct"] else "**no**: " + json.dumps(sub["checks"])
    rows = [
        (
            f"import {imp['responses']:,} psych-safety responses, `import_responses`",
            f"{imp['api_s']} s ({imp['api_rows_per_s']:,} rows/s; {imp['api_cpu_s']} s CPU;"
            f" others busy on {imp['api_other_processes_cores']} cores)",
            target_s,
            mark(imp["api_s"] < IMPORT_TARGET_S),
        ),
        (
            "same file, `teampulse import` subprocess (startup, parsing, progress)",
            f"{imp['cli_s']} s ({imp['cli_cpu_s']} s CPU, peak RSS {imp['cli_peak_rss_mb']} MB;"
            f" others busy on {imp['cli_other_processes_cores']} cores)",
            target_s,
            mark(imp["cli_s"] < IMPORT_TARGET_S),
        ),
        ("import stored every row (responses, answers, comments)", "yes" if imp["rows_stored_correctly"] else "**no**",
         "yes", mark(imp["rows_stored_correctly"])),
        (f"submit one response with a code, {sub['threads']} threads, p50", f"{sub['p50_ms']} ms", "", ""),
        ("same, p95", f"{sub['p95_ms']} ms", target_ms, mark(sub["p95_ms"] < P95_TARGET_MS)),
        ("same, p99 / max", f"{sub['p99_ms']} / {sub['max_ms']} ms", "", ""),
        (f"same, throughput over {sub['submissions']:,} submissions", f"{sub['throughput_per_s']} /s", "", ""),
        ("same, CPU time per submission (all threads)", f"{sub['cpu_ms_per_submission']} ms", "", ""),
        ("other processes' load while submitting", f"{sub['other_processes_cores']} of {m['nproc']} cores", "", ""),
        ("every submission stored once, every code spent once, spent codes refused", checks, "yes",
         mark(sub["correct"])),
    ]  # fmt: skip
    lines = [
        "",
        f"### {result['taken']}: foundation (issue 2)",
        "",
        f"Machine: {m['nproc']} cores, {m['memory_gb']} GB, Python {m['python']}, DuckDB {m['duckdb']},"
        f" {m['platform']}. Load average (1/5/15 min) {load}. Other work on the machine shares its cores,"
        " so latency follows the load.",
        f"Code: commit {code['commit']}"
        + (f", with uncommitted changes to {', '.join(code['uncommitted'])}." if code["uncommitted"] else "."),
        f"Command: `.venv/bin/python {result['command']}`",
        "",
        "| figure | measured | target | |",
        "| --- | --- | --- | --- |",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]
    if not RESULTS.exists():
        RESULTS.write_text(HEADER)
    with RESULTS.open("a") as f:
        f.write("\n".join(lines))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000, help="rows in the import file")
    parser.add_argument("--threads", type=int, default=8, help="concurrent submitters")
    parser.add_argument("--submissions", type=int, default=2_000, help="single submissions in total")
    parser.add_argument("--no-record", action="store_true", help="print the JSON only; leave docs/benchmarks.md")
    args = parser.parse_args(argv)

    result = {
        "benchmark": "foundation",
        "taken": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": " ".join(["benchmarks/foundation.py", *(argv if argv is not None else sys.argv[1:])]).strip(),
        "machine": machine(),
        "code": code_version(),
        "load_before": machine_load(),
    }
    with tempfile.TemporaryDirectory(prefix="teampulse-bench-") as tmp:
        folder = Path(tmp)
        # Submissions first: latency suffers most from other work, and their few seconds are more likely
        # than the whole run to fall in a quiet moment of a shared machine.
        result["submit"] = bench_submissions(folder, args.submissions, args.threads)
        result["import"] = bench_import(folder, args.responses)
    result["load_after"] = machine_load()
    print(json.dumps(result, indent=2))
    if not args.no_record:
        record(result)
    return result


if __name__ == "__main__":
    main()
