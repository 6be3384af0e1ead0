"""A believable demo organisation, written through the same import path users use.

Three tribes, twelve teams of 3 to 11 people, a year of fortnightly rounds of all three built-in
instruments, comments in ordinary language, and three stories a coach should find:
- Atlas loses psychological safety after a reorganisation half-way through the year;
- Beacon starts low and recovers after a change of working agreements;
- Comet has five members of whom three answer, so its figures only show in pooled blocks;
- Kestrel has four members, fewer than k: it is never shown on its own (k counts people).
Deterministic for a seed (relative to the day it is built). The demo is one preset of the
organisation generator (:mod:`pulse.demo.organisation`), which also builds the benchmarks' data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from pulse.demo.comments import COMMENTS
from pulse.demo.organisation import Preset, TeamSpec, build

__all__ = ["COMMENTS", "DEMO_ACCOUNTS", "TEAMS", "add_demo_accounts", "build_demo", "demo_preset", "describe_accounts"]

ROUNDS = 26
REORG_ROUND = 13  # Atlas's reorganisation: half-way through the year


@dataclass(frozen=True)
class DemoTeam:
    name: str
    tribe: str
    size: int
    safety: float  # baseline level on the 1-7 scale
    story: str = ""
    members: int | None = None  # the team's recorded size, when not everyone answers


TEAMS = (
    DemoTeam("Atlas", "Payments", 9, 5.6, "reorg"),
    DemoTeam("Beacon", "Payments", 7, 3.6, "recovery"),
    DemoTeam("Comet", "Payments", 3, 5.2, members=5),
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


def _safety_level(team: DemoTeam, r: int) -> float:
    if team.story == "reorg":
        return team.safety if r < REORG_ROUND else team.safety - min(1.8, 0.45 * (r - 12))
    if team.story == "recovery":
        return team.safety if r < 8 else min(5.6, team.safety + 0.22 * (r - 7))
    return team.safety + 0.15 * np.sin(r / 4)


def demo_preset(seed: int = 7, copies: int = 1) -> Preset:
    """The demo organisation as a preset of the generator; ``copies`` > 1 repeats it with numbered
    teams and tribes ("Atlas 2" in "Payments 2"), the dashboard benchmark's larger organisation."""
    specs = []
    for copy in range(copies):
        suffix = f" {copy + 1}" if copies > 1 else ""
        for team in TEAMS:
            levels = tuple(_safety_level(team, r) for r in range(ROUNDS))
            specs.append(
                TeamSpec(
                    team.name + suffix, team.tribe + suffix, team.size, levels, team.story, REORG_ROUND, team.members
                )
            )
    return Preset(tuple(specs), ROUNDS, seed)


def build_demo(db, seed: int = 7, today: date | None = None) -> dict:
    """Fill an empty database with the demo organisation; return a short summary."""
    summary = build(db, demo_preset(seed), today)
    return {
        "teams": summary["teams"],
        "tribes": summary["tribes"],
        "responses": summary["responses"],
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
