"""The one synthetic organisation generator: the demo and the benchmarks' scale organisations.

An organisation is a :class:`Preset`: teams (name, tribe, size, a psychological-safety level per
round and a story), a number of fortnightly rounds ending with the current, still open, one, and
how often people answer and comment. :func:`build` draws every person's answers to all three
built-in instruments from one random generator, team after team, and writes them as users do:
periods that are over through ``pulse.importers.import_responses`` (the path `teampulse import`
uses), a group of teams at a time; the open period's answers one by one with a code each, through
``pulse.responses.submit_response``. Deterministic for a preset (its seed) and the day it is built.

The demo (:func:`pulse.demo.demo_preset`) is one preset; :meth:`Preset.scale` is the benchmarks'
organisation of thousands of teams.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

from pulse import settings
from pulse.demo.comments import pick_comment
from pulse.errors import PulseError
from pulse.importers import import_responses
from pulse.instruments import HEALTH_CHECK, PSYCH_SAFETY
from pulse.rounds import period_of
from pulse.teams import create_team

INSTRUMENTS = ("psych-safety", "health-check", "enps")


@dataclass(frozen=True)
class TeamSpec:
    """One synthetic team. ``levels`` is the team's psychological safety (1-7) in each round."""

    name: str
    tribe: str
    size: int
    levels: tuple[float, ...]
    story: str = ""  # "reorg": comments turn to direction and speaking up from ``story_round`` on
    story_round: int = 0
    members: int | None = None  # the size recorded for the team, when more belong than ``size`` answer


