"""Single-use codes: 80 bits of randomness, shown once, stored only as keyed hashes.

Redeeming a code flips its ``spent`` flag in the same transaction that stores the response, and
records nothing else: not when, not for which response.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from pulse import settings
from pulse.errors import CodeInvalid, CodeSpent, PulseError, RoundClosed
from pulse.rounds import get_round

# Crockford's base32: no I, L, O or U, so codes survive being read aloud or typed from paper.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 bits
_TYPO_MAP = str.maketrans({"I": "1", "L": "1", "O": "0"})
MAX_CODES_PER_CALL = 10_000


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise(code: str) -> str:
    cleaned = "".join(ch for ch in str(code).upper() if ch.isalnum()).translate(_TYPO_MAP)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        raise CodeInvalid("that code is not valid: check it for typos")
    return cleaned


def code_hash(key: bytes, code: str) -> str:
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def suggested_count(team_size: int | None) -> int:
    """About 20% more codes than members, so the spare ones hide who did not answer."""
    if not team_size:
        return 12
    return max(team_size + 2, -(-team_size * 6 // 5))


def issue_codes(db, round_id: int, count: int) -> list[str]:
    """Create ``count`` codes for an open round and return them in plain text, the only time they exist."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CODES_PER_CALL:
        raise PulseError(f"number of codes must be between 1 and {MAX_CODES_PER_CALL}, got {count!r}")
    with db.transaction() as cur:
        rnd = get_round(cur, round_id)
        if not rnd.accepts_answers():
            raise RoundClosed(f"round {rnd.period} of {rnd.team} is closed: no codes can be issued")
        key = settings.code_key(cur)
        codes = [new_code() for _ in range(count)]
        cur.executemany(
            "INSERT INTO codes (hash, round_id) VALUES (?, ?)", [[code_hash(key, c), round_id] for c in codes]
        )
    return codes


def redeem(cur, code: str) -> int:
    """Spend ``code`` inside the caller's transaction and return its round id.

    The conditional UPDATE is the single point of truth: under a race, DuckDB lets exactly one
    transaction flip the flag; the others conflict and, on retry, see it spent.
    """
    digest = code_hash(settings.code_key(cur), code)
    row = cur.execute(
        "UPDATE codes SET spent = true WHERE hash = ? AND NOT spent RETURNING round_id", [digest]
    ).fetchone()
    if row is not None:
        return row[0]
    if cur.execute("SELECT 1 FROM codes WHERE hash = ?", [digest]).fetchone():
        raise CodeSpent("that code has already been used")
    raise CodeInvalid("that code is not valid: check it for typos")


def code_counts(cur, round_id: int) -> tuple[int, int]:
    """(issued, spent) for a round: participation, which may show live."""
    row = cur.execute(
        "SELECT count(*), count(*) FILTER (WHERE spent) FROM codes WHERE round_id = ?", [round_id]
    ).fetchone()
    return row[0], row[1]
