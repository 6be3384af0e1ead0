"""The team's results link: one unguessable token per team that opens the team's own page.

A personal link carries it beside the member's code (``?code=...&results=...``): the code answers the
open round once, and after the round closes (when its codes are deleted) the same link still opens
the team's page. The token only reads what a coach of the team may read, through the one door, so
holding it (or forwarding it, or opening it in many browsers) adds nothing to any count.

The token is derived from the organisation's code key, the team and a generation (HMAC-SHA256,
128 bits), so invitations can print it again every round without storing it; the file holds only
a keyed hash of it, to find the team. A new generation retires the old link.
"""

from __future__ import annotations

import base64
import hmac
from hashlib import sha256
from urllib.parse import urlencode

from pulse import settings
from pulse.errors import LinkInvalid
from pulse.teams import get_team
from pulse.tokens.codes import keyed_hash

TOKEN_LENGTH = 26  # base32 of 16 bytes, without padding
_PURPOSE = b"team-link:"
_ALPHABET = set("abcdefghijklmnopqrstuvwxyz234567")
REFUSED = "that team link is not valid (it may have been replaced): ask your coach for the current one"


def _token(key: bytes, team_id: int, generation: int) -> str:
    digest = hmac.new(key, b"team-results:%d:%d" % (team_id, generation), sha256).digest()[:16]
    return base64.b32encode(digest).decode().rstrip("=").lower()


def _store(cur, team_id: int, generation: int) -> str:
    key = settings.code_key(cur)
    token = _token(key, team_id, generation)
    cur.execute(
        "INSERT INTO team_results_links (team_id, generation, hash) VALUES (?, ?, ?)"
        " ON CONFLICT (team_id) DO UPDATE SET generation = excluded.generation, hash = excluded.hash",
        [team_id, generation, keyed_hash(key, _PURPOSE, token)],
    )
    return token


def team_token(db, team: str) -> str:
    """The team's current results token (made on first use)."""

    def work(cur):
        team_id = get_team(cur, team).id
        row = cur.execute("SELECT generation FROM team_results_links WHERE team_id = ?", [team_id]).fetchone()
        if row is not None:
            return _token(settings.code_key(cur), team_id, row[0])
        return _store(cur, team_id, 1)

    return db.run_in_transaction(work)


def retire_team_link(db, team: str) -> str:
    """Replace the team's token (a link that went too far); return the new one."""

    def work(cur):
        team_id = get_team(cur, team).id
        row = cur.execute("SELECT generation FROM team_results_links WHERE team_id = ?", [team_id]).fetchone()
        return _store(cur, team_id, (row[0] if row else 0) + 1)

    return db.run_in_transaction(work)


def team_for_token(db, token: object) -> str:
    """The name of the team a results token opens; ``LinkInvalid`` for anything else."""
    text = str(token or "").strip().lower()
    if len(text) != TOKEN_LENGTH or not set(text) <= _ALPHABET:
        raise LinkInvalid(REFUSED)
    cur = db.cursor()
    row = cur.execute(
        "SELECT t.name FROM team_results_links l JOIN teams t ON t.id = l.team_id WHERE l.hash = ?",
        [keyed_hash(settings.code_key(cur), _PURPOSE, text)],
    ).fetchone()
    if row is None:
        raise LinkInvalid(REFUSED)
    return row[0]


def team_results_link(base_url: str, token: str) -> str:
    """The address of the team's page at ``base_url``."""
    return f"{base_url.rstrip('/')}/team?{urlencode({'results': token})}"


def member_link(base_url: str, code: str, token: str) -> str:
    """A member's personal link: answers the open round with ``code``, then opens the team's page."""
    return f"{base_url.rstrip('/')}/?{urlencode({'code': code, 'results': token})}"