@dataclass(frozen=True)
class Preset:
    """A whole organisation: its teams, its rounds and how people answer."""

    teams: tuple[TeamSpec, ...]
    rounds: int
    seed: int
    present: float = 0.85  # chance that a person answers a closed round
    present_now: float = 0.85  # the same for the current, open, round
    comment_rate: float = 0.35  # share of psych-safety responses with a comment
    teams_per_import: int = 200  # teams written per imported file (bounds the memory of a build)
    notes: dict = field(default_factory=dict)  # what the preset planted, for the manifest

    @classmethod
    def scale(cls, teams: int = 2000, periods: int = 52, seed: int = 6) -> Preset:
        """The scale benchmark's organisation: teams of 4 to 12 in tribes of ten, every period's
        level moving a little, 5% of teams losing a point of safety in the second half; about half
        of the people have answered the open round so far; 10% of pulses carry a comment."""
        rng = np.random.default_rng([seed, teams, periods])
        sizes = rng.integers(4, 13, teams)
        level = np.clip(rng.normal(5.0, 0.45, teams), 3.0, 6.3)
        safety = level[:, None] + rng.normal(0, 0.12, (teams, periods))
        dropped = rng.random(teams) < 0.05
        at = rng.integers(periods // 2, max(periods - 2, periods // 2 + 1), teams)
        for t in np.flatnonzero(dropped):
            safety[t, at[t] :] -= 1.0
        specs = tuple(
            TeamSpec(f"Team {t + 1:04d}", f"Tribe {t // 10 + 1:03d}", int(sizes[t]), tuple(safety[t].tolist()))
            for t in range(teams)
        )
        drops = {specs[t].name: int(at[t]) for t in np.flatnonzero(dropped)}
        return cls(specs, periods, seed, present_now=0.45, comment_rate=0.10, notes={"planted_drops": drops})


def _health_flavour(team: TeamSpec) -> np.ndarray:
    # Each team has its own health-check strengths and weak spots, so the dimensions do not all mirror
    # psychological safety; drawn apart from the answers, so the answers' stream stays as it was.
    rng = np.random.default_rng([team.size, len(team.name), ord(team.name[0])])
    return rng.normal(0, 0.3, len(HEALTH_CHECK.questions))


def _clip(value: float, low: int, high: int) -> int:
    """``int(np.clip(np.rint(value), low, high))`` for one number, without numpy's per-call cost."""
    return min(high, max(low, round(value)))


def team_rows(rng: np.random.Generator, preset: Preset, team: TeamSpec, days: list[date], today: date) -> Iterator:
    """Yield (instrument, row) for every response of one team, round after round."""
    people = rng.normal(0, 0.5, team.size)
    flavour = _health_flavour(team)
    last = len(days) - 1
    for r, day in enumerate(days):
        chance = preset.present_now if r == last else preset.present
        present = [p for p in range(team.size) if rng.random() < chance]
        reorganised = team.story == "reorg" and r >= team.story_round
        for p in present:
            answered = min(day + timedelta(days=int(rng.integers(0, 10))), today).isoformat()
            person = team.levels[r] + people[p]
            row = {"team": team.name, "date": answered}
            for q in PSYCH_SAFETY.questions:
                keyed = _clip(person + rng.normal(0, 0.7), 1, 7)
                row[q.key] = 8 - keyed if q.reverse else keyed
            row["comment"] = pick_comment(rng, preset.comment_rate, person, reorganised)
            yield "psych-safety", row
            health = {"team": team.name, "date": answered}
            for i, q in enumerate(HEALTH_CHECK.questions):
                if q.in_score:
                    health[q.key] = _clip(1 + (person - 2) / 2.2 + flavour[i] + rng.normal(0, 0.5), 1, 3)
                else:
                    health[q.key] = int(rng.choice([-1, 0, 0, 1])) if rng.random() < 0.7 else ""
            yield "health-check", health
            yield "enps", {"team": team.name, "date": answered, "enps": _clip(person * 1.5 + rng.normal(0, 1.2), 0, 10)}


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _submit_open(db, instrument: str, rows: list[dict]) -> int:
    """Answers to rounds still open go in as respondents send them: a code each, then the pulse
    (the importer takes only periods that are over)."""
    from pulse.responses import submit_response
    from pulse.rounds import open_round
    from pulse.tokens.codes import issue_codes

    by_team: dict[str, list[dict]] = {}
    for row in rows:
        by_team.setdefault(row["team"], []).append(row)
    for team, answers in by_team.items():
        codes = issue_codes(db, open_round(db, team, instrument).id, len(answers))
        for code, row in zip(codes, answers, strict=True):
            values = {k: v for k, v in row.items() if k not in ("team", "date", "comment") and v != ""}
            submit_response(db, values, code=code, comment=row.get("comment") or None)
    return len(rows)


def _write(db, instrument: str, rows: list[dict], open_from: str, today: date) -> tuple[int, int]:
    """Import the rows of periods that are over, submit the others; (rows written, rounds created)."""
    over = [row for row in rows if row["date"] < open_from]
    rounds = 0
    if over:
        rounds = import_responses(db, _csv(over), instrument, today=today).rounds_created
    return len(over) + _submit_open(db, instrument, [row for row in rows if row["date"] >= open_from]), rounds


def build(db, preset: Preset, today: date | None = None) -> dict:
    """Fill an empty database with the preset's organisation; return what was written.

    The teams are written a group at a time, each group's rounds oldest first, so the importer's
    rule (no round before a closed one of the same team) holds and memory stays bounded. ``today``
    may be in the past (tests build the demo for a fixed day); what is still open on the real
    calendar is submitted, not imported.
    """
    today = today or date.today()
    now = max(today, date.today())
    rng = np.random.default_rng(preset.seed)
    with db.transaction() as cur:
        if cur.execute("SELECT count(*) FROM teams").fetchone()[0]:
            raise PulseError(f"{db.path} already holds teams: a generated organisation needs an empty database")
        for team in preset.teams:
            create_team(cur, team.name, team.tribe, team.members or team.size)
        current, _ = period_of(cur, today)
        open_from = period_of(cur, now)[0].isoformat()
        length = settings.period_days(cur)
    days = [current - timedelta(days=length * (preset.rounds - 1 - r)) for r in range(preset.rounds)]
    counts = dict.fromkeys(INSTRUMENTS, 0)
    comments = rounds = 0
    import_s = 0.0  # importing and submitting, not drawing
    for first in range(0, len(preset.teams), preset.teams_per_import):
        rows: dict[str, list[dict]] = {key: [] for key in INSTRUMENTS}
        for team in preset.teams[first : first + preset.teams_per_import]:
            for key, row in team_rows(rng, preset, team, days, today):
                rows[key].append(row)
        comments += sum(1 for row in rows["psych-safety"] if row["comment"])
        for key, group in rows.items():
            began = time.perf_counter()
            written, created = _write(db, key, group, open_from, now)
            import_s += time.perf_counter() - began
            counts[key] += written
            rounds += created
    return {
        "teams": len(preset.teams),
        "tribes": len({t.tribe for t in preset.teams}),
        "responses": sum(counts.values()),
        "responses_by_instrument": counts,
        "comments": comments,
        "rounds": preset.rounds,
        "rounds_created": rounds,
        "first_period": days[0].isoformat(),
        "current_period": days[-1].isoformat(),
        "write_s": round(import_s, 1),
    }


def build_file(path: Path, preset: Preset, today: date | None = None) -> dict:
    """Build the organisation into a new database file and write its manifest next to it (.json)."""
    from pulse.store import Database

    path = Path(path)
    if path.exists():
        raise PulseError(f"{path} exists: remove it (and its .wal) first, or choose another file")
    started = time.perf_counter()
    db = Database(path)
    try:
        summary = build(db, preset, today)
    finally:
        db.close()
    total_s = time.perf_counter() - started
    manifest = {
        "database": str(path),
        "built": datetime.now().astimezone().isoformat(timespec="seconds"),
        "today": (today or date.today()).isoformat(),
        "seed": preset.seed,
        **summary,
        "planted": preset.notes,
        "write_rows_per_s": round(summary["responses"] / max(summary["write_s"], 1e-9)),
        "total_s": round(total_s, 1),
        "database_mb": round(path.stat().st_size / 1024 / 1024),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    path.with_suffix(".json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest
