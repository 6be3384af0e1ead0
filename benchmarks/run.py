"""Scale benchmark (issue 6): a large organisation, each figure beside a plain pandas baseline.

    .venv/bin/python benchmarks/generate.py              # once: benchmarks/out/org-2000.duckdb (about 5 minutes)
    .venv/bin/python benchmarks/run.py [--db benchmarks/out/org-2000.duckdb] [--no-record]
    .venv/bin/python benchmarks/run.py --quick           # builds a 40-team organisation; under 2 minutes

Measures, on one database file: the bulk import rate (from the build's manifest, or measured on the
quick build); single-submission latency with 8 concurrent writers (on a copy of the file); one
team's trend; the organisation heatmap; alerts for all teams; archetypes; comment themes on 50,000
comments read through the query layer; the dashboard server's memory with a real browser on the
heaviest pages; and the peak memory of every step (each runs in its own process, so its peak RSS
is its own).

The baseline is what a user would do without TeamPulse: load the raw answers (the admin's raw
export, as Parquet) into pandas and group them, applying the same threshold k and the same pooling
of small teams, so the two must agree figure for figure: the run checks that they do.

Prints one JSON document and, unless ``--no-record`` (or ``--quick``), appends a dated section to
docs/benchmarks.md. These are measurements, not tests: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks import foundation  # noqa: E402
from pulse.instruments import BUILTIN  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
RESULTS = ROOT / "docs" / "benchmarks.md"
TREND_TARGET_MS = 50.0
HEATMAP_TARGET_S = 1.0
SPEEDUP_TARGET = 10.0
DASHBOARD_TARGET_MB = 1024
HEATMAP_INSTRUMENT = "health-check"  # the organisation page opens on it
TREND_INSTRUMENT = "psych-safety"  # the trends page opens on it
RSS_CEILING_MB = 8192  # a shared machine: stop the dashboard before it takes everyone's memory
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
SIZES = {
    "full": {"trend_teams": 30, "heatmap_repeats": 3, "comments": 50_000, "submissions": 2_000, "page_s": 1800},
    "quick": {"trend_teams": 10, "heatmap_repeats": 2, "comments": 2_000, "submissions": 200, "page_s": 90},
}


# --- helpers ---------------------------------------------------------------------------------


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    """Resident memory of a process (VmHWM: its peak so far), from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def peak_mb() -> float:
    """This process's peak RSS. Not getrusage's ru_maxrss: Linux carries that across exec from the
    parent, so every step would report the parent's peak."""
    return rss_mb("self", "VmHWM")


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def spread(seconds: list[float]) -> dict:
    """First call (cold: nothing cached yet in this process) and the later (warm) calls, in ms."""
    warm = sorted(seconds[1:]) or seconds
    return {
        "calls": len(seconds),
        "first_ms": round(seconds[0] * 1000, 1),
        "median_ms": round(statistics.median(warm) * 1000, 1),
        "p95_ms": round(foundation.percentile(warm, 95) * 1000, 1),
        "max_ms": round(max(warm) * 1000, 1),
    }


def code_version() -> dict:
    """The commit measured and any uncommitted change to the code under test (the tree is shared)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.rstrip("\n") if done.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", "pulse", "analysis", "dashboard", "benchmarks").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown", "uncommitted": [c[3:] for c in changed]}


def open_db(path: str):
    from pulse.store import Database

    return Database(path)


def sample_teams(db, count: int, seed: int = 6) -> list[str]:
    from pulse.teams import list_teams

    names = sorted(t.name for t in list_teams(db.cursor()) if not t.name.startswith("Benchmark"))
    return random.Random(seed).sample(names, min(count, len(names)))


# --- the figures as TeamPulse shows them ------------------------------------------------------


def heatmap_frame(db, instrument_key: str, scope=None, *, latest: bool = True) -> pd.DataFrame:
    """The organisation heatmap's cells, as ``dashboard.data.latest_profiles`` selects them.

    Each team's latest period (or pooled block) whose composite score is shown, and every scored
    dimension shown in it. From ``results.latest_frame`` (only those blocks are read), or with
    ``latest=False`` from ``results.team_frame`` (every period of every team, then the latest kept).
    """
    from pulse import results
    from pulse.instruments import get_instrument

    inst = get_instrument(db.cursor(), instrument_key)
    if latest:
        frame = results.latest_frame(db, instrument_key, scope=scope)
    else:
        frame = results.team_frame(db, instrument=instrument_key, scope=scope)
    shown = frame[frame["mean"].notna()]
    scores = shown[shown["dimension"] == "score"]
    last = scores.sort_values("period", kind="stable").groupby("team").tail(1)[["team", "period"]]
    dims = [q.key for q in inst.questions if q.in_score]
    out = shown.merge(last, on=["team", "period"])
    out = out[out["dimension"].isin(dims)].copy()
    out["order"] = out["dimension"].map(dims.index)
    return out.sort_values(["team", "order"]).reset_index(drop=True)


def proposed_latest_profiles(path: str, instrument_key: str, scope) -> pd.DataFrame:
    """``dashboard.data.latest_profiles`` re-derived from ``results.latest_frame`` (proposed in issue 6,
    since adopted by the dashboard): the run checks the dashboard's own returns the same frame."""
    from dashboard import data
    from pulse import results

    inst = data.instrument(path, instrument_key)
    frame = results.latest_frame(data.open_database(path), instrument_key, scope=scope)
    dims = [q.key for q in inst.questions if q.in_score]
    out = frame[frame["dimension"].isin(dims) & frame["mean"].notna()].copy()
    for column in ("period", "period_end"):
        out[column] = pd.to_datetime(out[column])
    out["state"] = "shown"
    out["label"] = out["dimension"].map(lambda d: data.label(inst, d))
    out["order"] = out["dimension"].map(dims.index)
    out = out[[*data.FIGURE_COLUMNS, "state", "label", "order"]]
    return out.sort_values(["team", "order"]).reset_index(drop=True)


