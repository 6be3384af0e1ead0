"""Follow-up answers ("did this help?"), counted and suppressed like any figure.

A follow-up is asked in the team's next round after the round an action followed
(:mod:`pulse.actions`); its answers are answers of that round, under the question
``followup:<action id>``. A follow-up's counts are shown only when (DESIGN.md rules 4 to 6):
- the round is closed (no live counting);
- the round's block may be shown at all (``team.block_showable``: a team smaller than k, an
  overfull round or a pool without a known size shows nothing);
- at least k people answered it, with k the larger of today's and the one its block was completed at;
- the people who answered it and the round's respondents are the same, or differ by at least k
  (an optional question beside the round, rule 5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pulse import settings
from pulse.results import source
from pulse.results.source import Scope
from pulse.results.team import blocks_of, ranked

FOLLOWUP_COLUMNS = ["action_id", "period", "period_end", "n", "no", "a_little", "yes", "note"]
_OPTIONS = {1: "no", 2: "a_little", 3: "yes"}


def followup_results(db, team: str, *, scope: Scope) -> pd.DataFrame:
    """One row per follow-up of ``team``'s actions whose round exists (``FOLLOWUP_COLUMNS``).

    ``n`` is how many answered (0 while the round is open: figures wait for the close); the counts
    per option (``no``, ``a_little``, ``yes``) are NaN when suppressed, and ``note`` says why.
    """
    cur = db.cursor()
    k = settings.min_group_size(cur)
    rounds = source.round_frame(cur, scope, team)
    if rounds.empty:
        return pd.DataFrame(columns=FOLLOWUP_COLUMNS)
    asked = cur.execute(
        "SELECT a.id AS action_id, (SELECT x.id FROM rounds x WHERE x.team_id = r.team_id"
        "  AND x.instrument_key = r.instrument_key AND x.period_start > r.period_end"
        "  ORDER BY x.period_start LIMIT 1) AS round_id"
        " FROM actions a JOIN rounds r ON r.id = a.round_id JOIN teams t ON t.id = a.team_id"
        " WHERE a.followup AND t.name = ? ORDER BY a.id",
        [team],
    ).df()
    asked = asked[asked["round_id"].notna()].astype({"round_id": "int64"})
    if asked.empty:
        return pd.DataFrame(columns=FOLLOWUP_COLUMNS)
    rounds = ranked(rounds)
    blocks = blocks_of(rounds, k)
    rounds = rounds.merge(blocks[["block", "showable", "size_note"]], on="block", how="left")
    frame = asked.merge(rounds, on="round_id", how="inner")
    counts = _counts(cur, frame)
    for value, column in _OPTIONS.items():
        frame[column] = frame["action_id"].map(lambda a, v=value: counts.get((a, v), 0)).astype(float)
    n = frame[list(_OPTIONS.values())].sum(axis=1).to_numpy()
    closed = frame["closed"].to_numpy(dtype=bool)
    showable = frame["showable"].fillna(False).to_numpy(dtype=bool)
    need = np.maximum(k, frame["block_k"].fillna(k).to_numpy(dtype=float))
    apart = frame["responses"].to_numpy(dtype=float) - n
    near = (apart > 0) & (apart < need)
    shown = closed & showable & (n >= need) & ~near
    frame["n"] = np.where(closed, n, 0).astype(int)
    frame["note"] = np.select(
        [~closed, shown, frame["size_note"].fillna("").to_numpy(dtype=object) != "", n < need, near],
        [
            "asked in the open round: counts appear when it closes",
            "",
            frame["size_note"].fillna("").to_numpy(dtype=object),
            "suppressed: fewer than " + need.astype(int).astype(str) + " answers",
            "suppressed: answered by a few people fewer than the round",
        ],
        "suppressed: the round's results are not shown",
    )
    for column in _OPTIONS.values():
        frame[column] = np.where(shown, frame[column], np.nan)
    frame["period"], frame["period_end"] = frame["period"], frame["end"]
    return frame[FOLLOWUP_COLUMNS].reset_index(drop=True)


def _counts(cur, frame: pd.DataFrame) -> dict[tuple[int, int], int]:
    """(action id, value) -> answers, for closed rounds only: an open round's answers are not read."""
    closed = frame[frame["closed"]]
    if closed.empty:
        return {}
    rows = cur.execute(
        "SELECT question, value, count(*) FROM answers WHERE round_id IN (SELECT unnest(?::INTEGER[]))"
        " AND question IN (SELECT unnest(?::VARCHAR[])) GROUP BY question, value",
        [
            [int(r) for r in closed["round_id"]],
            [f"followup:{int(a)}" for a in closed["action_id"]],
        ],
    ).fetchall()
    return {(int(q.removeprefix("followup:")), int(v)): int(c) for q, v, c in rows}
