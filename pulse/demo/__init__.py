"""A believable demo organisation, written through the same import path users use.

Three tribes, twelve teams of 3 to 11 people, a year of fortnightly rounds of all three built-in
instruments, comments in ordinary language, and three stories a coach should find:
- Atlas loses psychological safety after a reorganisation half-way through the year;
- Beacon starts low and recovers after a change of working agreements;
- Comet has three people, so its figures only show in pooled blocks.
Deterministic for a seed (relative to the day it is built).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from pulse import settings
from pulse.errors import PulseError
from pulse.importers import import_responses
from pulse.instruments import HEALTH_CHECK, PSYCH_SAFETY
from pulse.rounds import period_of
from pulse.teams import create_team

ROUNDS = 26


@dataclass(frozen=True)
class DemoTeam:
    name: str
    tribe: str
    size: int
    safety: float  # baseline level on the 1-7 scale
    story: str = ""


TEAMS = (
    DemoTeam("Atlas", "Payments", 9, 5.6, "reorg"),
    DemoTeam("Beacon", "Payments", 7, 3.6, "recovery"),
    DemoTeam("Comet", "Payments", 3, 5.2),
    DemoTeam("Delta", "Payments", 6, 5.0),
    DemoTeam("Ember", "Growth", 8, 5.4),
    DemoTeam("Fjord", "Growth", 11, 4.8),
    DemoTeam("Garnet", "Growth", 5, 5.1),
    DemoTeam("Harbor", "Growth", 10, 5.8),
    DemoTeam("Iris", "Platform", 6, 4.6),
    DemoTeam("Juniper", "Platform", 8, 5.3),
    DemoTeam("Kestrel", "Platform", 4, 4.9),
    DemoTeam("Lumen", "Platform", 9, 5.5),
)

COMMENTS = {
    "meetings": (
        ["Standups drag on forever and half of it is status reporting.",
         "My calendar is wall to wall calls, no time left to actually build.",
         "Too many meetings this sprint, planning alone took a whole afternoon."],
        ["Cutting the weekly sync to 15 minutes was a great call.",
         "Meetings feel shorter and more focused since we started using agendas."],
    ),
    "workload": (
        ["We keep taking on more than we can finish, everyone looks exhausted.",
         "Too much on my plate, I worked two weekends this month.",
         "The on-call load is wearing people down."],
        ["Workload feels sustainable for the first time in a while.",
         "Good pace this sprint, nobody had to stay late."],
    ),
    "speaking_up": (
        ["I don't feel comfortable disagreeing in planning anymore.",
         "People stay quiet in retros, the same two voices decide everything.",
         "Raised a concern about the release and it was brushed off."],
        ["I felt listened to when I pushed back on the estimate.",
         "Retro was honest and nobody got defensive, that felt good."],
    ),
    "direction": (
        ["Since the reorg nobody knows who decides on priorities.",
         "Priorities changed three times this month, hard to see the point.",
         "Not sure what our goal for the quarter even is."],
        ["The new roadmap finally makes clear why our work matters.",
         "Clear goals this quarter, it's easy to say no to side requests."],
    ),
    "tooling": (
        ["The CI pipeline is flaky and takes forty minutes.",
         "Our test environment was down again for two days."],
        ["The new deploy tooling saves me hours every week.",
         "Builds are fast now, really nice improvement."],
    ),
    "recognition": (
        ["Nobody noticed the extra work we put in for the launch.",
         "Feels like only the loud wins get celebrated."],
        ["Loved the shout-out for the migration work in the all-hands.",
         "Our lead thanks people for the boring but important work too."],
    ),
}  # fmt: skip


def _safety_level(team: DemoTeam, r: int) -> float:
    if team.story == "reorg":
        return team.safety if r < 13 else team.safety - min(1.8, 0.45 * (r - 12))
    if team.story == "recovery":
        return team.safety if r < 8 else min(5.6, team.safety + 0.22 * (r - 7))
    return team.safety + 0.15 * np.sin(r / 4)


def _comment(rng: np.random.Generator, team: DemoTeam, r: int, keyed_mean: float) -> str:
    if rng.random() > 0.35:
        return ""
    themes = list(COMMENTS)
    if team.story == "reorg" and r >= 13 and rng.random() < 0.6:
        theme = rng.choice(["direction", "speaking_up"])
    else:
        theme = themes[rng.integers(len(themes))]
    negative = rng.random() < np.clip((5.5 - keyed_mean) / 3 + 0.3, 0.1, 0.9)
    options = COMMENTS[theme][0 if negative else 1]
    return options[rng.integers(len(options))]


def _rows(rng: np.random.Generator, team: DemoTeam, days: list[date], today: date):
    """Yield (instrument, row dict) for every response of one team over the year."""
    people = rng.normal(0, 0.5, team.size)
    # Each team has its own strengths and weak spots on the health check, so the dimensions do not
    # all simply mirror psychological safety (a separate generator keeps the other answers as they were).
    flavour = np.random.default_rng([team.size, len(team.name), ord(team.name[0])]).normal(
        0, 0.3, len(HEALTH_CHECK.questions)
    )
    for r, day in enumerate(days):
        level = _safety_level(team, r)
        present = [p for p in range(team.size) if rng.random() < 0.85]
        for p in present:
            answer_day = min(day + timedelta(days=int(rng.integers(0, 10))), today)
            person = level + people[p]
            row = {"team": team.name, "date": answer_day.isoformat()}
            for q in PSYCH_SAFETY.questions:
                keyed = int(np.clip(np.rint(person + rng.normal(0, 0.7)), 1, 7))
                row[q.key] = 8 - keyed if q.reverse else keyed
            row["comment"] = _comment(rng, team, r, person)
            yield "psych-safety", row
            health = {"team": team.name, "date": answer_day.isoformat()}
            for i, q in enumerate(HEALTH_CHECK.questions):
                if q.in_score:
                    expected = 1 + (person - 2) / 2.2 + flavour[i]
                    health[q.key] = int(np.clip(np.rint(expected + rng.normal(0, 0.5)), 1, 3))
                else:
                    health[q.key] = int(rng.choice([-1, 0, 0, 1])) if rng.random() < 0.7 else ""
            yield "health-check", health
            enps = int(np.clip(np.rint(person * 1.5 + rng.normal(0, 1.2)), 0, 10))
            yield "enps", {"team": team.name, "date": answer_day.isoformat(), "enps": enps}


def build_demo(db, seed: int = 7, today: date | None = None) -> dict:
    """Fill an empty database with the demo organisation; return a short summary."""
    today = today or date.today()
    rng = np.random.default_rng(seed)
    with db.transaction() as cur:
        if cur.execute("SELECT count(*) FROM teams").fetchone()[0]:
            raise PulseError(f"{db.path} already holds teams: the demo needs an empty database")
        for team in TEAMS:
            create_team(cur, team.name, team.tribe, team.size)
        current, _ = period_of(cur, today)
        length = settings.period_days(cur)
    days = [current - timedelta(days=length * (ROUNDS - 1 - r)) for r in range(ROUNDS)]
    buffers = {key: [] for key in ("psych-safety", "health-check", "enps")}
    for team in TEAMS:
        for key, row in _rows(rng, team, days, today):
            buffers[key].append(row)
    total = 0
    for key, rows in buffers.items():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        total += import_responses(db, out.getvalue().encode(), key, today=today).rows
    return {
        "teams": len(TEAMS),
        "tribes": len({t.tribe for t in TEAMS}),
        "responses": total,
        "rounds": ROUNDS,
        "accounts": add_demo_accounts(db),
    }


# --- demo staff accounts (dashboard) -----------------------------------------------------------
# One account of each role. Passwords are random for every build and printed once by
# `teampulse demo` (and `teampulse serve --demo` when it builds the file).
DEMO_ACCOUNTS = (
    ("demo-coach", "coach", ("Atlas", "Beacon", "Comet")),
    ("demo-facilitator", "facilitator", ()),
    ("demo-admin", "admin", ()),
)


def add_demo_accounts(db) -> list[dict]:
    """Create the demo accounts; return name, role, teams and the plain password of each."""
    from pulse.accounts import create_account, generate_password

    created = []
    for name, role, teams in DEMO_ACCOUNTS:
        password = generate_password()
        create_account(db, name, role, password, teams)
        created.append({"name": name, "role": role, "teams": teams, "password": password})
    return created


def describe_accounts(summary: dict) -> str:
    """The lines `teampulse demo` prints about the demo accounts."""
    lines = ["demo accounts (sign in on the dashboard; the passwords are shown only now):"]
    for a in summary.get("accounts", []):
        teams = f" (teams: {', '.join(a['teams'])})" if a["teams"] else ""
        lines.append(f"  {a['role']:<12} {a['name']:<17} password: {a['password']}{teams}")
    return "\n".join(lines)
