"""Single-use codes, for pulses and perspectives alike: 80 bits, shown once, stored as keyed hashes.

One mechanism with two code books (``PULSE``: a round's codes; ``PERSPECTIVE``: a review's). A
code is spent by a conditional UPDATE, the single point of truth under a race, and the row records
nothing else: not when, not for which response. Every way a code can fail (unknown, typo, spent,
its round or collection closed) answers with one error and one message, so a page never tells a
spent code from an unknown one; the rows themselves are deleted when their round or collection
closes (``forget``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pulse import settings
from pulse.errors import CodeInvalid, PulseError, RoundClosed
from pulse.rounds import Round, get_round

# Crockford's base32: no I, L, O or U, so codes survive being read aloud or typed from paper.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 bits
_TYPO_MAP = str.maketrans({"I": "1", "L": "1", "O": "0"})
MAX_CODES_PER_CALL = 10_000
REFUSED = "that code is not valid or has already been used"


@dataclass(frozen=True)
class CodeBook:
    """Where one kind of code lives: its table, the column naming what it opens, and its hash purpose.

    ``live`` selects the owners that accept answers now; its ``?`` parameters are all today's date.
    """

    table: str
    owner: str
    purpose: bytes
    live: str


PULSE = CodeBook("codes", "round_id", b"pulse-code:", "SELECT id FROM rounds WHERE status = 'open' AND period_end >= ?")
PERSPECTIVE = CodeBook(
    "perspective_codes",
    "review_id",
    b"perspective-code:",
    "SELECT review_id FROM perspective_collections WHERE status = 'open'",
)


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise(code: object) -> str:
    """The 16 symbols of ``code``, upper case, separators dropped and I/L/O read as 1/1/0."""
    cleaned = "".join(ch for ch in str(code).upper() if ch.isalnum()).translate(_TYPO_MAP)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        raise CodeInvalid(REFUSED)
    return cleaned


def keyed_hash(key: bytes, purpose: bytes, text: str) -> str:
    """HMAC-SHA256 of ``purpose + text``: the purpose keeps a pulse code, a perspective code and a
    link from ever matching one another's rows, even if they were stored in one table."""
    return hmac.new(key, purpose + text.encode(), hashlib.sha256).hexdigest()


def _digests(cur, book: CodeBook, code: object) -> list[str]:
    key, plain = settings.code_key(cur), normalise(code)
    # Codes issued before hashes carried a purpose were hashed without one; such rows are gone once
    # their round or collection closes (``forget``), and the second digest then matches nothing.
    return [keyed_hash(key, book.purpose, plain), keyed_hash(key, b"", plain)]


def _live_params(book: CodeBook) -> list:
    return [date.today()] * book.live.count("?")


