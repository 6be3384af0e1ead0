"""Query layer at scale (issue 6): one team's trend and the organisation heatmap, on one file.

    .venv/bin/python -m benchmarks.queries [--db FILE] [--teams 2000] [--trend-teams 30]

Reads the organisation (the generated 2,000-team one unless ``--db``) as the pages do, through
``pulse.results``: every figure of sampled teams (``team_frame``, all instruments and one), their
``Figure`` objects, the trends page's ``analysis.trends.team_trends``, the heatmap's latest shown
block per team (``latest_frame``) checked cell for cell against ``team_frame`` filtered to the
latest, and every figure of the organisation. It also writes what ``python -m benchmarks.baseline``
compares with pandas: the raw export as Parquet and the figures computed here.
"""

from __future__ import annotations

import importlib
import random
import statistics
import time
from pathlib import Path

import pandas as pd

from benchmarks import harness

TREND_INSTRUMENT = "psych-safety"  # the trends page opens on it
HEATMAP_INSTRUMENT = "health-check"  # the organisation page opens on it
# An admin reads every team: the query layer's explicit "every team" scope (None before it had one).
ADMIN_SCOPE = getattr(importlib.import_module("pulse.results"), "ALL_TEAMS", None)
TREND_TARGET_MS = 50.0  # issue 6
HEATMAP_TARGET_MS = 1000.0


def sample_teams(db, count: int, seed: int = 6) -> list[str]:
    names = sorted(row[0] for row in db.cursor().execute("SELECT name FROM teams").fetchall())
    return random.Random(seed).sample(names, min(count, len(names)))


def heatmap_frame(db, instrument_key: str, *, latest: bool = True) -> pd.DataFrame:
    """The heatmap's cells: each team's latest block whose composite is shown, its shown scored
    dimensions. From ``latest_frame`` (only those blocks are read), or with ``latest=False`` from
    ``team_frame`` (every block of every team, then the latest kept)."""
    from pulse import results
    from pulse.instruments import get_instrument

    inst = get_instrument(db.cursor(), instrument_key)
    if latest:
        frame = results.latest_frame(db, instrument_key, scope=ADMIN_SCOPE)
    else:
        frame = results.team_frame(db, instrument=instrument_key, scope=ADMIN_SCOPE)
    shown = frame[frame["mean"].notna()]
    scores = shown[shown["dimension"] == "score"]
    last = scores.sort_values("period", kind="stable").groupby("team").tail(1)[["team", "period"]]
    dims = [q.key for q in inst.questions if q.in_score]
    out = shown.merge(last, on=["team", "period"])
    out = out[out["dimension"].isin(dims)].copy()
    out["order"] = out["dimension"].map(dims.index)
    return out.sort_values(["team", "order"]).reset_index(drop=True)


def closed_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of closed rounds with at least one answer, in the columns the baseline computes."""
    keep = ~frame["note"].fillna("").str.startswith("round open") & (frame["n"] > 0)
    return frame.loc[keep, ["team", "instrument", "dimension", "period", "rounds", "n", "mean"]]


def export_raw_answers(db_path: str, work: str) -> dict:
    """The admin's raw export (closed rounds), streamed to Parquet by DuckDB: the baseline's input."""
    from pulse import settings

    db = harness.open_database(Path(db_path))
    cur = db.cursor()
    counts = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("responses", "answers", "comments")}
    counts["round_stats"] = cur.execute("SELECT count(*) FROM round_stats").fetchone()[0]
    counts["rounds"], counts["open_rounds"] = cur.execute(
        "SELECT count(*), count(*) FILTER (status = 'open') FROM rounds"
    ).fetchone()
    counts["teams"] = cur.execute("SELECT count(*) FROM teams").fetchone()[0]
    parquet = Path(work) / "raw_answers.parquet"
    _, export_s = harness.timed(
        cur.execute,
        "COPY (SELECT t.name AS team, r.instrument_key AS instrument, r.period_start AS period,"
        " CAST(a.response_id AS VARCHAR) AS response_id, a.question, a.value"
        " FROM answers a JOIN rounds r ON r.id = a.round_id JOIN teams t ON t.id = r.team_id"
        " WHERE r.status = 'closed' ORDER BY t.name, r.instrument_key, r.period_start)"
        f" TO '{parquet}' (FORMAT parquet)",
    )
    k = settings.min_group_size(cur)
    db.close()
    return {
        "k": k,
        "counts": counts,
        "database_mb": round(Path(db_path).stat().st_size / 1024 / 1024),
        "export_s": round(export_s, 1),
        "export_mb": round(parquet.stat().st_size / 1024 / 1024),
    }


def trend(db_path: str, work: str, teams: int) -> dict:
    """One team's figures, as the trends page reads them."""
    from analysis import trends
    from pulse import results

    db = harness.open_database(Path(db_path))
    sample = sample_teams(db, teams)
    frames, seconds, cpu = [], [], []
    ticks, own, began = harness.machine_ticks(), harness.cpu_seconds(), time.perf_counter()
    for team in sample:
        started = time.process_time()
        frame, s = harness.timed(results.team_frame, db, team, scope=ADMIN_SCOPE)
        cpu.append(time.process_time() - started)
        frames.append(frame)
        seconds.append(s)
    others = harness.others_cores(ticks, time.perf_counter() - began, harness.cpu_seconds() - own)
    closed_rows(pd.concat(frames, ignore_index=True)).to_parquet(Path(work) / "trend-teampulse.parquet")
    few = sample[:10]
    objects = [harness.timed(results.team_results, db, team, scope=ADMIN_SCOPE)[1] for team in few]
    page = [harness.timed(trends.team_trends, db, team, TREND_INSTRUMENT, scope=ADMIN_SCOPE)[1] for team in few]
    one = [harness.timed(results.team_frame, db, team, TREND_INSTRUMENT, scope=ADMIN_SCOPE)[1] for team in few]
    db.close()
    return {
        "teams": len(sample),
        "rows_per_team": round(statistics.mean(len(f) for f in frames)),
        "team_frame_all_instruments": harness.spread(seconds),
        "team_frame_cpu_median_ms": round(statistics.median(cpu[1:] or cpu) * 1000, 1),
        "others_busy_cores": others,
        "team_frame_one_instrument": harness.spread(one),
        "team_results_figures": harness.spread(objects),
        "trends_team_trends": harness.spread(page),
    }


