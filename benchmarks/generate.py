"""A synthetic organisation for the scale benchmark (issue 6), written through the bulk import path.

    .venv/bin/python benchmarks/generate.py [--teams 2000] [--periods 52] [--out benchmarks/out/org-2000.duckdb]

Default: 2,000 teams of 4 to 12 people in tribes of ten, two years of fortnightly rounds (52
periods, the last one the current, still open, period) of all three built-in instruments. Each
person answers a pulse with probability 0.85; a pulse is one psych-safety, one health-check and
one eNPS response. About 10% of psych-safety responses carry a comment. That is about 2.1 million
responses and 18 million answer rows.

Rows go through ``pulse.importers.import_responses``, the path `teampulse import` uses: CSV text
of a few periods of every team at a time, oldest first (the importer refuses a round earlier than a
closed one). Data stays out of git: ``benchmarks/out/`` is ignored. Next to the database goes a
manifest (same name, ``.json``) with the sizes and the import rate measured while building.
Deterministic for a seed and the day it is built.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

# Run as a script, this file's folder comes first on sys.path and benchmarks/analysis.py would
# shadow the `analysis` package: put the repository root in front.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.analysis import comment_stream  # noqa: E402
from pulse import settings  # noqa: E402
from pulse.importers import import_responses  # noqa: E402
from pulse.instruments import ENPS, HEALTH_CHECK, PSYCH_SAFETY  # noqa: E402
from pulse.rounds import period_of  # noqa: E402
from pulse.store import Database  # noqa: E402
from pulse.teams import create_team  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
INSTRUMENTS = (PSYCH_SAFETY, HEALTH_CHECK, ENPS)
PRESENT = 0.85  # chance that a person answers a given round
PRESENT_NOW = 0.45  # the current period is still open: about half have answered so far
DROP_SHARE = 0.05  # teams whose psychological safety falls by a point half-way through


class Progress:
    """A one-line progress bar on a terminal; a line every 5% when the output goes to a file."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.done = max(total, 1), label, 0
        self.started = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.next_line = 0.0

    def update(self, done: int, note: str = "") -> None:
        self.done = done
        share = min(done / self.total, 1.0)
        elapsed = time.perf_counter() - self.started
        eta = elapsed / share - elapsed if share > 0 else float("nan")
        bar = "#" * int(30 * share) + "." * (30 - int(30 * share))
        text = f"{self.label} [{bar}] {share:6.1%} {done:,}/{self.total:,} {note} eta {eta / 60:4.1f} min"
        if self.tty:
            print("\r" + text, end="", file=sys.stderr, flush=True)
        elif share >= self.next_line:
            print(text, file=sys.stderr, flush=True)
            self.next_line = share + 0.05

    def close(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def _org(rng: np.random.Generator, teams: int, periods: int) -> dict:
    """Team sizes, levels, person effects and planted drops."""
    sizes = rng.integers(4, 13, teams)
    level = np.clip(rng.normal(5.0, 0.45, teams), 3.0, 6.3)
    wobble = rng.normal(0, 0.12, (teams, periods))  # period-to-period movement of the whole team
    safety = level[:, None] + wobble
    dropped = rng.random(teams) < DROP_SHARE
    at = rng.integers(periods // 2, periods - 2, teams)
    for t in np.flatnonzero(dropped):
        safety[t, at[t] :] -= 1.0
    return {
        "sizes": sizes,
        "safety": safety,
        "person": [rng.normal(0, 0.5, s) for s in sizes],
        "drops": {int(t): int(at[t]) for t in np.flatnonzero(dropped)},
    }


def _chunk_frames(rng, org: dict, names: np.ndarray, starts: list[date], chunk: range, today: date, comments):
    """CSV frames of every team for the periods in ``chunk``: one per instrument."""
    team_idx, person_idx, period_idx = [], [], []
    for p in chunk:
        chance = PRESENT_NOW if starts[p] + timedelta(days=13) >= today else PRESENT
        for t, size in enumerate(org["sizes"]):
            present = np.flatnonzero(rng.random(size) < chance)
            team_idx.append(np.full(len(present), t))
            person_idx.append(present)
            period_idx.append(np.full(len(present), p))
    team_idx, person_idx, period_idx = (np.concatenate(a) for a in (team_idx, person_idx, period_idx))
    n = len(team_idx)
    person = np.array([org["person"][t][i] for t, i in zip(team_idx, person_idx, strict=True)])
    level = org["safety"][team_idx, period_idx] + person
    start = np.array(starts, dtype="datetime64[D]")[period_idx]
    day = np.minimum(start + rng.integers(0, 10, n).astype("timedelta64[D]"), np.datetime64(today))
    base = {"team": names[team_idx], "date": day.astype(str)}

    safety = pd.DataFrame(base)
    for q in PSYCH_SAFETY.questions:
        keyed = np.clip(np.rint(level + rng.normal(0, 0.7, n)), 1, 7).astype(int)
        safety[q.key] = 8 - keyed if q.reverse else keyed
    with_comment = rng.random(n) < comments["rate"]
    text = np.full(n, "", dtype=object)
    picks = comments["pool"][rng.integers(0, len(comments["pool"]), with_comment.sum())]
    text[with_comment] = picks
    safety["comment"] = text

    health = pd.DataFrame(base)
    for q in HEALTH_CHECK.questions:
        if q.in_score:
            health[q.key] = np.clip(np.rint(1 + (level - 2) / 2.2 + rng.normal(0, 0.5, n)), 1, 3).astype(int)
        else:
            trend = pd.array(rng.choice([-1, 0, 0, 1], n), dtype="Int8")
            trend[rng.random(n) >= 0.7] = pd.NA  # an optional question: left blank by about 30%
            health[q.key] = trend

    enps = pd.DataFrame(base)
    enps["enps"] = np.clip(np.rint(level * 1.5 + rng.normal(0, 1.2, n)), 0, 10).astype(int)
    return {"psych-safety": safety, "health-check": health, "enps": enps}


def build(
    path: Path,
    teams: int = 2000,
    periods: int = 52,
    *,
    seed: int = 6,
    comment_rate: float = 0.10,
    chunk_periods: int = 4,
    today: date | None = None,
    quiet: bool = False,
) -> dict:
    """Create ``path`` and fill it; return the manifest (also written next to it as JSON)."""
    today = today or date.today()
    path = Path(path)
    if path.exists():
        raise SystemExit(f"{path} exists: remove it (and its .wal) first, or choose another --out")
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    org = _org(rng, teams, periods)
    names = np.array([f"Team {i:04d}" for i in range(1, teams + 1)], dtype=object)
    comments = {"rate": comment_rate, "pool": np.array(comment_stream(20_000, seed=seed), dtype=object)}

    started = time.perf_counter()
    db = Database(path)
    with db.transaction() as cur:
        for i, name in enumerate(names):
            create_team(cur, name, f"Tribe {i // 10 + 1:03d}", int(org["sizes"][i]))
        current, _ = period_of(cur, today)
        length = settings.period_days(cur)
    starts = [current - timedelta(days=length * (periods - 1 - p)) for p in range(periods)]

    expected = int(org["sizes"].sum() * (PRESENT * (periods - 1) + PRESENT_NOW)) * len(INSTRUMENTS)
    bar = Progress(expected, "importing responses") if not quiet else None
    counts = {i.key: 0 for i in INSTRUMENTS}
    comment_rows = answer_rows = 0
    import_s = make_s = 0.0
    rounds = 0
    for first in range(0, periods, chunk_periods):
        made = time.perf_counter()
        frames = _chunk_frames(
            rng, org, names, starts, range(first, min(first + chunk_periods, periods)), today, comments
        )
        make_s += time.perf_counter() - made
        for key, frame in frames.items():
            made = time.perf_counter()
            source = frame.to_csv(index=False).encode()
            make_s += time.perf_counter() - made
            began = time.perf_counter()
            report = import_responses(db, source, key, today=today)
            import_s += time.perf_counter() - began
            counts[key] += report.rows
            rounds += report.rounds_created
            answer_rows += int(frame.drop(columns=["team", "date", "comment"], errors="ignore").notna().sum().sum())
            if key == "psych-safety":
                comment_rows += int((frame["comment"] != "").sum())
            if bar:
                bar.update(sum(counts.values()), f"{sum(counts.values()) / import_s:,.0f} rows/s")
    if bar:
        bar.close()
    cur = db.cursor()
    stored = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("responses", "answers", "comments")}
    open_rounds = cur.execute("SELECT count(*) FROM rounds WHERE status = 'open'").fetchone()[0]
    db.close()
    responses = sum(counts.values())
    manifest = {
        "database": str(path),
        "built": datetime.now().astimezone().isoformat(timespec="seconds"),
        "today": today.isoformat(),
        "seed": seed,
        "teams": teams,
        "tribes": (teams + 9) // 10,
        "periods": periods,
        "first_period": starts[0].isoformat(),
        "current_period": starts[-1].isoformat(),
        "rounds": rounds,
        "open_rounds": open_rounds,
        "responses": counts,
        "responses_total": responses,
        "answers": answer_rows,
        "comments": comment_rows,
        "stored_correctly": stored == {"responses": responses, "answers": answer_rows, "comments": comment_rows},
        "planted_drops": len(org["drops"]),
        "import_s": round(import_s, 1),
        "import_rows_per_s": round(responses / import_s),
        "import_answers_per_s": round(answer_rows / import_s),
        "csv_generation_s": round(make_s, 1),
        "total_s": round(time.perf_counter() - started, 1),
        "imports": len(range(0, periods, chunk_periods)) * len(INSTRUMENTS),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "database_mb": round(path.stat().st_size / 1024 / 1024),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "nproc": os.cpu_count(),
    }
    path.with_suffix(".json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=2000)
    parser.add_argument("--periods", type=int, default=52, help="fortnights, the last one the current period")
    parser.add_argument(
        "--out", type=Path, default=None, help="database file (default benchmarks/out/org-TEAMS.duckdb)"
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--comment-rate", type=float, default=0.10, help="share of psych-safety responses with a comment"
    )
    parser.add_argument("--chunk-periods", type=int, default=4, help="periods of every team per imported file")
    args = parser.parse_args(argv)
    out = args.out or OUT / f"org-{args.teams}.duckdb"
    manifest = build(
        out, args.teams, args.periods, seed=args.seed, comment_rate=args.comment_rate, chunk_periods=args.chunk_periods
    )
    print(json.dumps(manifest, indent=2))
    return manifest


if __name__ == "__main__":
    main()
