"""The two doors a team member comes through: a team link or a single-use code.

A team link answers the open round of one team and instrument, whichever period is open. Its token
(128 bits) is shown once and stored only as a keyed hash, like codes. Anyone holding the link may
answer; the dashboard lets one browser session answer a round once, and ``LinkRateLimit`` caps how
fast one link can be used, so a leaked link cannot flood a round.

``round_for_code`` tells which round a code opens without spending it, so the form can show the right
questions; the code is spent only by ``submit_response``, in the same transaction as the answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

from pulse import settings
from pulse.errors import CodeInvalid, CodeSpent, PulseError, RoundClosed
from pulse.instruments import get_instrument
from pulse.rounds import Round, get_round, list_rounds
from pulse.teams import get_team
from pulse.tokens import codes


class LinkInvalid(CodeInvalid):
    """A link token that is unknown or revoked."""


class LinkBusy(PulseError):
    """A link used faster than its rate limit allows."""


def _token_hash(key: bytes, token: str) -> str:
    return hmac.new(key, b"link:" + token.strip().encode(), hashlib.sha256).hexdigest()


def create_link(db, team: str, instrument: str) -> str:
    """A new link token for ``team`` and ``instrument``; returned in plain text this once only."""
    token = secrets.token_urlsafe(16)
    with db.transaction() as cur:
        team_row = get_team(cur, team)
        get_instrument(cur, instrument)
        cur.execute(
            "INSERT INTO team_links (hash, team_id, instrument_key) VALUES (?, ?, ?)",
            [_token_hash(settings.code_key(cur), token), team_row.id, instrument],
        )
    return token


def revoke_links(db, team: str, instrument: str) -> int:
    """Revoke every link of ``team`` and ``instrument``; return how many were live."""
    with db.transaction() as cur:
        team_row = get_team(cur, team)
        revoked = cur.execute(
            "UPDATE team_links SET revoked = true WHERE team_id = ? AND instrument_key = ? AND NOT revoked RETURNING 1",
            [team_row.id, instrument],
        ).fetchall()
        return len(revoked)


def live_links(cur) -> list[tuple[str, str, int]]:
    """(team, instrument, number of live links), for the admin page."""
    return cur.execute(
        "SELECT t.name, l.instrument_key, count(*) FROM team_links l JOIN teams t ON t.id = l.team_id"
        " WHERE NOT l.revoked GROUP BY t.name, l.instrument_key ORDER BY t.name, l.instrument_key"
    ).fetchall()


def link_key(db, token: str) -> str:
    """A stable, non-reversible key for a token, for rate limiting and once-per-session checks."""
    return _token_hash(settings.code_key(db.cursor()), str(token))


def round_for_link(db, token: str) -> Round:
    """The round a link answers now; ``LinkInvalid`` or ``RoundClosed`` when there is none."""
    cur = db.cursor()
    if not isinstance(token, str) or not 8 <= len(token.strip()) <= 64:
        raise LinkInvalid("that link is not valid: ask your coach for the current one")
    row = cur.execute(
        "SELECT t.name, l.instrument_key FROM team_links l JOIN teams t ON t.id = l.team_id"
        " WHERE l.hash = ? AND NOT l.revoked",
        [_token_hash(settings.code_key(cur), token)],
    ).fetchone()
    if row is None:
        raise LinkInvalid("that link is not valid: ask your coach for the current one")
    open_now = [r for r in list_rounds(cur, row[0], row[1]) if r.accepts_answers()]
    if not open_now:
        raise RoundClosed("no pulse is open for this team right now: the link works again when the next round opens")
    return open_now[-1]


def round_for_code(db, code: str) -> Round:
    """The round a code belongs to, without spending it; ``CodeInvalid``, ``CodeSpent`` or ``RoundClosed``."""
    cur = db.cursor()
    row = cur.execute(
        "SELECT round_id, spent FROM codes WHERE hash = ?", [codes.code_hash(settings.code_key(cur), code)]
    ).fetchone()
    if row is None:
        raise CodeInvalid("that code is not valid: check it for typos")
    if row[1]:
        raise CodeSpent("that code has already been used")
    rnd = get_round(cur, row[0])
    if not rnd.accepts_answers():
        raise RoundClosed("the pulse this code belongs to is closed")
    return rnd


class LinkRateLimit:
    """At most ``limit`` uses of one link per fixed window of ``window`` seconds, in this process.

    Only a count per link and window is kept, never when a use happened: a fixed window rather than
    a sliding one, so nothing resembling a submission time exists even in memory.
    """

    def __init__(self, limit: int = 30, window: float = 600.0, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}

    def take(self, key: str) -> None:
        """Count one use of the link ``key``; ``LinkBusy`` when the link is over its limit."""
        bucket = int(self._clock() // self.window)
        with self._lock:
            seen_bucket, count = self._counts.get(key, (bucket, 0))
            if seen_bucket != bucket:
                count = 0
            if count >= self.limit:
                raise LinkBusy("this link is being used very often: please try again in a few minutes")
            self._counts[key] = (bucket, count + 1)