def closed_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of closed rounds with at least one answer, in the columns the baseline computes."""
    keep = ~frame["note"].fillna("").str.startswith("round open") & (frame["n"] > 0)
    return frame.loc[keep, ["team", "instrument", "dimension", "period", "rounds", "n", "mean"]]


# --- the pandas baseline ----------------------------------------------------------------------
# Written from the rules in DESIGN.md, not from pulse/results.py: keyed values (reverse items
# flipped), a composite score per response (+100/0/-100 for eNPS), per-round sums, then each
# team's closed rounds pooled greedily into consecutive blocks of at least k responses, a figure
# shown only for a complete block with at least k answers to that dimension.

_REVERSED = {q.key: q.scale_min + q.scale_max for i in BUILTIN for q in i.questions if q.reverse}
_SCORED = {q.key for i in BUILTIN for q in i.questions if q.in_score}
_NPS = {i.key for i in BUILTIN if i.scoring == "nps"}
_IN_HEATMAP = {i.key: [q.key for q in i.questions if q.in_score] for i in BUILTIN}
ROUND = ["team", "instrument", "period"]


def baseline_load(parquet: Path) -> pd.DataFrame:
    """The raw export as a pandas user reads it: repeated text as categories, the rest as stored."""
    return pd.read_parquet(parquet, read_dictionary=["team", "instrument", "question"])


def baseline_round_stats(answers: pd.DataFrame) -> pd.DataFrame:
    flip = answers["question"].map(_REVERSED).astype(float).to_numpy()
    value = answers["value"].to_numpy(dtype=float)
    a = answers[[*ROUND, "response_id", "question"]].assign(v=np.where(np.isnan(flip), value, flip - value))
    a["v2"] = a["v"] * a["v"]
    per_question = (
        a.groupby([*ROUND, "question"], observed=True)
        .agg(n=("v", "size"), total=("v", "sum"), total_sq=("v2", "sum"))
        .reset_index()
        .rename(columns={"question": "dimension"})
    )
    scored = a[a["question"].isin(_SCORED)]
    per_response = scored.groupby([*ROUND, "response_id"], observed=True)["v"].mean().reset_index()
    nps = per_response["instrument"].isin(_NPS).to_numpy()
    s = per_response["v"].to_numpy()
    per_response["s"] = np.where(nps, np.where(s >= 9, 100.0, np.where(s <= 6, -100.0, 0.0)), s)
    per_response["s2"] = per_response["s"] ** 2
    score = (
        per_response.groupby(ROUND, observed=True)
        .agg(n=("s", "size"), total=("s", "sum"), total_sq=("s2", "sum"))
        .reset_index()
        .assign(dimension="score")
    )
    stats = pd.concat([per_question, score], ignore_index=True)
    for column in ("team", "instrument", "dimension"):
        stats[column] = stats[column].astype(str)
    return stats


def baseline_blocks(stats: pd.DataFrame, k: int) -> pd.DataFrame:
    """Figures per team, instrument, dimension and block of pooled rounds."""
    rounds = stats[stats["dimension"] == "score"].sort_values(ROUND, ignore_index=True)
    series = (rounds["team"] + "\x00" + rounds["instrument"]).to_numpy()
    n = rounds["n"].to_numpy()
    block, complete = np.zeros(len(rounds), dtype=int), np.zeros(len(rounds), dtype=bool)
    current, total, first = 0, 0, 0
    for i in range(len(rounds)):
        if i and series[i] != series[i - 1]:
            current, total, first = current + 1, 0, i
        block[i] = current
        total += n[i]
        if total >= k:
            complete[first : i + 1] = True
            current, total, first = current + 1, 0, i + 1
    rounds = rounds[ROUND].assign(block=block, complete=complete)
    spans = rounds.groupby("block").agg(start=("period", "min"), rounds=("period", "size"))
    merged = stats.merge(rounds, on=ROUND)
    out = merged.groupby(["team", "instrument", "block", "dimension", "complete"], as_index=False)[
        ["n", "total", "total_sq"]
    ].sum()
    out = out.join(spans, on="block")
    shown = out["complete"] & (out["n"] >= k)
    out["mean"] = np.where(shown, out["total"] / out["n"], np.nan)
    out["period"] = pd.to_datetime(out["start"]).dt.strftime("%Y-%m-%d")
    return out[["team", "instrument", "dimension", "period", "rounds", "n", "mean"]]


def baseline_team_trend(answers: pd.DataFrame, team: str, k: int) -> pd.DataFrame:
    return baseline_blocks(baseline_round_stats(answers[answers["team"] == team]), k)


def baseline_heatmap(answers: pd.DataFrame, instrument: str, k: int) -> pd.DataFrame:
    figures = baseline_blocks(baseline_round_stats(answers[answers["instrument"] == instrument]), k)
    shown = figures[figures["mean"].notna()]
    scores = shown[shown["dimension"] == "score"].sort_values("period")
    latest = scores.groupby("team").tail(1)[["team", "period"]]
    out = shown.merge(latest, on=["team", "period"])
    return out[out["dimension"].isin(_IN_HEATMAP[instrument])]


def compare(ours: pd.DataFrame, theirs: pd.DataFrame, keys: list[str]) -> dict:
    """Same rows, same n, same shown/suppressed, means equal to 1e-9 (sums run in another order)."""
    ours = ours.assign(period=ours["period"].astype(str)).set_index(keys).sort_index()
    theirs = theirs.assign(period=theirs["period"].astype(str)).set_index(keys).sort_index()
    only_ours = ours.index.difference(theirs.index)
    only_theirs = theirs.index.difference(ours.index)
    both = ours.index.intersection(theirs.index)
    a, b = ours.loc[both], theirs.loc[both]
    n_differs = int((a["n"].to_numpy() != b["n"].to_numpy()).sum())
    x, y = a["mean"].to_numpy(dtype=float), b["mean"].to_numpy(dtype=float)
    shown_differs = int((np.isnan(x) != np.isnan(y)).sum())
    both_shown = ~np.isnan(x) & ~np.isnan(y)
    mean_differs = int((~np.isclose(x[both_shown], y[both_shown], rtol=1e-9, atol=1e-9)).sum())
    extra = {c: int((a[c].to_numpy() != b[c].to_numpy()).sum()) for c in ("rounds",) if c in a and c in b}
    problems = len(only_ours) + len(only_theirs) + n_differs + shown_differs + mean_differs + sum(extra.values())
    return {
        "rows": len(both),
        "shown": int(both_shown.sum()),
        "suppressed": int(np.isnan(x).sum()),
        "only_teampulse": len(only_ours),
        "only_baseline": len(only_theirs),
        "n_differs": n_differs,
        "shown_differs": shown_differs,
        "mean_differs": mean_differs,
        "max_abs_mean_difference": float(np.max(np.abs(x[both_shown] - y[both_shown]), initial=0.0)),
        **{f"{c}_differs": v for c, v in extra.items()},
        "identical": problems == 0,
    }


# --- steps, each in its own process -----------------------------------------------------------


def step_prepare(db_path: str, work: Path, size: dict) -> dict:
    """Close due rounds (a period may have ended since the build) and write the raw export."""
    from pulse import settings
    from pulse.closing import close_due_rounds

    db = open_db(db_path)
    closed, close_s = timed(close_due_rounds, db)
    cur = db.cursor()
    counts = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("responses", "answers", "comments")}
    counts["round_stats"] = cur.execute("SELECT count(*) FROM round_stats").fetchone()[0]
    counts["rounds"], counts["open_rounds"] = cur.execute(
        "SELECT count(*), count(*) FILTER (status = 'open') FROM rounds"
    ).fetchone()
    counts["teams"] = cur.execute("SELECT count(*) FROM teams").fetchone()[0]
    k = settings.min_group_size(cur)
    # The admin's raw export (results.raw_answers: closed rounds only), streamed to Parquet by DuckDB
    # rather than through a DataFrame of 18 million rows; same columns and rows.
    parquet = work / "raw_answers.parquet"
    _, export_s = timed(
        cur.execute,
        "COPY (SELECT t.name AS team, r.instrument_key AS instrument, r.period_start AS period,"
        " CAST(a.response_id AS VARCHAR) AS response_id, a.question, a.value"
        " FROM answers a JOIN rounds r ON r.id = a.round_id JOIN teams t ON t.id = r.team_id"
        " WHERE r.status = 'closed' ORDER BY t.name, r.instrument_key, r.period_start)"
        f" TO '{parquet}' (FORMAT parquet)",
    )
    db.close()
    return {
        "k": k,
        "rounds_closed_now": len(closed),
        "close_due_s": round(close_s, 2),
        "counts": counts,
        "database_mb": round(Path(db_path).stat().st_size / 1024 / 1024),
        "export_s": round(export_s, 1),
        "export_mb": round(parquet.stat().st_size / 1024 / 1024),
    }


def step_trend(db_path: str, work: Path, size: dict) -> dict:
    from analysis import trends
    from pulse import results

    db = open_db(db_path)
    teams = sample_teams(db, size["trend_teams"])
    frames, seconds, cpu = [], [], []
    ticks, own, began = foundation.machine_ticks(), foundation.cpu_seconds(), time.perf_counter()
    for team in teams:
        started = time.process_time()
        frame, s = timed(results.team_frame, db, team)
        cpu.append(time.process_time() - started)
        frames.append(frame)
        seconds.append(s)
    others = foundation.others_cores(ticks, time.perf_counter() - began, foundation.cpu_seconds() - own)
    closed_rows(pd.concat(frames, ignore_index=True)).to_parquet(work / "trend-teampulse.parquet")
    figures = [timed(results.team_results, db, team)[1] for team in teams[:10]]
    dashboard = [timed(trends.team_trends, db, team, TREND_INSTRUMENT)[1] for team in teams[:10]]
    one = [timed(results.team_frame, db, team, TREND_INSTRUMENT)[1] for team in teams[:10]]
    db.close()
    return {
        "teams": len(teams),
        "rows_per_team": round(statistics.mean(len(f) for f in frames)),
        "team_frame_all_instruments": spread(seconds),
        "team_frame_cpu_median_ms": round(statistics.median(cpu[1:]) * 1000, 1),
        "others_busy_cores": others,
        "team_frame_one_instrument": spread(one),
        "team_results_figures": spread(figures),
        "trends_team_trends_dashboard_path": spread(dashboard),
    }


def step_heatmap(db_path: str, work: Path, size: dict) -> dict:
    from pulse import results

    db = open_db(db_path)
    seconds, cpu = [], []
    ticks, own, began = foundation.machine_ticks(), foundation.cpu_seconds(), time.perf_counter()
    for _ in range(size["heatmap_repeats"] + 1):
        started = time.process_time()
        frame, s = timed(heatmap_frame, db, HEATMAP_INSTRUMENT)
        seconds.append(s)
        cpu.append(time.process_time() - started)
    others = foundation.others_cores(ticks, time.perf_counter() - began, foundation.cpu_seconds() - own)
    frame[["team", "dimension", "period", "n", "mean"]].to_parquet(work / "heatmap-teampulse.parquet")
    every, every_s = timed(heatmap_frame, db, HEATMAP_INSTRUMENT, latest=False)
    same = compare(frame, every, ["team", "dimension", "period"])
    whole, whole_s = timed(results.team_frame, db)
    db.close()
    return {
        "instrument": HEATMAP_INSTRUMENT,
        "teams": int(frame["team"].nunique()),
        "cells": len(frame),
        "heatmap_frame": spread(seconds),
        "heatmap_cpu_median_ms": round(statistics.median(cpu[1:] or cpu) * 1000, 1),
        "others_busy_cores": others,
        "from_team_frame_s": round(every_s, 2),
        "from_team_frame_same_cells": same["identical"],
        "team_frame_whole_organisation_s": round(whole_s, 2),
        "team_frame_whole_organisation_rows": len(whole),
    }


def step_heatmap_dashboard(db_path: str, work: Path, size: dict) -> dict:
    """``dashboard.data.latest_profiles`` as the organisation page calls it today (Figure objects)."""
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from dashboard import data

    proposed, proposed_s = timed(proposed_latest_profiles, db_path, HEATMAP_INSTRUMENT, None)
    proposed_rss = rss_mb("self", "VmHWM")
    profiles, s = timed(data.latest_profiles, db_path, HEATMAP_INSTRUMENT, None)
    ours = pd.read_parquet(work / "heatmap-teampulse.parquet")
    theirs = profiles.assign(period=profiles["period"].dt.strftime("%Y-%m-%d"))
    try:
        pd.testing.assert_frame_equal(profiles, proposed, check_exact=False, rtol=1e-12)
        proposed_same = True
    except AssertionError as e:
        proposed_same = str(e).splitlines()[0]
    return {
        "latest_profiles_s": round(s, 2),
        "cells": len(profiles),
        "same_as_heatmap_frame": compare(ours, theirs, ["team", "dimension", "period"]),
        "proposed_latest_profiles_s": round(proposed_s, 2),
        "proposed_peak_rss_mb": round(proposed_rss),
        "proposed_same_frame": proposed_same,
    }


def step_baseline(db_path: str, work: Path, size: dict) -> dict:
    k = json.loads((work / "prepare.json").read_text())["k"]
    ticks, own, began = foundation.machine_ticks(), foundation.cpu_seconds(), time.perf_counter()
    answers, load_s = timed(baseline_load, work / "raw_answers.parquet")
    teams = pd.read_parquet(work / "trend-teampulse.parquet")["team"].unique().tolist()
    trend, seconds = [], []
    for team in teams:
        frame, s = timed(baseline_team_trend, answers, team, k)
        trend.append(frame)
        seconds.append(s)
    ours = pd.read_parquet(work / "trend-teampulse.parquet")
    trend_check = compare(ours, pd.concat(trend), ["team", "instrument", "dimension", "period"])
    heat, heat_s = timed(baseline_heatmap, answers, HEATMAP_INSTRUMENT, k)
    heat_check = compare(pd.read_parquet(work / "heatmap-teampulse.parquet"), heat, ["team", "dimension", "period"])
    others = foundation.others_cores(ticks, time.perf_counter() - began, foundation.cpu_seconds() - own)
    return {
        "others_busy_cores": others,
        "answer_rows": len(answers),
        "frame_mb": round(answers.memory_usage(deep=True).sum() / 1024 / 1024),
        "load_s": round(load_s, 2),
        "team_trend_compute": spread(seconds),
        "heatmap_compute_s": round(heat_s, 2),
        "trend_check": trend_check,
        "heatmap_check": heat_check,
    }


def step_alerts(db_path: str, work: Path, size: dict) -> dict:
    from analysis.alerts import DropDetector, team_alerts
    from pulse import results
    from pulse.instruments import list_instruments

    db = open_db(db_path)
    found, s = timed(team_alerts, db)
    rss_after_figures = rss_mb()
    frame, frame_s = timed(results.team_frame, db)
    detector, fit_s = timed(DropDetector().fit, frame, list_instruments(db.cursor()))
    db.close()
    same = sorted(a.as_row().values().__repr__() for a in found) == sorted(
        a.as_row().values().__repr__() for a in detector.alerts_
    )
    return {
        "team_alerts_s": round(s, 2),
        "alerts": len(found),
        "teams_alerted": len({a.team for a in found}),
        "rss_after_team_alerts_mb": round(rss_after_figures),
        "columnwise_team_frame_s": round(frame_s, 2),
        "columnwise_fit_s": round(fit_s, 2),
        "columnwise_same_alerts": same,
    }


def step_archetypes(db_path: str, work: Path, size: dict) -> dict:
    from analysis.archetypes import team_archetypes

    db = open_db(db_path)
    found, s = timed(team_archetypes, db)
    db.close()
    return {
        "team_archetypes_s": round(s, 2),
        "teams": len(found.teams),
        "archetypes": len(found.archetypes),
        "left_out": len(found.left_out),
        "note": found.note,
    }


def step_themes(db_path: str, work: Path, size: dict) -> dict:
    from analysis import themes
    from pulse import results, settings

    db = open_db(db_path)
    k = settings.min_group_size(db.cursor())
    texts, teams_read = [], 0
    started = time.perf_counter()
    for team in sample_teams(db, 10**6, seed=7):
        for block in results.comments(db, team, TREND_INSTRUMENT):
            texts.extend(c for c in block.comments if c.strip())
        teams_read += 1
        if len(texts) >= size["comments"]:
            break
    read_s = time.perf_counter() - started
    texts = texts[: size["comments"]]
    db.close()
    (_, summary), fit_s = timed(themes.themes_of, texts, k=k, model=themes.ThemeModel(backend="lexical"))
    return {
        "comments": len(texts),
        "teams_read": teams_read,
        "read_through_privacy_comments_s": round(read_s, 1),
        "read_ms_per_team": round(1000 * read_s / max(teams_read, 1), 1),
        "lexical_fit_s": round(fit_s, 1),
        "themes": len(summary),
    }


def step_submit(db_path: str, work: Path, size: dict) -> dict:
    """8 concurrent writers with codes into an open round of a copy of the large file."""
    from pulse.responses import submit_response
    from pulse.rounds import open_round
    from pulse.tokens import codes

    copy = work / "submit.duckdb"
    _, copy_s = timed(shutil.copyfile, db_path, copy)
    if Path(db_path + ".wal").exists():
        shutil.copyfile(db_path + ".wal", str(copy) + ".wal")
    db = open_db(str(copy))
    team = sample_teams(db, 1, seed=8)[0]
    rnd = open_round(db, team, TREND_INSTRUMENT)
    count = lambda sql: db.cursor().execute(sql, [rnd.id]).fetchone()[0]  # noqa: E731
    before = count("SELECT count(*) FROM responses WHERE round_id = ?")
    total = size["submissions"]
    issued: list[str] = []
    while len(issued) < total:
        issued += codes.issue_codes(db, rnd.id, min(codes.MAX_CODES_PER_CALL, total - len(issued)))
    rng = random.Random(2)
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for code in issued:
        todo.put((code, {f"ps{i}": rng.randint(1, 7) for i in range(1, 8)}))
    threads = 8
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
                submit_response(db, answers, code=code)
            except Exception as e:  # a failure is a finding, not a crash of the benchmark
                failures.append(f"{type(e).__name__}: {e}")
                continue
            latencies[slot].append(time.perf_counter() - began)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    start_line.wait()
    started, cpu_before = time.perf_counter(), foundation.cpu_seconds()
    for w in workers:
        w.join()
    wall, cpu = time.perf_counter() - started, foundation.cpu_seconds() - cpu_before
    after = count("SELECT count(*) FROM responses WHERE round_id = ?")
    issued_n, spent_n = codes.code_counts(db.cursor(), rnd.id)
    db.close()
    for path in (copy, Path(str(copy) + ".wal")):
        path.unlink(missing_ok=True)
    ok = sorted(x * 1000 for per in latencies for x in per)
    return {
        "threads": threads,
        "submissions": total,
        "failures": len(failures),
        "first_failures": failures[:3],
        "p50_ms": round(foundation.percentile(ok, 50), 2),
        "p95_ms": round(foundation.percentile(ok, 95), 2),
        "p99_ms": round(foundation.percentile(ok, 99), 2),
        "throughput_per_s": round(len(ok) / wall, 1),
        "cpu_ms_per_submission": round(1000 * cpu / max(len(ok), 1), 2),
        "stored_once_each": after - before == total and spent_n == issued_n == total,
        "copy_s": round(copy_s, 1),
    }


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


def step_dashboard(db_path: str, work: Path, size: dict, code: Path = ROOT) -> dict:
    """`teampulse serve` on the file; a headless Chromium signs in as an admin and opens the pages.

    ``code``: the checkout to serve (another one measures a proposed change to the dashboard)."""
    from playwright.sync_api import sync_playwright

    from pulse import accounts
    from pulse.errors import PulseError

    name, password = "bench-admin", accounts.generate_password()
    db = open_db(db_path)
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
            total = sum(v for v in (rss_mb(p) for p in tree) if v == v)
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
        result["idle_rss_mb"] = round(rss_mb(streamlit_pid))
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
            page.set_default_timeout(size["page_s"] * 1000)
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
                        "rss_after_mb": round(rss_mb(streamlit_pid)),
                    }
                except Exception as e:  # a page that never finishes is a finding
                    result["pages"][title] = {
                        "error": f"{type(e).__name__}: {str(e).splitlines()[0]}",
                        "after_s": round(time.perf_counter() - started, 1),
                    }
                    break
            browser.close()
        result["streamlit_peak_rss_mb"] = round(rss_mb(streamlit_pid, "VmHWM"))
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
        db = open_db(db_path)
        try:
            accounts.delete_account(db, name)
        except PulseError:  # the file's only admin stays, with a password nobody kept
            pass
        db.close()
    result["server_tree_peak_sampled_mb"] = round(max(samples, default=float("nan")))
    return result


STEPS = {
    "prepare": step_prepare,
    "trend": step_trend,
    "heatmap": step_heatmap,
    "heatmap-dashboard": step_heatmap_dashboard,
    "baseline": step_baseline,
    "alerts": step_alerts,
    "archetypes": step_archetypes,
    "themes": step_themes,
    "submit": step_submit,
    "dashboard": step_dashboard,
    "dashboard-proposed": lambda db_path, work, size: step_dashboard(
        db_path, work, size, Path(os.environ["TEAMPULSE_BENCH_CODE"])
    ),
}


def run_step_here(name: str, db_path: str, work: Path, size: dict) -> None:
    """Inside the child: run one step, print its JSON with this process's memory."""
    base = rss_mb()
    started = time.perf_counter()
    result = STEPS[name](db_path, work, size)
    result["step_s"] = round(time.perf_counter() - started, 1)
    result["rss_before_step_mb"] = round(base)
    result["peak_rss_mb"] = round(peak_mb())
    (work / f"{name}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


def run_step(name: str, db_path: str, work: Path, quick: bool, timeout: float) -> dict:
    command = [sys.executable, __file__, "--step", name, "--db", db_path, "--work", str(work)]
    print(f"[{datetime.now():%H:%M:%S}] {name} ...", file=sys.stderr, flush=True)
    try:
        done = subprocess.run(command + (["--quick"] if quick else []), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"[{datetime.now():%H:%M:%S}] {name}: {result['step_s']} s, peak {result['peak_rss_mb']} MB",
          file=sys.stderr, flush=True)  # fmt: skip
    return result


# --- the whole run -----------------------------------------------------------------------------


def ratios(result: dict) -> dict:
    """Baseline time over TeamPulse time, with and without the baseline's load."""
    trend, heat, base = result.get("trend", {}), result.get("heatmap", {}), result.get("baseline", {})
    if "error" in trend or "error" in heat or "error" in base or not base:
        return {}
    ours_trend = trend["team_frame_all_instruments"]["median_ms"] / 1000
    ours_heat = heat["heatmap_frame"]["median_ms"] / 1000
    base_trend = base["team_trend_compute"]["median_ms"] / 1000
    return {
        "trend_baseline_total_s": round(base["load_s"] + base_trend, 2),
        "trend_ratio_with_load": round((base["load_s"] + base_trend) / ours_trend, 1),
        "trend_ratio_compute_only": round(base_trend / ours_trend, 1),
        "heatmap_baseline_total_s": round(base["load_s"] + base["heatmap_compute_s"], 2),
        "heatmap_ratio_with_load": round((base["load_s"] + base["heatmap_compute_s"]) / ours_heat, 1),
        "heatmap_ratio_compute_only": round(base["heatmap_compute_s"] / ours_heat, 1),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=None, help="database from generate.py (default benchmarks/out/org-2000.duckdb)")
    parser.add_argument("--quick", action="store_true", help="build and measure a 40-team organisation (< 2 min)")
    parser.add_argument("--steps", default=None, help="comma-separated steps to run (default: all)")
    parser.add_argument("--no-record", action="store_true", help="print the JSON only; leave docs/benchmarks.md")
    parser.add_argument(
        "--dashboard-code", help="also serve the dashboard from this checkout: a proposed change, measured alike"
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    size = SIZES["quick" if args.quick else "full"]
    if args.step:
        run_step_here(args.step, args.db, Path(args.work), size)
        return {}

    began = time.perf_counter()
    result = {
        "benchmark": "scale",
        "taken": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": " ".join(["benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]).strip(),
        "quick": args.quick,
        "machine": foundation.machine(),
        "code": code_version(),
        "load_before": foundation.machine_load(),
    }
    if args.quick:
        from benchmarks import generate

        db_path = OUT / "quick.duckdb"
        for stale in (db_path, Path(str(db_path) + ".wal"), db_path.with_suffix(".json")):
            stale.unlink(missing_ok=True)
        manifest = generate.build(db_path, 40, 26, comment_rate=0.3, quiet=True)
    else:
        db_path = Path(args.db) if args.db else OUT / "org-2000.duckdb"
        if not db_path.exists():
            raise SystemExit(f"{db_path} is missing: build it first with .venv/bin/python benchmarks/generate.py")
        manifest = json.loads(db_path.with_suffix(".json").read_text())
    result["dataset"] = manifest
    if args.dashboard_code:
        os.environ["TEAMPULSE_BENCH_CODE"] = str(Path(args.dashboard_code).resolve())
        result["dashboard_code"] = os.environ["TEAMPULSE_BENCH_CODE"]
    work = OUT / ("work-quick" if args.quick else f"work-{db_path.stem}")
    work.mkdir(parents=True, exist_ok=True)
    timeout = 600 if args.quick else 7200
    default = [name for name in STEPS if name != "dashboard-proposed" or args.dashboard_code]
    for name in args.steps.split(",") if args.steps else default:
        result[name] = run_step(name, str(db_path), work, args.quick, timeout)
    result["ratios"] = ratios(result)
    result["load_after"] = foundation.machine_load()
    result["run_s"] = round(time.perf_counter() - began, 1)
    print(json.dumps(result, indent=2))
    if not args.no_record and not args.quick:
        record(result)
    return result


