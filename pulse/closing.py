"""Closing rounds: the one write that turns a round's answers into results.

Closing freezes a round's sufficient statistics (``round_stats``), rewrites its rows in random-id
order so storage order says nothing of who answered when, and happens for every due round in one
transaction. It runs from the server's scheduler, ``teampulse close-due`` or an admin's click:
never as a side effect of reading results (the query layer, :mod:`pulse.results`, only reads).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pulse import settings
from pulse.invitations import invite_keys
from pulse.responses import Submission, take_pending, write_submissions
from pulse.results.blocks import assign_blocks
from pulse.rounds import Round, get_round
from pulse.store import mixing
from pulse.store.shuffle import shuffle_rows
from pulse.tokens import codes

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
scored AS (
    SELECT r.id AS round_id, count(*) AS items FROM rounds r JOIN questions q ON q.instrument_key = r.instrument_key
    WHERE q.in_score AND r.id IN (SELECT unnest(?::INTEGER[])) GROUP BY r.id
),
per_response AS (
    SELECT k.round_id, k.response_id,
           CASE WHEN any_value(k.scoring) = 'nps'
                THEN CASE WHEN avg(k.v) >= 9 THEN 100.0 WHEN avg(k.v) <= 6 THEN -100.0 ELSE 0.0 END
                ELSE avg(k.v) END AS s
    FROM keyed k JOIN scored USING (round_id) WHERE k.in_score
    GROUP BY k.round_id, k.response_id
    -- Only responses that answered every scored item: a composite over a subset would, beside
    -- the items, give away what the few who skipped one answered (issue 11, item 4).
    HAVING count(DISTINCT k.question) = any_value(scored.items)
)
SELECT round_id, question, count(*), sum(v), sum(v * v) FROM keyed GROUP BY round_id, question
UNION ALL
SELECT round_id, 'score', count(*), sum(s), sum(s * s) FROM per_response GROUP BY round_id
"""


def freeze_statistics(cur, round_ids: list[int]) -> None:
    """Freeze the statistics and response counts of newly closed rounds and put them in the block
    plan, inside the caller's transaction."""
    if not round_ids:
        return
    ids = [int(r) for r in round_ids]
    cur.execute("DELETE FROM round_stats WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids])
    cur.execute("INSERT INTO round_stats " + _STATS_SQL, [ids, ids])
    cur.execute(
        "UPDATE rounds SET responses = (SELECT count(*) FROM responses p WHERE p.round_id = rounds.id)"
        " WHERE id IN (SELECT unnest(?::INTEGER[]))",
        [ids],
    )
    plan_blocks(cur, ids)


def plan_blocks(cur, round_ids: list[int]) -> None:
    """Add newly closed rounds to their series' block plan, once and for good.

    Each (team, instrument) series continues its waiting block, if it has one; a block completes
    when it reaches the k of that moment and records it. A later change of k applies to rounds
    that close later: no block is ever redrawn, so no two shown figures overlap. Set-based: a
    fortnight's close adds thousands of rounds, and a statement per round cost seconds.
    """
    k = settings.min_group_size(cur)
    rows = cur.execute(
        "SELECT team_id, instrument_key, id, responses FROM rounds WHERE id IN (SELECT unnest(?::INTEGER[]))"
        " AND id NOT IN (SELECT round_id FROM block_rounds) ORDER BY team_id, instrument_key, period_start",
        [[int(r) for r in round_ids]],
    ).fetchall()
    if not rows:
        return
    waiting = {
        (team_id, key): (block_id, n)
        for team_id, key, block_id, n in cur.execute(
            "SELECT team_id, instrument_key, id, responses FROM blocks WHERE k IS NULL"
        ).fetchall()
    }
    series: dict[tuple, list[tuple[int, int]]] = {}
    for team_id, key, round_id, n in rows:
        series.setdefault((team_id, key), []).append((round_id, n))
    grown, created, members = {}, [], []  # waiting blocks' additions; new blocks; (round, block)
    fresh = iter(r[0] for r in cur.execute("SELECT nextval('block_ids') FROM range(?)", [len(rows)]).fetchall())
    for (team_id, key), items in series.items():
        carried = waiting.get((team_id, key))
        blocks, complete = assign_blocks([n for _, n in items], k, carried=carried[1] if carried else 0)
        ids: dict[int, int] = {0: carried[0]} if carried else {}
        totals: dict[int, int] = {}
        for (round_id, n), block, done in zip(items, blocks, complete, strict=True):
            ids.setdefault(block, next(fresh))
            totals[block] = totals.get(block, 0) + n
            members.append((round_id, ids[block]))
            if block == 0 and carried:
                grown[ids[block]] = (totals[block], k if done else None)
        for block, block_id in ids.items():
            if not (block == 0 and carried):
                done = complete[blocks.index(block)]
                created.append((block_id, team_id, key, totals[block], k if done else None))
    _insert(cur, "blocks", ["id", "team_id", "instrument_key", "responses", "k"], created)
    _insert(cur, "block_rounds", ["round_id", "block_id"], members)
    if grown:
        _insert(cur, "grown_blocks", ["id", "added", "k"], [(b, n, done) for b, (n, done) in grown.items()], temp=True)
        cur.execute(
            "UPDATE blocks SET responses = blocks.responses + g.added, k = coalesce(g.k, blocks.k)"
            " FROM grown_blocks g WHERE blocks.id = g.id"
        )
        cur.execute("DROP TABLE grown_blocks")


def _insert(cur, table: str, columns: list[str], rows: list[tuple], temp: bool = False) -> None:
    """Many rows in one statement, from a DataFrame (``table`` and ``columns`` are ours, never input)."""
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=columns)
    cur.register("planned_rows", frame)
    try:
        if temp:
            cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM planned_rows")
        else:
            cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM planned_rows")
    finally:
        cur.unregister("planned_rows")


