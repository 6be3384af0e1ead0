"""Bulk import (issue 2): a file of psych-safety responses through the API and through `teampulse import`.

    .venv/bin/python -m benchmarks.foundation [--responses 100000]

One CSV of ``--responses`` rows over 200 teams and the past 26 fortnights (a comment on about 1 in 5)
is imported into a new file by ``pulse.importers.import_responses`` and, into another, by the
`teampulse import` command (startup, parsing and progress included); both must store every row.
Concurrent single submissions, once measured here too, are ``benchmarks.submission --fresh``.
"""

from __future__ import annotations

import csv
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from benchmarks import harness
from pulse.importers import import_responses

INSTRUMENT = "psych-safety"
QUESTIONS = [f"ps{i}" for i in range(1, 8)]
IMPORT_TARGET_S = 30.0
TEAMPULSE = Path(sys.executable).parent / "teampulse"
COMMENTS = [
    "We had a good retro this time, people spoke up.",
    "Too many interruptions from other teams this sprint.",
    "I still find it hard to say when I am stuck.",
    "Planning felt rushed and nobody challenged the estimates.",
    "The new pairing rotation helps a lot.",
    "Deadlines keep moving and it is wearing everyone down.",
]


def write_csv(path: Path, responses: int, teams: int = 200, periods: int = 26, seed: int = 1) -> None:
    """``responses`` rows over ``teams`` teams and the past ``periods`` fortnights, a comment on about 1 in 5."""
    rng = random.Random(seed)
    today = date.today()
    names = [f"Team {i:03d}" for i in range(1, teams + 1)]
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["team", "date", *QUESTIONS, "comment"])
        for _ in range(responses):
            # Two weeks or more before today: the period has ended, so the round is closed (imports take
            # only periods that are over, issue 11).
            day = today - timedelta(days=rng.randint(14, periods * 14))
            comment = rng.choice(COMMENTS) if rng.random() < 0.2 else ""
            out.writerow([rng.choice(names), day.isoformat(), *(rng.randint(1, 7) for _ in QUESTIONS), comment])


def table_counts(path: Path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("responses", "answers", "comments")}


def bench_import(folder: Path, responses: int) -> dict:
    source = folder / "responses.csv"
    started = time.perf_counter()
    write_csv(source, responses)
    generate_s = time.perf_counter() - started
    expected_comments = sum(1 for row in csv.DictReader(source.open()) if row["comment"])

    api_path = folder / "import-api.duckdb"
    db = harness.open_database(api_path)
    db.connection()  # create and migrate the file outside the timing: the figure is the import alone
    started, cpu_before, ticks = time.perf_counter(), harness.cpu_seconds(), harness.machine_ticks()
    report = import_responses(db, source, INSTRUMENT)
    api_s, api_cpu_s = time.perf_counter() - started, harness.cpu_seconds() - cpu_before
    api_others = harness.others_cores(ticks, api_s, api_cpu_s)
    db.close()
    api_counts = table_counts(api_path)

    cli_path = folder / "import-cli.duckdb"
    command = [str(TEAMPULSE), "import", str(source), "--instrument", INSTRUMENT, "--db", str(cli_path)]
    started, cpu_before, ticks = (
        time.perf_counter(),
        harness.cpu_seconds(resource.RUSAGE_CHILDREN),
        harness.machine_ticks(),
    )
    done = subprocess.run(command, capture_output=True, text=True)
    cli_s, cli_cpu_s = time.perf_counter() - started, harness.cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before
    cli_others = harness.others_cores(ticks, cli_s, cli_cpu_s)
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


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    target = f"< {IMPORT_TARGET_S:.0f} s"
    return [
        (f"import {f['responses']:,} psych-safety responses, `import_responses`",
         f"{f['api_s']} s ({f['api_rows_per_s']:,} rows/s; {f['api_cpu_s']} s CPU;"
         f" others busy on {f['api_other_processes_cores']} cores)", target, f["api_s"] < IMPORT_TARGET_S),
        ("same file, `teampulse import` subprocess (startup, parsing, progress)",
         f"{f['cli_s']} s ({f['cli_cpu_s']} s CPU, peak RSS {f['cli_peak_rss_mb']} MB;"
         f" others busy on {f['cli_other_processes_cores']} cores)", target, f["cli_s"] < IMPORT_TARGET_S),
        ("import stored every row (responses, answers, comments)", "yes" if f["rows_stored_correctly"] else "no",
         "yes", f["rows_stored_correctly"]),
    ]  # fmt: skip


def measure(args) -> dict:
    folder = args.work / "foundation"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("import-*"):
        stale.unlink()
    return bench_import(folder, 2_000 if args.quick else args.responses)


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--responses": dict(type=int, default=100_000, help="rows in the import file"),
}


if __name__ == "__main__":
    harness.main("foundation", measure, __doc__, OPTIONS)
