"""Organisation-wide settings stored in the database."""

from __future__ import annotations

from datetime import date

from pulse.errors import ConfigError

DEFAULT_MIN_GROUP_SIZE = 5
# DESIGN.md rule 4: an organisation may raise k, never lower it below 3.
MIN_GROUP_SIZE_FLOOR = 3


def get(cur, key: str) -> str:
    row = cur.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        raise ConfigError(f"setting {key!r} is missing from the database")
    return row[0]


def min_group_size(cur) -> int:
    """The threshold k: no figure is shown for fewer responses than this."""
    return max(int(get(cur, "min_group_size")), MIN_GROUP_SIZE_FLOOR)


def set_min_group_size(db, k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int):
        raise ConfigError(f"k must be a whole number, got {k!r}")
    if k < MIN_GROUP_SIZE_FLOOR:
        raise ConfigError(f"k must be at least {MIN_GROUP_SIZE_FLOOR}, got {k}")
    with db.transaction() as cur:
        current = min_group_size(cur)
        # Lowering k after results exist would show groups that were suppressed: two screens then
        # subtract (DESIGN.md rule 4). A new k applies to rounds that close later (the block plan).
        if k < current and cur.execute("SELECT count(*) FROM rounds WHERE status = 'closed'").fetchone()[0]:
            raise ConfigError(f"k can only be raised once results exist: it is {current}, so {k} is refused")
        cur.execute("UPDATE settings SET value = ? WHERE key = 'min_group_size'", [str(k)])


def period_days(cur) -> int:
    return int(get(cur, "period_days"))


def period_anchor(cur) -> date:
    return date.fromisoformat(get(cur, "period_anchor"))


def code_key(cur) -> bytes:
    return bytes.fromhex(get(cur, "code_key"))
