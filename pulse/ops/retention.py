"""Retention: purge raw answers and comments past a cut-off, keeping the frozen round statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pulse.closing import close_due_rounds
from pulse.errors import PulseError
from pulse.results.raw import shown_rounds


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

    Statistics of rounds inside shown blocks are kept, so every figure shown before the purge is
    shown after it; a pooled block's statistics are merged into one set for the block, so no
    round's own sums (one answer in a round is that person's answers) outlive its rows. Statistics
    of blocks that were never shown are dropped: nothing needs them. The file is then rewritten
    (``Database.reseal``) so the deleted rows do not linger in its free space.
    """
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 0:
        raise PulseError(f"--older-than must be a whole number of days, got {older_than_days!r}")
    close_due_rounds(db, today)
    cutoff = (today or date.today()) - timedelta(days=older_than_days)

    def work(cur):
        ids = [
            r[0]
            for r in cur.execute(
                "SELECT id FROM rounds WHERE status = 'closed' AND NOT purged AND period_end < ?", [cutoff]
            ).fetchall()
        ]
        if not ids:
            return PurgeReport(cutoff, 0, 0, 0, 0, 0)
        shown = set(shown_rounds(db, cur))
        drop_stats = [i for i in ids if i not in shown]
        counts = []
        for table in ("responses", "answers", "comments"):
            counts.append(
                cur.execute(
                    f"SELECT count(*) FROM {table} WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids]
                ).fetchone()[0]
            )
            cur.execute(f"DELETE FROM {table} WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
        cur.execute("DELETE FROM round_stats WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [drop_stats])
        _merge_pooled_statistics(cur, [i for i in ids if i in shown])
        cur.execute("UPDATE rounds SET purged = true WHERE id IN (SELECT unnest(?::INTEGER[]))", [ids])
        return PurgeReport(cutoff, len(ids), counts[0], counts[1], counts[2], len(drop_stats))

    report = db.run_in_transaction(work)
    if report.rounds:
        db.reseal()
    return report


def _merge_pooled_statistics(cur, round_ids: list[int]) -> None:
    """Replace the per-round statistics of every pooled block holding ``round_ids`` by the block's sums,
    kept on the block's first round (readers sum per block, so every figure stays the same)."""
    blocks = [
        r[0]
        for r in cur.execute(
            "SELECT block_id FROM block_rounds WHERE block_id IN (SELECT block_id FROM block_rounds"
            " WHERE round_id IN (SELECT unnest(?::INTEGER[]))) GROUP BY block_id HAVING count(*) > 1",
            [round_ids],
        ).fetchall()
    ]
    if not blocks:
        return
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE merged AS SELECT min(br.round_id) OVER (PARTITION BY br.block_id) AS round_id,"
        " s.dimension, s.n, s.total, s.total_sq, br.block_id FROM round_stats s"
        " JOIN block_rounds br ON br.round_id = s.round_id WHERE br.block_id IN (SELECT unnest(?::INTEGER[]))",
        [blocks],
    )
    cur.execute(
        "DELETE FROM round_stats WHERE round_id IN (SELECT round_id FROM block_rounds"
        " WHERE block_id IN (SELECT unnest(?::INTEGER[])))",
        [blocks],
    )
    cur.execute(
        "INSERT INTO round_stats SELECT round_id, dimension, sum(n), sum(total), sum(total_sq) FROM merged"
        " GROUP BY round_id, dimension"
    )
    cur.execute("DROP TABLE merged")
