"""Sufficient statistics of closed rounds, computed once when a round closes.

Every figure the query layer shows (team blocks, tribe and organisation roll-ups, intervals) is a
sum of these per-round statistics, so results never need the raw rows again and survive a purge.
Reverse-worded items are stored keyed (flipped), so higher is always better; the composite
``score`` is the per-response mean of scored items, or +100/0/-100 per response for NPS scoring.
"""

from __future__ import annotations

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

_COUNTS_SQL = """
SELECT round_id, question, value, count(*) FROM answers
WHERE round_id IN (SELECT unnest(?::INTEGER[]))
GROUP BY round_id, question, value
"""


def materialize(cur, round_ids: list[int]) -> None:
    """(Re)compute the statistics of the given rounds inside the caller's transaction."""
    if not round_ids:
        return
    ids = [int(r) for r in round_ids]
    cur.execute("DELETE FROM round_stats WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
    cur.execute("DELETE FROM round_value_counts WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
    cur.execute("INSERT INTO round_stats " + _STATS_SQL, [ids])
    cur.execute("INSERT INTO round_value_counts " + _COUNTS_SQL, [ids])
