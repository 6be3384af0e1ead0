"""Closing rounds: the one write that turns a round's answers into results.

Closing freezes a round's sufficient statistics (``round_stats``), rewrites its rows in random-id
order so storage order says nothing of who answered when, and happens for every due round in one
transaction. It runs from the server's scheduler, ``teampulse close-due`` or an admin's click:
never as a side effect of reading results (the query layer, :mod:`pulse.results`, only reads).
"""

from __future__ import annotations

from datetime import date

from pulse.rounds import Round, get_round

# Sums per round and dimension: every figure the query layer shows (team blocks, roll-ups,
# intervals) is a sum of these, so results never need the raw rows again and survive a purge.
# Reverse-worded items are stored keyed (flipped), so higher is always better; the composite
# ``score`` is the per-response mean of scored items, or +100/0/-100 per response for NPS scoring.
_STATS_SQL = """
WITH keyed AS (
    SELECT a.round_id, a.response_id, a.question, q.in_score, i.scoring, a.value AS raw,
           CASE WHEN q.reverse THEN q.scale_min + q.scale_max - a.value ELSE a.value END AS v
    FROM answers a
    JOIN rounds r ON r.id = a.round_id
    JOIN questions q ON q.instrument_key = r.instrument_key AND q.key = a.question
    JOIN instruments i ON i.key = r.instrument_key
    WHERE a.round_id IN (SELECT unnest(?::INTEGER[]))
),
per_response AS (
    SELECT round_id, response_id,
           CASE WHEN any_value(scoring) = 'nps'
                THEN CASE WHEN avg(v) >= 9 THEN 100.0 WHEN avg(v) <= 6 THEN -100.0 ELSE 0.0 END
                ELSE avg(v) END AS s
    FROM keyed WHERE in_score GROUP BY round_id, response_id
)
SELECT round_id, question, count(*), sum(v), sum(v * v) FROM keyed GROUP BY round_id, question
UNION ALL
SELECT round_id, 'score', count(*), sum(s), sum(s * s) FROM per_response GROUP BY round_id
"""

# Tables whose rows belong to a round and must be rewritten in an order that reveals nothing.
_ROUND_TABLES = (("responses", "id"), ("answers", "response_id, question"), ("comments", "id"))


def freeze_statistics(cur, round_ids: list[int]) -> None:
    """(Re)compute the statistics of the given rounds inside the caller's transaction."""
    if not round_ids:
        return
    ids = [int(r) for r in round_ids]
    cur.execute("DELETE FROM round_stats WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
    cur.execute("INSERT INTO round_stats " + _STATS_SQL, [ids])


def shuffle_round_rows(cur, round_ids: int | list[int]) -> None:
    """Rewrite the rows of the given rounds in random-id order (one statement set for all of them)."""
    ids = [round_ids] if isinstance(round_ids, int) else [int(r) for r in round_ids]
    for table, order in _ROUND_TABLES:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE shuffled AS SELECT * FROM {table}"
            f" WHERE round_id IN (SELECT unnest(?::INTEGER[])) ORDER BY round_id, {order}",
            [ids],
        )
        cur.execute(f"DELETE FROM {table} WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
        cur.execute(f"INSERT INTO {table} SELECT * FROM shuffled")
        cur.execute("DROP TABLE shuffled")


def _close(cur, ids: list[int]) -> None:
    shuffle_round_rows(cur, ids)
    freeze_statistics(cur, ids)


def close_round(db, round_id: int) -> Round:
    """Close one round now (an admin's decision), freezing its statistics."""

    def work(cur):
        get_round(cur, round_id)
        cur.execute("UPDATE rounds SET status = 'closed' WHERE id = ?", [round_id])
        _close(cur, [round_id])
        return get_round(cur, round_id)

    return db.run_in_transaction(work)


def close_due_rounds(db, today: date | None = None) -> list[int]:
    """Close every open round whose period has ended, all in one transaction; return their ids.

    One transaction for the lot: at 2,000 teams a fortnight ends 5,880 rounds at once, which took
    977 s one round at a time and 1.2 s together (docs/scaling.md).
    """
    cutoff = today or date.today()
    if (
        not db.cursor()
        .execute("SELECT count(*) FROM rounds WHERE status = 'open' AND period_end < ?", [cutoff])
        .fetchone()[0]
    ):
        return []

    def work(cur):
        due = [
            r[0]
            for r in cur.execute(
                "UPDATE rounds SET status = 'closed' WHERE status = 'open' AND period_end < ? RETURNING id", [cutoff]
            ).fetchall()
        ]
        if due:
            _close(cur, due)
        return due

    return db.run_in_transaction(work)