def issue(cur, book: CodeBook, owner_id: int, count: int, limit: int = MAX_CODES_PER_CALL) -> list[str]:
    """``count`` new codes for ``owner_id`` inside the caller's transaction, in plain text this once only."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= limit:
        raise PulseError(f"number of codes must be between 1 and {limit}, got {count!r}")
    key = settings.code_key(cur)
    issued = [new_code() for _ in range(count)]
    rows = [[keyed_hash(key, book.purpose, normalise(c)), owner_id] for c in issued]
    cur.executemany(f"INSERT INTO {book.table} (hash, {book.owner}) VALUES (?, ?)", rows)
    return issued


def encode(digest: bytes) -> str:
    """The first 80 bits of ``digest`` as a code in the format of ``new_code`` (for derived codes)."""
    if len(digest) * 8 < CODE_LENGTH * 5:
        raise ValueError(f"a code needs {CODE_LENGTH * 5} bits, got {len(digest) * 8}")
    bits = int.from_bytes(digest, "big") >> (len(digest) * 8 - CODE_LENGTH * 5)
    raw = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH)))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def register(cur, book: CodeBook, owner_id: int, given: Iterable[str]) -> int:
    """Store the keyed hashes of ``given`` codes for ``owner_id`` unless already there; return how many were new.

    For codes derived rather than drawn (personal links): registering the same code again neither
    adds a row nor makes a spent code usable again. Rows go in a random order, so the order of the
    stored hashes says nothing of the order the codes came in (a roster's).
    """
    key = settings.code_key(cur)
    hashes = list(dict.fromkeys(keyed_hash(key, book.purpose, normalise(c)) for c in given))
    if not hashes:
        return 0
    secrets.SystemRandom().shuffle(hashes)
    before = cur.execute(f"SELECT count(*) FROM {book.table} WHERE {book.owner} = ?", [owner_id]).fetchone()[0]
    cur.executemany(
        f"INSERT INTO {book.table} (hash, {book.owner}) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [[h, owner_id] for h in hashes],
    )
    after = cur.execute(f"SELECT count(*) FROM {book.table} WHERE {book.owner} = ?", [owner_id]).fetchone()[0]
    return after - before


def peek(cur, book: CodeBook, code: object) -> int:
    """What an unspent code of a live owner opens, without spending it; ``CodeInvalid`` otherwise."""
    row = cur.execute(
        f"SELECT {book.owner} FROM {book.table} WHERE hash IN (?, ?) AND NOT spent AND {book.owner} IN ({book.live})",
        [*_digests(cur, book, code), *_live_params(book)],
    ).fetchone()
    if row is None:
        raise CodeInvalid(REFUSED)
    return row[0]


def spend(cur, book: CodeBook, code: object) -> int:
    """Spend ``code`` inside the caller's transaction and return what it opens; ``CodeInvalid`` otherwise.

    Under a race DuckDB lets exactly one transaction flip the flag; the others conflict and, on
    retry, find nothing to update, which looks exactly like an unknown code.
    """
    row = cur.execute(
        f"UPDATE {book.table} SET spent = true WHERE hash IN (?, ?) AND NOT spent"
        f" AND {book.owner} IN ({book.live}) RETURNING {book.owner}",
        [*_digests(cur, book, code), *_live_params(book)],
    ).fetchone()
    if row is None:
        raise CodeInvalid(REFUSED)
    return row[0]


def counts(cur, book: CodeBook, owner_id: int) -> tuple[int, int]:
    """(issued, spent) for one owner: participation, which may show live."""
    row = cur.execute(
        f"SELECT count(*), count(*) FILTER (WHERE spent) FROM {book.table} WHERE {book.owner} = ?", [owner_id]
    ).fetchone()
    return row[0], row[1]


def forget(cur, book: CodeBook, owner_ids: Iterable[int]) -> None:
    """Delete every code of the given owners: once closed, not even "this code was used" remains."""
    ids = [int(i) for i in owner_ids]
    if ids:
        cur.execute(f"DELETE FROM {book.table} WHERE {book.owner} IN (SELECT unnest(?::INTEGER[]))", [ids])


# --- pulses ------------------------------------------------------------------------------------


def suggested_count(team_size: int | None) -> int:
    """About 20% more codes than members, so the spare ones hide who did not answer."""
    if not team_size:
        return 12
    return max(team_size + 2, -(-team_size * 6 // 5))


def issue_codes(db, round_id: int, count: int) -> list[str]:
    """Create ``count`` codes for an open round and return them in plain text, the only time they exist."""
    with db.transaction() as cur:
        rnd = get_round(cur, round_id)
        if not rnd.accepts_answers():
            raise RoundClosed(f"round {rnd.period} of {rnd.team} is closed: no codes can be issued")
        return issue(cur, PULSE, round_id, count)


def redeem(cur, code: str) -> int:
    """Spend a pulse code inside the caller's transaction and return its round id (an open round's only)."""
    return spend(cur, PULSE, code)


def round_for_code(db, code: str) -> Round:
    """The open round an unspent code answers, without spending it; ``CodeInvalid`` otherwise."""
    cur = db.cursor()
    return get_round(cur, peek(cur, PULSE, code))


def code_counts(cur, round_id: int) -> tuple[int, int]:
    """(issued, spent) for an open round; a closed round's codes are deleted, so (0, 0)."""
    return counts(cur, PULSE, round_id)


def forget_codes(cur, round_ids: Iterable[int]) -> None:
    """Delete the codes of closing rounds, inside the closing transaction (``pulse.closing``)."""
    forget(cur, PULSE, round_ids)
