"""Invite keys: one personal code per roster member and round, derived, never stored with its address.

A member's code is ``encode(HMAC(round's invite key, normalised address))``: the invitation and
every reminder carry the same link, so one person holds one code per round and can answer once
(DESIGN.md rule 4), and nothing records which code went to whom. The key is 32 random bytes drawn
when the round's first message goes out, and deleted with the round's codes when it closes
(:mod:`pulse.closing`). While the round is open, whoever holds both the database file and the
roster can compute each member's code and see whether it was spent: who has answered so far,
never what (docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from pulse.tokens import codes

KEY_BYTES = 32
_PURPOSE = b"invite-code:"


def normalised(address: str) -> str:
    """The form an address is keyed by: the same person typed twice (case, blanks) gets one code."""
    return address.strip().casefold()


def key_for(cur, round_id: int) -> bytes:
    """The round's invite key, drawn now (inside the caller's transaction) if it has none yet."""
    cur.execute(
        "INSERT INTO invite_keys (round_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [round_id, secrets.token_hex(KEY_BYTES)],
    )
    return bytes.fromhex(cur.execute("SELECT key FROM invite_keys WHERE round_id = ?", [round_id]).fetchone()[0])


def personal_code(key: bytes, address: str) -> str:
    """The one code ``address`` gets for the round whose invite key is ``key`` (80 bits of the HMAC)."""
    return codes.encode(hmac.new(key, _PURPOSE + normalised(address).encode(), hashlib.sha256).digest())


def forget(cur, round_ids: Iterable[int]) -> None:
    """Delete the invite keys of closing rounds, inside the closing transaction, with their codes."""
    ids = [int(i) for i in round_ids]
    if ids:
        cur.execute("DELETE FROM invite_keys WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
