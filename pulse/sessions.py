"""Staff sessions that survive a reload: a signed cookie backed by a row that sign-out deletes.

A page cannot set an HTTP-only cookie, so signing in takes two steps. The page that checked the
password calls ``begin`` and gives the browser a one-time ticket (valid for two minutes); the
browser posts it to the server's session route, which calls ``redeem`` and sets the cookie. The
cookie's value never passes through the page's scripts.

The cookie holds a random id and its signature (HMAC-SHA256 with the ``session_key`` setting); the
database keeps only a hash of the id, with the account, its credential version and the expiry. A
session ends when it expires, when it is signed out (``end``), when its account's password, role
or teams change (the credential version moves on, and the rows go) or when the account is removed.
Only staff have sessions: nothing here refers to a response, a comment or a code.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from pulse import settings
from pulse.accounts import Account, session_is_current

COOKIE = "teampulse_session"
HANDOFF_LIFETIME = timedelta(minutes=2)
DEFAULT_LIFETIME = timedelta(hours=12)
MAX_COOKIE = 200  # a real cookie is 43 + 1 + 64 characters; anything longer is not ours


def _now() -> datetime:
    return datetime.now()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _signature(cur, session_id: str) -> str:
    return hmac.new(bytes.fromhex(settings.get(cur, "session_key")), f"staff-session:{session_id}".encode(),
                    hashlib.sha256).hexdigest()  # fmt: skip


def _session_id(cur, cookie: str | None) -> str | None:
    """The id inside a cookie whose signature is right, else ``None``."""
    if not isinstance(cookie, str) or len(cookie) > MAX_COOKIE or "." not in cookie:
        return None
    session_id, _, signature = cookie.partition(".")
    return session_id if hmac.compare_digest(signature, _signature(cur, session_id)) else None


def begin(db, account: Account, *, now: datetime | None = None) -> str:
    """A one-time ticket that the browser exchanges for its cookie (``redeem``); expired rows are swept."""
    ticket, now = secrets.token_urlsafe(32), now or _now()
    with db.transaction() as cur:
        cur.execute("DELETE FROM staff_sessions WHERE expires <= ?", [now])
        cur.execute(
            "INSERT INTO staff_sessions (id_hash, kind, account_id, credential_version, expires)"
            " VALUES (?, 'handoff', ?, ?, ?)",
            [_hash(ticket), account.id, account.credential_version, now + HANDOFF_LIFETIME],
        )
    return ticket


def redeem(db, ticket: str, lifetime: timedelta = DEFAULT_LIFETIME, *, now: datetime | None = None) -> str | None:
    """The signed cookie value for a valid ticket (used up now), or ``None``: unknown, spent, expired or stale."""
    if not isinstance(ticket, str) or not ticket or len(ticket) > MAX_COOKIE:
        return None
    now = now or _now()

    def work(cur):
        row = cur.execute(
            "DELETE FROM staff_sessions WHERE id_hash = ? AND kind = 'handoff'"
            " RETURNING account_id, credential_version, expires",
            [_hash(ticket)],
        ).fetchone()
        if row is None or row[2] <= now or session_is_current(cur, row[0], row[1]) is None:
            return None
        session_id = secrets.token_urlsafe(32)
        cur.execute(
            "INSERT INTO staff_sessions (id_hash, kind, handoff_hash, account_id, credential_version, expires)"
            " VALUES (?, 'session', ?, ?, ?, ?)",
            [_hash(session_id), _hash(ticket), row[0], row[1], now + lifetime],
        )
        return f"{session_id}.{_signature(cur, session_id)}"

    return db.run_in_transaction(work)


def resume(db, cookie: str | None, *, now: datetime | None = None) -> Account | None:
    """The account a cookie's session belongs to, if the session and the account's credentials are current."""
    cur = db.cursor()
    session_id = _session_id(cur, cookie)
    if session_id is None:
        return None
    row = cur.execute(
        "SELECT account_id, credential_version FROM staff_sessions WHERE id_hash = ? AND kind = 'session'"
        " AND expires > ?",
        [_hash(session_id), now or _now()],
    ).fetchone()
    return session_is_current(cur, row[0], row[1]) if row else None


def end(db, *, cookie: str | None = None, ticket: str | None = None) -> None:
    """Sign out: the session of this cookie, or the one (or the pending ticket) that this ticket began."""
    hashes = []
    if cookie and (session_id := _session_id(db.cursor(), cookie)):
        hashes.append(_hash(session_id))
    ticket_hash = _hash(ticket) if isinstance(ticket, str) and ticket else None
    if not hashes and ticket_hash is None:
        return
    with db.transaction() as cur:
        for id_hash in hashes + ([ticket_hash] if ticket_hash else []):
            cur.execute("DELETE FROM staff_sessions WHERE id_hash = ?", [id_hash])
        if ticket_hash:
            cur.execute("DELETE FROM staff_sessions WHERE handoff_hash = ?", [ticket_hash])


def live_sessions(cur, account_id: int, *, now: datetime | None = None) -> int:
    """How many signed-in browsers an account has now (for tests and the accounts page)."""
    return cur.execute(
        "SELECT count(*) FROM staff_sessions WHERE account_id = ? AND kind = 'session' AND expires > ?",
        [account_id, now or _now()],
    ).fetchone()[0]
