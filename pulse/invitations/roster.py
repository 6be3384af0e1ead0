"""Rosters: who receives invitations, per team and channel, used only to send.

A roster is typed (one address a line, ``slack:`` or ``teams:`` in front for those channels) or
uploaded as CSV (an ``email`` column, or ``channel`` and ``address``; other columns, such as
names, are dropped and never stored). It is checked whole, then replaces the team's roster in one
transaction. Nothing joins an address to a code: codes are drawn when a message is sent and
forgotten once it has gone (:mod:`pulse.invitations.sending`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from pulse.errors import RosterInvalid
from pulse.teams import get_team

CHANNELS = ("email", "slack", "teams")
MAX_MEMBERS = 5_000
_EMAIL = re.compile(r"^[^@\s<>,;:\"'()\[\]\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,253}[A-Za-z0-9])?\.[A-Za-z]{2,63}$")
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_HEADER_WORDS = {"email", "e-mail", "mail", "address", "channel"}


@dataclass(frozen=True, order=True)
class Member:
    channel: str
    address: str


def check_address(channel: str, address: str, where: str) -> Member:
    """One valid member, or ``RosterInvalid`` naming ``where`` (a line or row)."""
    address = address.strip()
    if channel not in CHANNELS:
        raise RosterInvalid(f"{where}: unknown channel {channel[:20]!r} (use email, slack or teams)")
    if channel == "slack" and _SLACK_ID.match(address):
        return Member(channel, address)
    if not _EMAIL.match(address):
        what = "a Slack user id (U...) or an email address" if channel == "slack" else "an email address"
        raise RosterInvalid(f"{where}: {address[:60]!r} is not {what}")
    local, domain = address.rsplit("@", 1)
    return Member(channel, f"{local}@{domain.lower()}")


def parse_roster(text: str) -> list[Member]:
    """Members from typed lines or a CSV file's text; the whole roster is checked before any use."""
    lines = [line for line in str(text).replace("\r\n", "\n").split("\n")]
    first = next((line for line in lines if line.strip() and not _comment(line)), "")
    cells = {c.strip().lower() for c in re.split(r"[,;\t]", first)}
    is_csv = "@" not in first and (cells & _HEADER_WORDS or len(cells) > 1)
    members = _from_csv(text) if is_csv else _from_lines(lines)
    if not members:
        raise RosterInvalid("the roster is empty: give one address a line")
    if len(members) > MAX_MEMBERS:
        raise RosterInvalid(f"the roster has {len(members)} members; the limit is {MAX_MEMBERS}")
    return sorted(set(members))


def _comment(line: str) -> bool:
    """A line starting with # that is not itself an address (``#ops@example.org`` is one)."""
    return line.lstrip().startswith("#") and "@" not in line


def _from_lines(lines: list[str]) -> list[Member]:
    out = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or _comment(line):
            continue
        channel, _, rest = line.partition(":")
        if rest and channel.strip().lower() in CHANNELS:
            out.append(check_address(channel.strip().lower(), rest, f"line {number}"))
        else:
            out.append(check_address("email", line, f"line {number}"))
    return out


def _from_csv(text: str) -> list[Member]:
    sample = text[:4096]
    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    address_col = next((columns[c] for c in ("address", "email", "e-mail", "mail") if c in columns), None)
    if address_col is None:
        raise RosterInvalid("row 1: the roster needs an 'email' column (or 'channel' and 'address')")
    channel_col = columns.get("channel")
    out = []
    for number, row in enumerate(reader, start=2):
        address = (row.get(address_col) or "").strip()
        if not address:
            continue
        channel = (row.get(channel_col) or "email").strip().lower() if channel_col else "email"
        out.append(check_address(channel or "email", address, f"row {number}, column {address_col!r}"))
    return out


def set_roster(db, team: str, members: list[Member]) -> int:
    """Replace ``team``'s roster with ``members`` in one transaction; return how many were kept."""
    with db.transaction() as cur:
        team_id = get_team(cur, team).id
        cur.execute("DELETE FROM roster_members WHERE team_id = ?", [team_id])
        if members:
            cur.executemany(
                "INSERT INTO roster_members (team_id, channel, address) VALUES (?, ?, ?)",
                [[team_id, m.channel, m.address] for m in sorted(set(members))],
            )
    return len(set(members))


def roster_of(cur, team_id: int) -> list[Member]:
    rows = cur.execute(
        "SELECT channel, address FROM roster_members WHERE team_id = ? ORDER BY channel, address", [team_id]
    ).fetchall()
    return [Member(*r) for r in rows]


def roster_sizes(cur) -> dict[str, dict[str, int]]:
    """Per team, how many members each channel reaches (counts, for the pages)."""
    out: dict[str, dict[str, int]] = {}
    for team, channel, n in cur.execute(
        "SELECT t.name, r.channel, count(*) FROM roster_members r JOIN teams t ON t.id = r.team_id"
        " GROUP BY t.name, r.channel ORDER BY t.name, r.channel"
    ).fetchall():
        out.setdefault(team, {})[channel] = n
    return out
