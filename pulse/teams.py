"""Teams and the tribes (parent groups) they roll up into."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pulse.errors import DuplicateName, PulseError, UnknownTeam

MAX_NAME = 100


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    tribe: str | None
    size: int | None


def clean_name(name: str, what: str = "team") -> str:
    if not isinstance(name, str):
        raise PulseError(f"{what} name must be text")
    # NFC so that "Zoë" typed two ways is one team; invisible and direction-changing characters
    # (categories Cc, Cf, Co, Cs) could disguise a name, so they are refused rather than kept.
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise PulseError(f"{what} name is empty")
    if len(cleaned) > MAX_NAME:
        raise PulseError(f"{what} name is longer than {MAX_NAME} characters: {cleaned[:30]!r}...")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in cleaned):
        raise PulseError(f"{what} name {cleaned[:30]!r} contains invisible or control characters")
    return cleaned


def ensure_tribe(cur, name: str) -> int:
    name = clean_name(name, "tribe")
    row = cur.execute("SELECT id FROM tribes WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    return cur.execute("INSERT INTO tribes (name) VALUES (?) RETURNING id", [name]).fetchone()[0]


def create_team(cur, name: str, tribe: str | None = None, size: int | None = None) -> Team:
    name = clean_name(name)
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise PulseError(f"team size must be a positive whole number, got {size!r}")
    if cur.execute("SELECT 1 FROM teams WHERE name = ?", [name]).fetchone():
        raise DuplicateName(f"a team named {name!r} already exists")
    tribe_id = ensure_tribe(cur, tribe) if tribe else None
    team_id = cur.execute(
        "INSERT INTO teams (name, tribe_id, size) VALUES (?, ?, ?) RETURNING id", [name, tribe_id, size]
    ).fetchone()[0]
    return Team(team_id, name, clean_name(tribe, "tribe") if tribe else None, size)


def add_team(db, name: str, tribe: str | None = None, size: int | None = None) -> Team:
    with db.transaction() as cur:
        return create_team(cur, name, tribe, size)


def find_team(cur, name: str) -> Team | None:
    row = cur.execute(
        "SELECT t.id, t.name, g.name, t.size FROM teams t LEFT JOIN tribes g ON g.id = t.tribe_id WHERE t.name = ?",
        [" ".join(unicodedata.normalize("NFC", str(name)).split())],
    ).fetchone()
    return Team(*row) if row else None


def get_team(cur, name: str) -> Team:
    team = find_team(cur, name)
    if team is None:
        raise UnknownTeam(f"unknown team {name!r}")
    return team


def list_teams(cur) -> list[Team]:
    rows = cur.execute(
        "SELECT t.id, t.name, g.name, t.size FROM teams t LEFT JOIN tribes g ON g.id = t.tribe_id"
        " ORDER BY g.name NULLS LAST, t.name"
    ).fetchall()
    return [Team(*r) for r in rows]