def shuffle_round_rows(cur, round_ids: int | list[int]) -> None:
    """Rewrite the rows of the given rounds in random-id order (one statement set for all of them)."""
    ids = [round_ids] if isinstance(round_ids, int) else [int(r) for r in round_ids]
    for table in ("responses", "answers", "comments"):
        shuffle_rows(cur, table, ids)


def _close(cur, ids: list[int], pending: list[Submission]) -> None:
    write_submissions(cur, pending)
    shuffle_round_rows(cur, ids)
    freeze_statistics(cur, ids)
    codes.forget_codes(cur, ids)
    invite_keys.forget(cur, ids)  # with the codes: nothing can recompute a member's code any more


def _closing(db, ids: list[int], close_rows) -> list:
    """Close ``ids`` in one transaction with their buffered responses, then seal the file."""
    pending = take_pending(db, ids)

    def work(cur):
        closed = close_rows(cur)
        _close(cur, ids, [s for s in pending if s.round_id in set(closed)])
        return closed

    try:
        closed = db.run_in_transaction(work)
    except BaseException:
        mixing.buffer_of(db, "responses").put_back(_by_round(pending))
        raise
    # The log (and, after a restart, the file's blocks) still hold the round as it arrived.
    db.seal()
    return closed


def _by_round(pending: list[Submission]) -> dict[int, list[Submission]]:
    out: dict[int, list[Submission]] = {}
    for s in pending:
        out.setdefault(s.round_id, []).append(s)
    return out


def close_round(db, round_id: int) -> Round:
    """Close one round now (an admin's decision), freezing its statistics."""
    get_round(db.cursor(), round_id)

    def close_rows(cur):
        cur.execute("UPDATE rounds SET status = 'closed' WHERE id = ? AND status = 'open'", [round_id])
        return [round_id]

    _closing(db, [round_id], close_rows)
    return get_round(db.cursor(), round_id)


def close_due_rounds(db, today: date | None = None) -> list[int]:
    """Close every open round whose period has ended, all in one transaction; return their ids.

    One transaction for the lot: at 2,000 teams a fortnight ends 5,880 rounds at once, which took
    977 s one round at a time and 1.2 s together (docs/scaling.md).
    """
    cutoff = today or date.today()
    due = [
        r[0]
        for r in db.cursor()
        .execute("SELECT id FROM rounds WHERE status = 'open' AND period_end < ?", [cutoff])
        .fetchall()
    ]
    if not due:
        return []

    def close_rows(cur):
        return [
            r[0]
            for r in cur.execute(
                "UPDATE rounds SET status = 'closed' WHERE status = 'open'"
                " AND id IN (SELECT unnest(?::INTEGER[])) RETURNING id",
                [due],
            ).fetchall()
        ]

    return _closing(db, due, close_rows)
