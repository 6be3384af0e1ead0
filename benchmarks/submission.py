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
from datetime import timedelta
from pathlib import Path

from benchmarks import harness

INSTRUMENT = "psych-safety"
P95_TARGET_MS = 50.0  # issue 2
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

    sizes = dict(db.cursor().execute("SELECT name, size FROM teams ORDER BY name").fetchall())
    teams = list(sizes)
    random.Random(seed).shuffle(teams)
    issued: list[str] = []
    rounds: list[int] = []
    while len(issued) < submissions:
        team = teams[len(rounds) % len(teams)]
        rnd = open_round(db, team, INSTRUMENT)
        # A team of known size gets its suggested number of codes; the one team of a new file all of them.
        wanted = codes.suggested_count(sizes[team]) if sizes[team] else submissions
        count = min(wanted, submissions - len(issued), codes.MAX_CODES_PER_CALL)
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


def _stored(db, rounds: list[int]) -> tuple[int, int]:
    return (
        db.cursor()
        .execute(
            "SELECT count(DISTINCT p.id), count(a.response_id) FROM responses p"
            " LEFT JOIN answers a ON a.response_id = p.id WHERE p.round_id IN (SELECT unnest(?::INTEGER[]))",
            [rounds],
        )
        .fetchone()
    )


def _spent(db, rounds: list[int]) -> int:
    from pulse.tokens import codes

    return sum(codes.code_counts(db.cursor(), r)[1] for r in rounds)


def checks(db, issued: list[str], rounds: list[int], accepted: int, seed: int, before: tuple) -> dict:
    """After the timed part: every code spent once, a spent code refused and storing nothing, and,
    once the rounds close (whatever a submission path holds back is written by then), every
    accepted submission stored once with all its answers. ``before``: (spent codes, responses,
    answers) of those rounds before the timed part."""
    from pulse.closing import close_due_rounds
    from pulse.errors import PulseError
    from pulse.responses import submit_response

    spent = _spent(db, rounds) - before[0]
    refused = 0
    for code in random.Random(seed).sample(issued, min(50, len(issued))):
        try:
            submit_response(db, dict.fromkeys(QUESTIONS, 4), code=code)
        except PulseError:
            refused += 1
    last_end = db.cursor().execute("SELECT max(period_end) FROM rounds WHERE status = 'open'").fetchone()[0]
    close_due_rounds(db, last_end + timedelta(days=1))
    responses, answers = (now - then for now, then in zip(_stored(db, rounds), before[1:], strict=True))
    return {
        "codes_spent_once": spent == len(issued),
        "spent_codes_refused": refused == min(50, len(issued)),
        "stored_once_each": responses == accepted and answers == accepted * len(QUESTIONS),
    }


def measure_file(source: str | None, copy: str, submissions: int, threads: int, seed: int) -> dict:
    """The whole measurement on a fresh copy of ``source``, or on a new file with one team and one
    round (``source`` None: the foundation benchmark's setting); run in its own process."""
    from pulse.teams import add_team

    copy_s = harness.copy_database(Path(source), Path(copy)) if source else 0.0
    if not source:
        harness.remove_database(Path(copy))
    db = harness.open_database(Path(copy))
    try:
        if not source:
            add_team(db, "Benchmark team")
        db.connection()  # open and migrate the file outside the timing
        issued, rounds = issue_for_teams(db, submissions, seed)
        before = (_spent(db, rounds), *_stored(db, rounds))
        statements = getattr(db, "statements", 0)  # counted by the store's cursors, where it does
        figures = concurrent_submissions(db, issued, threads, seed)
        statements = getattr(db, "statements", 0) - statements
        figures.update(
            {
                "threads": threads,
                "submissions": len(issued),
                "rounds": len(rounds),
                "statements_per_submission": round(statements / max(len(issued), 1), 1),
                "copy_s": round(copy_s, 1),
                "checks": checks(db, issued, rounds, figures["count"], seed, before),
            }
        )
    finally:
        db.close()
        harness.remove_database(Path(copy))
    return figures


def measure(args) -> dict:
    if args.fresh:
        source = None
    else:
        source = args.db or harness.organisation(20 if args.quick else args.teams, periods=6 if args.quick else 52)
    submissions = 80 if args.quick else args.submissions
    figures = harness.isolated(
        measure_file, source and str(source), str(args.work / "submission-copy.duckdb"), submissions, args.threads,
        args.seed,
    )  # fmt: skip
    where = {"database": str(source), "teams": harness.manifest(source).get("teams")} if source else {"database": "new"}
    return {**where, **figures}


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    where = (
        "a new file, one round"
        if f["database"] == "new"
        else f"{f['rounds']} open rounds of the {f['teams']}-team file"
    )
    checks = f.get("checks", {})
    return [
        (f"submit one response with a code, {f['threads']} threads, {f['submissions']:,} submissions into {where}",
         f"p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, p99 {f['p99_ms']} ms (max {f['max_ms']} ms)",
         f"p95 < {P95_TARGET_MS:.0f} ms", f["p95_ms"] < P95_TARGET_MS),
        ("same: throughput, CPU and statements per submission, other load",
         f"{f['throughput_per_s']}/s, {f['cpu_ms_per_submission']} ms CPU, {f['statements_per_submission']}"
         f" statements; others busy on {f['others_busy_cores']} cores", "", None),
        ("every code spent once, spent codes refused, every submission stored once (after close)",
         ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in checks.items()), "yes", all(checks.values())),
    ]  # fmt: skip


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--threads": dict(type=int, default=8),
    "--submissions": dict(type=int, default=2000),
    "--seed": dict(type=int, default=11),
    "--fresh": dict(action="store_true", help="a new file with one team and one round instead"),
}


if __name__ == "__main__":
    harness.main("submission", measure, __doc__, OPTIONS)
