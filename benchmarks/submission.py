"""Submission latency (issues 2, 6, 11): concurrent writers redeem codes into open rounds of one file.

    .venv/bin/python -m benchmarks.submission [--db FILE] [--threads 8] [--submissions 2000] [--label after]

On a copy of the organisation's file (the generated 2,000-team one unless ``--db``), every team of a
sample gets its open psych-safety round of the current period and its suggested number of codes;
the codes are submitted in random order by ``--threads`` threads through
``pulse.responses.submit_response``, one in ten with a comment. Each submission's wall time is one
observation: p50, p95 and p99 are over all of them.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from pathlib import Path

from benchmarks import harness

INSTRUMENT = "psych-safety"
QUESTIONS = [f"ps{i}" for i in range(1, 8)]
COMMENTS = [
    "We had a good retro this time, people spoke up.",
    "Too many interruptions from other teams this sprint.",
    "I still find it hard to say when I am stuck.",
    "Planning felt rushed and nobody challenged the estimates.",
]


def issue_for_teams(db, submissions: int, seed: int) -> tuple[list[str], list[int]]:
    """Codes for the open rounds of randomly chosen teams, until there are ``submissions`` of them."""
    from pulse.rounds import open_round
    from pulse.tokens import codes

    teams = [row[0] for row in db.cursor().execute("SELECT name, size FROM teams ORDER BY name").fetchall()]
    sizes = dict(db.cursor().execute("SELECT name, size FROM teams").fetchall())
    random.Random(seed).shuffle(teams)
    issued: list[str] = []
    rounds: list[int] = []
    for team in teams * (1 + submissions // max(len(teams), 1)):
        if len(issued) >= submissions:
            break
        rnd = open_round(db, team, INSTRUMENT)
        count = min(codes.suggested_count(sizes[team]), submissions - len(issued), codes.MAX_CODES_PER_CALL)
        issued += codes.issue_codes(db, rnd.id, count)
        rounds.append(rnd.id)
    random.Random(seed + 1).shuffle(issued)
    return issued, sorted(set(rounds))


def concurrent_submissions(db, issued: list[str], threads: int, seed: int) -> dict:
    """Submit every code from ``threads`` threads at once; latencies of the accepted ones."""
    from pulse.responses import submit_response

    rng = random.Random(seed)
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for code in issued:
        comment = rng.choice(COMMENTS) if rng.random() < 0.1 else None
        todo.put((code, {q: rng.randint(1, 7) for q in QUESTIONS}, comment))
    latencies: list[list[float]] = [[] for _ in range(threads)]
    failures: list[str] = []
    start_line = threading.Barrier(threads + 1)

    def worker(slot: int) -> None:
        start_line.wait()
        while True:
            try:
                code, answers, comment = todo.get_nowait()
            except queue.Empty:
                return
            began = time.perf_counter()
            try:
                submit_response(db, answers, code=code, comment=comment)
            except Exception as e:  # a failure is a finding, not a crash of the benchmark
                failures.append(f"{type(e).__name__}: {e}")
                continue
            latencies[slot].append(time.perf_counter() - began)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    start_line.wait()
    ticks, cpu_before = harness.machine_ticks(), harness.cpu_seconds()
    started = time.perf_counter()
    for w in workers:
        w.join()
    wall, cpu = time.perf_counter() - started, harness.cpu_seconds() - cpu_before
    accepted = [s for per in latencies for s in per]
    return {
        **harness.latency(accepted),
        "failures": len(failures),
        "first_failures": failures[:3],
        "throughput_per_s": round(len(accepted) / wall, 1),
        "cpu_ms_per_submission": round(1000 * cpu / max(len(accepted), 1), 2),
        "others_busy_cores": harness.others_cores(ticks, wall, cpu),
        "wall_s": round(wall, 2),
    }


def measure_file(source: str, copy: str, submissions: int, threads: int, seed: int) -> dict:
    """The whole measurement on a fresh copy of ``source`` (run in its own process)."""
    from pulse.tokens import codes

    copy_s = harness.copy_database(Path(source), Path(copy))
    db = harness.open_database(Path(copy))
    try:
        issued, rounds = issue_for_teams(db, submissions, seed)
        statements = getattr(db, "statements", 0)  # counted by the store's cursors, where it does
        figures = concurrent_submissions(db, issued, threads, seed)
        statements = getattr(db, "statements", 0) - statements
        spent = sum(codes.code_counts(db.cursor(), r)[1] for r in rounds)
        figures.update(
            {
                "threads": threads,
                "submissions": len(issued),
                "rounds": len(rounds),
                "codes_spent": spent,
                "statements_per_submission": round(statements / max(len(issued), 1), 1),
                "copy_s": round(copy_s, 1),
            }
        )
    finally:
        db.close()
        harness.remove_database(Path(copy))
    return figures


def measure(args) -> dict:
    source = args.db or harness.organisation(20 if args.quick else args.teams, periods=4 if args.quick else 52)
    submissions = 80 if args.quick else args.submissions
    figures = harness.isolated(
        measure_file, str(source), str(args.work / "submission-copy.duckdb"), submissions, args.threads, args.seed
    )
    return {"database": str(source), "organisation": harness.manifest(source).get("teams"), **figures}


def parser():
    p = harness.options(__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--submissions", type=int, default=2000)
    p.add_argument("--seed", type=int, default=11)
    return p


if __name__ == "__main__":
    harness.main("submission", measure, parser())
