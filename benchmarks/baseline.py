"""The pandas baseline (issue 6): what a user would do without TeamPulse, figure for figure.

    .venv/bin/python -m benchmarks.queries [--db FILE]     # first: the export and TeamPulse's figures
    .venv/bin/python -m benchmarks.baseline [--db FILE]

Loads the admin's raw export (Parquet, written by ``benchmarks.queries``) into pandas and groups it,
applying the same threshold k and the same pooling of small teams, for the teams and the heatmap
that ``benchmarks.queries`` measured; checks that the two agree figure for figure, and gives the
ratio of the baseline's time to TeamPulse's (from the newest ``queries`` result).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks import harness
from pulse.instruments import BUILTIN

HEATMAP_INSTRUMENT = "health-check"

# Written from the rules in DESIGN.md, not from pulse/results/: keyed values (reverse items
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


def run_baseline(work: str, k: int) -> dict:
    work = Path(work)
    ticks, own, began = harness.machine_ticks(), harness.cpu_seconds(), time.perf_counter()
    answers, load_s = harness.timed(baseline_load, work / "raw_answers.parquet")
    ours = pd.read_parquet(work / "trend-teampulse.parquet")
    trend, seconds = [], []
    for team in ours["team"].unique().tolist():
        frame, s = harness.timed(baseline_team_trend, answers, team, k)
        trend.append(frame)
        seconds.append(s)
    trend_check = compare(ours, pd.concat(trend), ["team", "instrument", "dimension", "period"])
    heat, heat_s = harness.timed(baseline_heatmap, answers, HEATMAP_INSTRUMENT, k)
    heat_check = compare(pd.read_parquet(work / "heatmap-teampulse.parquet"), heat, ["team", "dimension", "period"])
    others = harness.others_cores(ticks, time.perf_counter() - began, harness.cpu_seconds() - own)
    return {
        "others_busy_cores": others,
        "answer_rows": len(answers),
        "frame_mb": round(answers.memory_usage(deep=True).sum() / 1024 / 1024),
        "load_s": round(load_s, 2),
        "team_trend_compute": harness.spread(seconds),
        "heatmap_compute_s": round(heat_s, 2),
        "trend_check": trend_check,
        "heatmap_check": heat_check,
    }


def ratios(ours: dict, base: dict) -> dict:
    """Baseline time over TeamPulse time, with and without the baseline's load."""
    ours_trend = ours["trend"]["team_frame_all_instruments"]["median_ms"] / 1000
    ours_heat = ours["heatmap"]["heatmap_frame"]["median_ms"] / 1000
    base_trend = base["team_trend_compute"]["median_ms"] / 1000
    return {
        "trend_baseline_total_s": round(base["load_s"] + base_trend, 2),
        "trend_ratio_with_load": round((base["load_s"] + base_trend) / ours_trend, 1),
        "trend_ratio_compute_only": round(base_trend / ours_trend, 1),
        "heatmap_baseline_total_s": round(base["load_s"] + base["heatmap_compute_s"], 2),
        "heatmap_ratio_with_load": round((base["load_s"] + base["heatmap_compute_s"]) / ours_heat, 1),
        "heatmap_ratio_compute_only": round(base["heatmap_compute_s"] / ours_heat, 1),
    }


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    r, tc, hc = f["ratios"], f["trend_check"], f["heatmap_check"]
    return [
        (f"pandas: load the raw export ({f['answer_rows']:,} answers, {f['frame_mb']:,} MB frame)",
         f"{f['load_s']} s; peak {f['peak_mb']:,} MB", "", None),
        ("one team's trend in pandas (load + group) vs TeamPulse", f"{r['trend_baseline_total_s']} s:"
         f" {r['trend_ratio_with_load']}x ({r['trend_ratio_compute_only']}x without the load)", ">= 10x",
         r["trend_ratio_with_load"] >= 10),
        ("organisation heatmap in pandas vs TeamPulse", f"{r['heatmap_baseline_total_s']} s:"
         f" {r['heatmap_ratio_with_load']}x ({r['heatmap_ratio_compute_only']}x without the load)", ">= 10x",
         r["heatmap_ratio_with_load"] >= 10),
        ("same figures as the baseline", f"trend {tc['rows']:,} rows identical: {tc['identical']}; heatmap"
         f" {hc['rows']:,} cells identical: {hc['identical']}", "identical", tc["identical"] and hc["identical"]),
    ]  # fmt: skip


def measure(args) -> dict:
    from benchmarks import queries

    ours = queries.measure(args) if args.quick or not (args.work / "raw_answers.parquet").exists() else None
    if ours is None:
        ours = json.loads(harness.newest("queries").read_text())["figures"]
    base = harness.isolated(run_baseline, str(args.work), ours["export"]["k"])
    return {"database": ours["database"], **base, "ratios": ratios(ours, base)}


if __name__ == "__main__":
    harness.main("baseline", measure, __doc__)
