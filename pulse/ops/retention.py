"""Retention: purge raw answers and comments past a cut-off, keeping the frozen round statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pulse import results, settings
from pulse.closing import close_due_rounds
from pulse.errors import PulseError


@dataclass(frozen=True)
class PurgeReport:
    cutoff: date
    rounds: int
    responses: int
    answers: int
    comments: int
    stats_dropped: int


def purge(db, older_than_days: int, today: date | None = None) -> PurgeReport:
    """Delete raw rows of closed rounds that ended more than ``older_than_days`` ago.

    Statistics of rounds inside a showable block are kept, so every figure shown before the purge
    is shown after it. Statistics of rounds that never reached k (their block never completed) are
    dropped with the raw rows: they could never be shown, so nothing needs them.
    """
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 0:
        raise PulseError(f"--older-than must be a whole number of days, got {older_than_days!r}")
    close_due_rounds(db, today)
    cutoff = (today or date.today()) - timedelta(days=older_than_days)

    def work(cur):
        k = settings.min_group_size(cur)
        ids = [
            r[0]
            for r in cur.execute(
                "SELECT id FROM rounds WHERE status = 'closed' AND NOT purged AND period_end < ?", [cutoff]
            ).fetchall()
        ]
        if not ids:
            return PurgeReport(cutoff, 0, 0, 0, 0, 0)
        unshowable = _rounds_in_incomplete_blocks(cur, k)
        drop_stats = [i for i in ids if i in unshowable]
        counts = []
        for table in ("responses", "answers", "comments"):
            counts.append(
                cur.execute(
                    f"SELECT count(*) FROM {table} WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids]
                ).fetchone()[0]
            )
            cur.execute(f"DELETE FROM {table} WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
        for table in ("round_stats", "round_value_counts"):
            cur.execute(f"DELETE FROM {table} WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [drop_stats])
        cur.execute("UPDATE rounds SET purged = true WHERE id IN (SELECT unnest(?::INTEGER[]))", [ids])
        return PurgeReport(cutoff, len(ids), counts[0], counts[1], counts[2], len(drop_stats))

    report = db.run_in_transaction(work)
    db.cursor().execute("CHECKPOINT")  # rewrite blocks so deleted rows do not linger in the file
    return report


def _rounds_in_incomplete_blocks(cur, k: int) -> set[int]:
    rows = cur.execute(
        "SELECT r.team_id, r.instrument_key, r.id, coalesce(s.n, 0) FROM rounds r"
        " LEFT JOIN round_stats s ON s.round_id = r.id AND s.dimension = 'score'"
        " WHERE r.status = 'closed' ORDER BY r.team_id, r.instrument_key, r.period_start"
    ).fetchall()
    series: dict[tuple, list[tuple[int, int]]] = {}
    for team_id, key, rid, n in rows:
        series.setdefault((team_id, key), []).append((rid, n))
    out = set()
    for items in series.values():
        _, complete = results.assign_blocks([n for _, n in items], k)
        out.update(rid for (rid, _), ok in zip(items, complete, strict=True) if not ok)
    return out
