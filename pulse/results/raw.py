"""Participation counts, and the raw anonymous rows an admin may export explicitly.

Raw rows leave only for rounds inside shown blocks: a round nobody may see a figure of cannot be
read row by row either (one answer in a round is that person's answers).
"""

from __future__ import annotations

import pandas as pd

from pulse import settings
from pulse.results import source
from pulse.results.source import Scope
from pulse.results.team import blocks_of, ranked
from pulse.scrub import scrub_identifiers
from pulse.store import mixing


def participation(db, *, scope: Scope) -> pd.DataFrame:
    """Responses per round and, where the team's size is known, the participation rate.

    Counts may show live (DESIGN.md rule 6); no figure computed from answers is included.
    """
    return participation_of_rounds(
        source.round_frame(db.cursor(), scope, buffered=mixing.pending_counts(db, "responses"))
    )


def participation_of_rounds(rounds: pd.DataFrame) -> pd.DataFrame:
    """``participation`` of rounds already read (``source.round_frame``, with the buffered counts)."""
    frame = rounds.assign(rate=rounds["responses"] / rounds["team_size"])
    return frame[
        ["team", "tribe", "instrument", "period_start", "period_end", "closed", "responses", "team_size", "rate"]
    ]


def shown_rounds(db, cur) -> list[int]:
    """Ids of closed rounds inside shown blocks."""
    rounds = source.round_frame(cur, source.ALL_TEAMS)
    if rounds.empty:
        return []
    rounds = ranked(rounds)
    blocks = blocks_of(rounds, settings.min_group_size(cur))
    return [int(r) for r in rounds.loc[rounds["block"].isin(blocks.loc[blocks["showable"], "block"]), "round_id"]]


def raw_answers(db) -> pd.DataFrame:
    """The anonymous answer rows of shown closed rounds, for an explicit admin export only."""
    cur = db.cursor()
    return cur.execute(
        "SELECT t.name AS team, r.instrument_key AS instrument, r.period_start AS period,"
        " a.response_id, a.question, a.value"
        " FROM answers a JOIN rounds r ON r.id = a.round_id JOIN teams t ON t.id = r.team_id"
        " WHERE r.id IN (SELECT unnest(?::INTEGER[]))"
        " ORDER BY t.name, r.instrument_key, r.period_start, a.response_id, a.question",
        [shown_rounds(db, cur)],
    ).df()


def raw_comments(db) -> pd.DataFrame:
    """Comment rows of shown closed rounds for the admin export: scrubbed, with no link to any answers."""
    cur = db.cursor()
    frame = cur.execute(
        "SELECT t.name AS team, r.instrument_key AS instrument, r.period_start AS period, c.body AS comment"
        " FROM comments c JOIN rounds r ON r.id = c.round_id JOIN teams t ON t.id = r.team_id"
        " WHERE r.id IN (SELECT unnest(?::INTEGER[]))"
        " ORDER BY t.name, r.instrument_key, r.period_start, c.id",
        [shown_rounds(db, cur)],
    ).df()
    frame["comment"] = frame["comment"].map(scrub_identifiers)
    return frame
