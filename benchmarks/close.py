"""Closing a period (issues 6, 11): every due round of a fortnight closed in one call.

    .venv/bin/python -m benchmarks.close [--db FILE] [--repeats 3] [--label after]

On a fresh copy of the organisation's file for each repeat (the generated 2,000-team one unless
``--db``), the current fortnight is made due (``today`` the day after it ends) and
``pulse.closing.close_due_rounds`` closes all of its rounds in one call, as the server's scheduler
and ``teampulse close-due`` do. The time includes everything that call does (shuffling, frozen
statistics, and whatever it rewrites on disk), and the process is closed before the next copy.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from benchmarks import harness


def close_once(source: str, copy: str, ran_whole_round: bool = False) -> dict:
    """Close the open fortnight of a fresh copy of ``source`` (run in its own process).

    Opening the copy is a restart with open rounds' rows in the file, so the close rewrites the
    whole file (``pulse.store.seal``). With ``ran_whole_round`` the restart is forgotten, as for a
    server that ran through the fortnight: the close then seals with a checkpoint. (The copy's open
    rows are in fact in its blocks, so this measures the time of that path, not its privacy.)
    """
    from pulse.closing import close_due_rounds

    copy_s = harness.copy_database(Path(source), Path(copy))
    db = harness.open_database(Path(copy))
    try:
        cur = db.cursor()
        if ran_whole_round:
            cur.execute("DELETE FROM settings WHERE key = 'unsealed'")
        last_end, open_rounds, open_responses = cur.execute(
            "SELECT max(r.period_end), count(DISTINCT r.id), count(p.id) FROM rounds r"
            " LEFT JOIN responses p ON p.round_id = r.id WHERE r.status = 'open'"
        ).fetchone()
        cur.close()  # a cursor left open holds a transaction, and DuckDB will not checkpoint then
        ticks, cpu_before = harness.machine_ticks(), harness.cpu_seconds()
        closed, seconds = harness.timed(close_due_rounds, db, last_end + timedelta(days=1))
        cpu = harness.cpu_seconds() - cpu_before
        still_open = db.cursor().execute("SELECT count(*) FROM rounds WHERE status = 'open'").fetchone()[0]
    finally:
        db.close()
    figures = {
        "close_s": round(seconds, 3),
        "cpu_s": round(cpu, 2),
        "others_busy_cores": harness.others_cores(ticks, seconds, cpu),
        "rounds_closed": len(closed),
        "open_rounds_before": open_rounds,
        "responses_in_them": open_responses,
        "still_open": still_open,
        "file_mb_after": round(Path(copy).stat().st_size / 1024 / 1024),
        "copy_s": round(copy_s, 1),
        "rewrote_file": db.generation > 0,
    }
    harness.remove_database(Path(copy))
    return figures


def measure(args) -> dict:
    source = args.db or harness.organisation(20 if args.quick else args.teams, periods=4 if args.quick else 52)
    repeats = 1 if args.quick else args.repeats
    copy = str(args.work / "close-copy.duckdb")
    ran_whole_round = getattr(args, "ran_whole_round", False)  # the smoke test's namespace has no such option
    runs = [harness.isolated(close_once, str(source), copy, ran_whole_round) for _ in range(repeats)]
    seconds = sorted(run["close_s"] for run in runs)
    return {
        "database": str(source),
        "teams": harness.manifest(source).get("teams"),
        "repeats": repeats,
        "median_s": seconds[len(seconds) // 2],
        "min_s": seconds[0],
        "max_s": seconds[-1],
        "rounds_closed": runs[0]["rounds_closed"],
        "sealed_by": "rewrite" if runs[0]["rewrote_file"] else "checkpoint",
        "responses_in_them": runs[0]["responses_in_them"],
        "runs": runs,
    }


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    what = (
        f"close a fortnight of {f['teams']} teams: {f['rounds_closed']:,} rounds, {f['responses_in_them']:,}"
        f" responses, one `close_due_rounds` call" + (f", sealed by {f['sealed_by']}" if "sealed_by" in f else "")
    )
    measured = (
        f"median {f['median_s']} s of {f['repeats']} (min {f['min_s']}, max {f['max_s']});"
        f" others busy on {f['runs'][0]['others_busy_cores']} cores"
    )
    return [(what, measured, "", None)]


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--repeats": dict(type=int, default=3, help="fresh copies closed, one after another"),
    "--ran-whole-round": dict(action="store_true", help="as a server that ran the whole fortnight (no restart)"),
}


if __name__ == "__main__":
    harness.main("close", measure, __doc__, OPTIONS)
