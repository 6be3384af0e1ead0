"""Teams and the tribes (parent groups) they roll up into.

Results, rounds, accounts and reviews refer to a team by its id, so renaming a team is a change of
display: every result, link and code keeps working under the new name. A retired team keeps its
history and shows in results as before, but takes no new rounds (``pulse.rounds``); it can be
brought back.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pulse.errors import DuplicateName, PulseError, UnknownTeam

MAX_NAME = 100


class TeamRetired(PulseError):
    """A retired team takes no new rounds."""


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    tribe: str | None
    size: int | None
    retired: bool = False


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
        "SELECT t.id, t.name, g.name, t.size, coalesce(t.retired, false) FROM teams t"
        " LEFT JOIN tribes g ON g.id = t.tribe_id WHERE t.name = ?",
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
        "SELECT t.id, t.name, g.name, t.size, coalesce(t.retired, false) FROM teams t"
        " LEFT JOIN tribes g ON g.id = t.tribe_id ORDER BY g.name NULLS LAST, t.name"
    ).fetchall()
    return [Team(*r) for r in rows]


def rename_team(db, name: str, new_name: str) -> Team:
    """Give a team a new name (unique, cleaned like a new one); its results, rounds and links stay its own."""
    new_name = clean_name(new_name)
    with db.transaction() as cur:
        team = get_team(cur, name)
        if new_name == team.name:
            return team
        if cur.execute("SELECT 1 FROM teams WHERE name = ? AND id <> ?", [new_name, team.id]).fetchone():
            raise DuplicateName(f"a team named {new_name!r} already exists")
        cur.execute("UPDATE teams SET name = ? WHERE id = ?", [new_name, team.id])
        return get_team(cur, new_name)


def retire_team(db, name: str, retired: bool = True) -> Team:
    """Retire a team (no new rounds; its history stays) or, with ``retired=False``, bring it back."""
    with db.transaction() as cur:
        team = get_team(cur, name)
        cur.execute("UPDATE teams SET retired = ? WHERE id = ?", [bool(retired), team.id])
        return get_team(cur, team.name)


def refuse_if_retired(cur, team_id: int) -> None:
    """``TeamRetired`` for a retired team (called before a new round is opened)."""
    row = cur.execute("SELECT name FROM teams WHERE id = ? AND coalesce(retired, false)", [team_id]).fetchone()
    if row:
        raise TeamRetired(f"team {row[0]!r} is retired: it takes no new rounds (an admin can bring it back)")
