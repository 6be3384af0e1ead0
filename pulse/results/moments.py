"""Item moments for scale reliability (analysis/reliability.py).

Cronbach's alpha and McDonald's omega need how an instrument's items vary together across people.
This returns only pooled sums over closed rounds in shown blocks, never a response's answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pulse import settings
from pulse.instruments import instruments_of
from pulse.results import source
from pulse.results.source import Scope
from pulse.results.team import blocks_of, ranked


@dataclass(frozen=True)
class ItemMoments:
    """Pooled means and covariances of an instrument's scored items, keyed so higher is better.

    ``cov`` is the covariance over all complete responses (denominator n - 1); ``within_cov`` the
    pooled covariance within rounds (each round centred on its own means, denominator n - rounds),
    which leaves out differences between teams and periods.
    """

    instrument: str
    items: tuple[str, ...]
    n: int
    rounds: int
    mean: tuple[float, ...]
    cov: tuple[tuple[float, ...], ...]
    within_cov: tuple[tuple[float, ...], ...]


_ITEM_SUMS_SQL = """
WITH keyed AS (
    SELECT a.round_id, a.response_id, a.question,
           CASE WHEN q.reverse THEN q.scale_min + q.scale_max - a.value ELSE a.value END AS v
    FROM answers a JOIN questions q ON q.instrument_key = ? AND q.key = a.question AND q.in_score
    WHERE a.round_id IN (SELECT unnest(?::INTEGER[]))
),
complete AS (SELECT response_id FROM keyed GROUP BY response_id HAVING count(DISTINCT question) = ?)
SELECT x.round_id, x.question, y.question, count(*), sum(x.v), sum(x.v * y.v)
FROM keyed x JOIN keyed y ON x.response_id = y.response_id
WHERE x.response_id IN (SELECT response_id FROM complete)
GROUP BY x.round_id, x.question, y.question
"""


def item_moments(db, instrument: str, *, scope: Scope) -> ItemMoments | None:
    """Means and covariances of ``instrument``'s scored items over every showable closed round.

    Only rounds inside complete blocks (reaching k) count, only responses that answered every
    scored item, and the result is one aggregate over all of them: None when fewer than k
    complete responses (or fewer than two scored items) remain. Purged rounds have no answers left
    and drop out.
    """
    cur = db.cursor()
    k = settings.min_group_size(cur)
    inst = instruments_of(db).get(instrument)
    if inst is None:
        return None
    items = tuple(q.key for q in inst.questions if q.in_score)
    if len(items) < 2:
        return None
    rounds = source.round_frame(cur, scope, None, instrument)
    if rounds.empty:
        return None
    rounds = ranked(rounds)
    blocks = blocks_of(rounds, k)
    showable = [int(r) for r in rounds.loc[rounds["block"].isin(blocks.loc[blocks["showable"], "block"]), "round_id"]]
    if not showable:
        return None
    rows = cur.execute(_ITEM_SUMS_SQL, [instrument, showable, len(items)]).fetchall()
    index = {key: i for i, key in enumerate(items)}
    m = len(items)
    per_round: dict[int, list] = {}
    for round_id, qa, qb, count, sum_a, sum_ab in rows:
        acc = per_round.setdefault(round_id, [0, np.zeros(m), np.zeros((m, m))])
        i, j = index[qa], index[qb]
        if i == j:
            acc[0] = count
            acc[1][i] = sum_a
        acc[2][i, j] = sum_ab
    n = sum(acc[0] for acc in per_round.values())
    if n < max(k, 2) or n - len(per_round) < 1:
        return None
    total = sum(acc[1] for acc in per_round.values())
    cross = sum(acc[2] for acc in per_round.values())
    mean = total / n
    cov = (cross - n * np.outer(mean, mean)) / (n - 1)
    within = sum(acc[2] - np.outer(acc[1], acc[1]) / acc[0] for acc in per_round.values()) / (n - len(per_round))
    return ItemMoments(
        instrument,
        items,
        int(n),
        len(per_round),
        tuple(float(v) for v in mean),
        tuple(tuple(float(v) for v in row) for row in cov),
        tuple(tuple(float(v) for v in row) for row in within),
    )
