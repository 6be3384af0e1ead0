"""Comments of a team's shown blocks: scrubbed of identifiers, in random order, never per person."""

from __future__ import annotations

import random
from collections.abc import Collection

import pandas as pd

from pulse import settings
from pulse.results import source
from pulse.results.frame import CommentBlock
from pulse.results.source import Scope
from pulse.results.team import blocks_of, ranked
from pulse.scrub import scrub_identifiers


def comments(
    db, team: str, instrument: str | None = None, *, names: Collection[str] = (), scope: Scope
) -> list[CommentBlock]:
    """One ``CommentBlock`` per shown block of ``team`` (by instrument, then period)."""
    cur = db.cursor()
    k = settings.min_group_size(cur)
    return comments_of_rounds(db, source.round_frame(cur, scope, team, instrument), k, names=names)


def comments_of_rounds(db, rounds: pd.DataFrame, k: int, *, names: Collection[str] = ()) -> list[CommentBlock]:
    """``comments`` of rounds already read (``source.round_frame``) at threshold ``k``."""
    if rounds.empty:
        return []
    cur = db.cursor()
    rounds = ranked(rounds)
    blocks = blocks_of(rounds, k)
    blocks = blocks[blocks["showable"]].sort_values(["instrument", "rank"])
    members = rounds[rounds["block"].isin(blocks["block"])]
    # One query for every shown block's comments (a query per block cost a scan of the table each).
    by_round: dict[int, list[str]] = {}
    for round_id, body in cur.execute(
        "SELECT round_id, body FROM comments WHERE round_id IN (SELECT unnest(?::INTEGER[]))",
        [[int(r) for r in members["round_id"]]],
    ).fetchall():
        by_round.setdefault(round_id, []).append(body)
    out = []
    for block in blocks.itertuples(index=False):
        ids = members.loc[members["block"] == block.block, "round_id"]
        texts = [t for r in ids for t in by_round.get(int(r), [])]
        random.SystemRandom().shuffle(texts)
        out.append(
            CommentBlock(
                block.team,
                block.instrument,
                block.period,
                int(block.responses),
                [scrub_identifiers(t, list(names)) for t in texts],
            )  # fmt: skip
        )
    return out