# --- docs/benchmarks.md ------------------------------------------------------------------------


def mark(met: bool | None) -> str:
    return "" if met is None else "met" if met else "**missed**"


def record(result: dict) -> None:
    """Append a dated section (append mode: other benchmarks write to the same file)."""
    m, code, d, r = result["machine"], result["code"], result["dataset"], result["ratios"]
    load = ", ".join(
        f"{when} {result[key]['load_1m']}/{result[key]['load_5m']}/{result[key]['load_15m']}"
        for when, key in (("before", "load_before"), ("after", "load_after"))
    )
    get = lambda step, *keys: _dig(result.get(step, {}), keys)  # noqa: E731
    trend_ms = get("trend", "team_frame_all_instruments", "median_ms")
    heat_ms = get("heatmap", "heatmap_frame", "median_ms")
    same = get("baseline", "trend_check", "identical"), get("baseline", "heatmap_check", "identical")
    rows = [
        (f"bulk import while building (`generate.py`: `import_responses`, {d['imports']} files into one growing"
         " file)",
         f"{d['import_rows_per_s']:,} responses/s = {d['import_answers_per_s']:,} answers/s "
         f"({d['responses_total']:,} responses in {d['import_s']} s; build peak RSS {d['peak_rss_mb']} MB;"
         f" load after {d['load_average_after'][0]})", "", "", "", ""),
        (f"one team's trend, `results.team_frame(db, team)`, 3 instruments, {get('trend', 'teams')} teams",
         f"median {trend_ms} ms (first {get('trend', 'team_frame_all_instruments', 'first_ms')}, p95 "
         f"{get('trend', 'team_frame_all_instruments', 'p95_ms')}; CPU "
         f"{get('trend', 'team_frame_cpu_median_ms')} ms; others busy {get('trend', 'others_busy_cores')} cores)",
         f"{r.get('trend_baseline_total_s')} s (load {get('baseline', 'load_s')} s + "
         f"{get('baseline', 'team_trend_compute', 'median_ms')} ms)",
         f"{r.get('trend_ratio_with_load')}x ({r.get('trend_ratio_compute_only')}x without its load)",
         f"< {TREND_TARGET_MS:.0f} ms, >= 10x", mark(_ok(trend_ms, TREND_TARGET_MS, r.get("trend_ratio_with_load")))),
        ("same team, as Figure objects (`results.team_results`) / the trends page's path (`trends.team_trends`)",
         f"median {get('trend', 'team_results_figures', 'median_ms')} / "
         f"{get('trend', 'trends_team_trends_dashboard_path', 'median_ms')} ms", "", "", "", ""),
        (f"organisation heatmap ({HEATMAP_INSTRUMENT}, {get('heatmap', 'teams')} teams, "
         f"{get('heatmap', 'cells')} cells) from `results.latest_frame`",
         f"median {heat_ms} ms (first {get('heatmap', 'heatmap_frame', 'first_ms')}; CPU "
         f"{get('heatmap', 'heatmap_cpu_median_ms')} ms; others busy {get('heatmap', 'others_busy_cores')} cores)",
         f"{r.get('heatmap_baseline_total_s')} s (load {get('baseline', 'load_s')} s + "
         f"{get('baseline', 'heatmap_compute_s')} s)",
         f"{r.get('heatmap_ratio_with_load')}x ({r.get('heatmap_ratio_compute_only')}x without its load)",
         "< 1 s, >= 10x", mark(_ok(heat_ms, HEATMAP_TARGET_S * 1000, r.get("heatmap_ratio_with_load")))),
        ("same cells from `results.team_frame(db, instrument=...)` (every period of every team)",
         f"{get('heatmap', 'from_team_frame_s')} s; same cells: {get('heatmap', 'from_team_frame_same_cells')}",
         "", "", "< 1 s", mark(_ok(get("heatmap", "from_team_frame_s"), HEATMAP_TARGET_S))),
        ("same cells as the dashboard builds them (`dashboard.data.latest_profiles`)",
         f"{get('heatmap-dashboard', 'latest_profiles_s')} s, step peak RSS {get('heatmap-dashboard', 'peak_rss_mb')}"
         f" MB; same cells: {get('heatmap-dashboard', 'same_as_heatmap_frame', 'identical')}", "", "", "< 1 s",
         mark(_ok(get("heatmap-dashboard", "latest_profiles_s"), HEATMAP_TARGET_S))),
        ("`latest_profiles` re-derived in run.py from `results.latest_frame` (a cross-check)",
         f"{get('heatmap-dashboard', 'proposed_latest_profiles_s')} s; same frame as today's: "
         f"{get('heatmap-dashboard', 'proposed_same_frame')}", "", "", "< 1 s",
         mark(_ok(get("heatmap-dashboard", "proposed_latest_profiles_s"), HEATMAP_TARGET_S))),
        ("results identical to the baseline: trends (every row of the sampled teams) / heatmap (every cell)",
         f"{same[0]} ({get('baseline', 'trend_check', 'rows')} rows, largest difference of a mean "
         f"{get('baseline', 'trend_check', 'max_abs_mean_difference')}) / {same[1]} "
         f"({get('baseline', 'heatmap_check', 'rows')} cells)", "", "", "identical",
         mark(same[0] is True and same[1] is True)),
        ("every figure of the organisation (`results.team_frame(db)`)",
         f"{get('heatmap', 'team_frame_whole_organisation_s')} s, "
         f"{get('heatmap', 'team_frame_whole_organisation_rows') or 0:,} rows", "", "", "", ""),
        ("alerts for all teams (`analysis.alerts.team_alerts`)",
         f"{get('alerts', 'team_alerts_s')} s, step peak RSS {get('alerts', 'peak_rss_mb')} MB; "
         f"{get('alerts', 'alerts')} alerts in {get('alerts', 'teams_alerted')} teams", "", "", "", ""),
        ("same, `DropDetector().fit(results.team_frame(db), instruments)`",
         f"{_add(get('alerts', 'columnwise_team_frame_s'), get('alerts', 'columnwise_fit_s'))} s; same alerts: "
         f"{get('alerts', 'columnwise_same_alerts')}", "", "", "", ""),
        ("archetypes (`analysis.archetypes.team_archetypes`)",
         f"{get('archetypes', 'team_archetypes_s')} s, step peak RSS {get('archetypes', 'peak_rss_mb')} MB; "
         f"{get('archetypes', 'note')}", "", "", "", ""),
        (f"themes on {get('themes', 'comments')} comments read through `results.comments`",
         f"read {get('themes', 'read_through_privacy_comments_s')} s ({get('themes', 'teams_read')} teams), "
         f"fit {get('themes', 'lexical_fit_s')} s (lexical); step peak RSS {get('themes', 'peak_rss_mb')} MB",
         "", "", "", ""),
        (f"submit one response with a code, 8 threads, {get('submit', 'submissions')} into a copy of the file",
         f"p50 {get('submit', 'p50_ms')} ms, p95 {get('submit', 'p95_ms')} ms, p99 {get('submit', 'p99_ms')} ms;"
         f" {get('submit', 'cpu_ms_per_submission')} ms CPU each; stored once each: "
         f"{get('submit', 'stored_once_each')}", "", "", "", ""),
    ]  # fmt: skip
    other = f"the checkout in `{Path(result.get('dashboard_code', '')).name}` (`--dashboard-code`)"
    for step, what in (("dashboard", "this checkout"), ("dashboard-proposed", other)):
        if step in result:
            rows.append(
                (f"dashboard server (`teampulse serve`, {what}): an admin opens Organisation, Team trends,"
                 " Overview in headless Chromium", _dashboard_cell(result[step]), "", "", "< 1 GB",
                 mark(_ok(get(step, "streamlit_peak_rss_mb"), DASHBOARD_TARGET_MB))),
            )  # fmt: skip
    memory = ", ".join(
        f"{name} {result[name]['peak_rss_mb']}"
        for name in STEPS
        if isinstance(result.get(name), dict) and "peak_rss_mb" in result[name] and not name.startswith("dashboard")
    )
    lines = [
        "",
        f"### {result['taken']}: scale (issue 6)",
        "",
        f"Machine: {m['nproc']} cores **shared with other sessions** (their load is in every figure),"
        f" {m['memory_gb']} GB, Python {m['python']}, DuckDB {m['duckdb']}, pandas {pd.__version__},"
        f" {m['platform']}. Load average (1/5/15 min) {load}.",
        f"Code: commit {code['commit']}"
        + (f", with uncommitted changes to {', '.join(code['uncommitted'])}." if code["uncommitted"] else ".")
        + f" Command: `.venv/bin/python {result['command']}` ({result['run_s']:.0f} s). What limits each figure:"
        " docs/scaling.md.",
        f"Data: `benchmarks/generate.py` (seed {d['seed']}), {d['teams']:,} teams of 4-12 in {d['tribes']} tribes,"
        f" {d['periods']} fortnights from {d['first_period']} (the last one open), 3 instruments:"
        f" {d['responses_total']:,} responses, {d['answers']:,} answers, {d['comments']:,} comments; file"
        f" {get('prepare', 'database_mb')} MB, round_stats {get('prepare', 'counts', 'round_stats') or 0:,} rows,"
        f" k = {get('prepare', 'k')}. Baseline: pandas reads the admin's raw export (Parquet,"
        f" {get('prepare', 'export_mb')} MB, {get('baseline', 'answer_rows') or 0:,} answers of closed rounds,"
        f" {get('baseline', 'frame_mb')} MB in pandas) and applies k and the pooling itself.",
        "",
        "| figure | TeamPulse | pandas baseline | ratio | target | |",
        "| --- | --- | --- | --- | --- | --- |",
        *("| " + " | ".join(str(c) for c in row) + " |" for row in rows),
        "",
        f"Peak RSS per step, MB (each step its own process; includes Python and its imports): {memory}.",
        "",
    ]
    if not RESULTS.exists():
        RESULTS.write_text(foundation.HEADER)
    with RESULTS.open("a") as f:
        f.write("\n".join(lines))


def _dashboard_cell(step: dict) -> str:
    if "pages" not in step:
        return f"did not run: {step.get('error')}"
    pages = "; ".join(
        f"{name} {page['load_s']} s" if "load_s" in page else f"{name} **{page['error']}** after {page['after_s']} s"
        for name, page in step["pages"].items()
    )
    ceiling = f"; stopped at the {step['stopped_at_ceiling_mb']} MB ceiling" if "stopped_at_ceiling_mb" in step else ""
    return (
        f"peak RSS {step.get('streamlit_peak_rss_mb')} MB (idle {step.get('idle_rss_mb')} MB){ceiling};"
        f" pages, cold cache: {pages}" + (f"; {step['error']}" if "error" in step else "")
    )


def _dig(value, keys):
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _ok(measured, target, ratio=None) -> bool | None:
    """Under the target (and, where a baseline ratio is given, at least 10 times faster than it)."""
    if measured is None:
        return None
    return measured < target and (ratio is None or ratio >= SPEEDUP_TARGET)


def _add(a, b):
    return None if a is None or b is None else round(a + b, 2)


if __name__ == "__main__":
    main()
