"""Invite keys: one personal code per roster member and round, derived, never stored with its address.

A member's code is ``encode(HMAC(round's invite key, normalised address))``: the invitation and every
reminder carry the same link, so one person holds one code per round and can answer once (DESIGN.md
rule 4), and nothing records which code went to whom. The round's key is derived from a random salt
the round keeps in the database and the instance's invite secret, which is kept outside it
(:mod:`.invite_secret`): the database file (or a backup) and the roster alone cannot recompute a
member's code, nor so see who has answered while the round is open. The salt is deleted with the
round's codes when it closes (:mod:`pulse.closing`), after which nothing can recompute them at all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from pulse.errors import InviteSecretChanged
from pulse.invitations import invite_secret
from pulse.tokens import codes

SALT_BYTES = 32
_PURPOSE = b"invite-code:"


def normalised(address: str) -> str:
    """The form an address is keyed by: the same person typed twice (case, blanks) gets one code."""
    return address.strip().casefold()


def key_for(cur, round_id: int, secret: bytes | None = None) -> bytes:
    """The round's invite key; its salt is drawn now (inside the caller's transaction) if it has none yet.
    ``secret``: the instance's invite secret (read from its place outside the database by default)."""
    secret = invite_secret.instance_secret() if secret is None else secret
    check = invite_secret.fingerprint(secret)
    cur.execute(
        "INSERT INTO invite_keys (round_id, salt, secret_check) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [round_id, secrets.token_hex(SALT_BYTES), check],
    )
    salt, stored_check = cur.execute(
        "SELECT salt, secret_check FROM invite_keys WHERE round_id = ?", [round_id]
    ).fetchone()
    if stored_check is None:  # written before the secret left the database: the salt is the key itself
        return bytes.fromhex(salt)
    if stored_check != check:
        raise InviteSecretChanged(
            f"this round's invitations went out under another invite secret; set {invite_secret.ENV} (or restore "
            f"{invite_secret.secret_path()}) as it was, or wait for the next round: new links now would let "
            "each member answer twice"
        )
    return invite_secret.round_key(secret, bytes.fromhex(salt))


def personal_code(key: bytes, address: str) -> str:
    """The one code ``address`` gets for the round whose invite key is ``key`` (80 bits of the HMAC)."""
    return codes.encode(hmac.new(key, _PURPOSE + normalised(address).encode(), hashlib.sha256).digest())


def forget(cur, round_ids: Iterable[int]) -> None:
    """Delete the salts of closing rounds, inside the closing transaction, with their codes."""
    ids = [int(i) for i in round_ids]
    if ids:
        cur.execute("DELETE FROM invite_keys WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