def heatmap(db_path: str, work: str, repeats: int) -> dict:
    """The organisation heatmap, and every figure of every team."""
    from benchmarks.baseline import compare
    from pulse import results

    db = harness.open_database(Path(db_path))
    seconds, cpu = [], []
    ticks, own, began = harness.machine_ticks(), harness.cpu_seconds(), time.perf_counter()
    for _ in range(repeats + 1):
        started = time.process_time()
        frame, s = harness.timed(heatmap_frame, db, HEATMAP_INSTRUMENT)
        seconds.append(s)
        cpu.append(time.process_time() - started)
    others = harness.others_cores(ticks, time.perf_counter() - began, harness.cpu_seconds() - own)
    frame[["team", "dimension", "period", "n", "mean"]].to_parquet(Path(work) / "heatmap-teampulse.parquet")
    every, every_s = harness.timed(heatmap_frame, db, HEATMAP_INSTRUMENT, latest=False)
    same = compare(frame, every, ["team", "dimension", "period"])
    whole, whole_s = harness.timed(results.team_frame, db, scope=ADMIN_SCOPE)
    db.close()
    return {
        "instrument": HEATMAP_INSTRUMENT,
        "teams": int(frame["team"].nunique()),
        "cells": len(frame),
        "heatmap_frame": harness.spread(seconds),
        "heatmap_cpu_median_ms": round(statistics.median(cpu[1:] or cpu) * 1000, 1),
        "others_busy_cores": others,
        "from_team_frame_s": round(every_s, 2),
        "from_team_frame_same_cells": same["identical"],
        "team_frame_whole_organisation_s": round(whole_s, 2),
        "team_frame_whole_organisation_rows": len(whole),
    }


def measure(args) -> dict:
    source = str(args.db or harness.organisation(20 if args.quick else args.teams, periods=6 if args.quick else 52))
    work = str(args.work)
    return {
        "database": source,
        "organisation": harness.manifest(Path(source)),
        "export": harness.isolated(export_raw_answers, source, work),
        "trend": harness.isolated(trend, source, work, 5 if args.quick else args.trend_teams),
        "heatmap": harness.isolated(heatmap, source, work, 1 if args.quick else args.heatmap_repeats),
    }


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    t, h, e = f["trend"], f["heatmap"], f["export"]
    trend, heat = t["team_frame_all_instruments"], h["heatmap_frame"]
    return [
        (f"one team's trend: `results.team_frame(db, team, scope=...)`, 3 instruments, {t['rows_per_team']:,} rows,"
         f" {t['teams']} teams", f"median {trend['median_ms']} ms, p95 {trend['p95_ms']} ms (first"
         f" {trend['first_ms']} ms); others busy on {t['others_busy_cores']} cores",
         f"< {TREND_TARGET_MS:.0f} ms", trend["median_ms"] < TREND_TARGET_MS),
        ("the trends page's `team_trends` / `team_results` (Figure objects) / one instrument",
         f"{t['trends_team_trends']['median_ms']} / {t['team_results_figures']['median_ms']} /"
         f" {t['team_frame_one_instrument']['median_ms']} ms", "", None),
        (f"organisation heatmap: `results.latest_frame` ({h['instrument']}, {h['cells']:,} cells)",
         f"median {heat['median_ms']} ms; others busy on {h['others_busy_cores']} cores",
         f"< {HEATMAP_TARGET_MS:.0f} ms", heat["median_ms"] < HEATMAP_TARGET_MS),
        ("same cells from `team_frame` filtered to the latest", f"{h['from_team_frame_s']} s, same cells:"
         f" {h['from_team_frame_same_cells']}", "identical", h["from_team_frame_same_cells"]),
        ("every figure of every team: `results.team_frame(db)`", f"{h['team_frame_whole_organisation_s']} s,"
         f" {h['team_frame_whole_organisation_rows']:,} rows, peak {h['peak_mb']:,} MB", "", None),
        ("raw export to Parquet (the baseline's input)", f"{e['export_s']} s, {e['export_mb']} MB;"
         f" database {e['database_mb']} MB, {e['counts']['responses']:,} responses", "", None),
    ]  # fmt: skip


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--trend-teams": dict(type=int, default=30),
    "--heatmap-repeats": dict(type=int, default=3),
}


if __name__ == "__main__":
    harness.main("queries", measure, __doc__, OPTIONS)
