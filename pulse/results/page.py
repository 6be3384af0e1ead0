"""A team's page in one read: its figures, participation and comments from one round frame and one k.

``team_frame``, ``participation`` and ``comments`` each read the rounds and the threshold on their
own; a page that shows all three would read them three times, and could even see a round close
between two reads. ``team_page`` reads them once and hands the same rounds to the three of them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from pulse import settings
from pulse.results import source
from pulse.results.comments import comments_of_rounds
from pulse.results.frame import CommentBlock
from pulse.results.raw import participation_of_rounds
from pulse.results.source import Scope
from pulse.results.team import frame_of_rounds
from pulse.store import mixing


@dataclass(frozen=True)
class TeamPage:
    """What ``team_frame``, ``participation`` and ``comments`` return for one team, read together."""

    k: int  # the threshold the figures were decided at
    figures: pd.DataFrame  # ``team_frame(db, team, scope=...)``: every instrument of the team
    participation: pd.DataFrame  # ``participation`` of the team's rounds, every instrument
    comments: list[CommentBlock]  # ``comments(db, team, instrument, ...)``: only ``instrument``'s when given


def team_page(db, team: str, instrument: str | None = None, *, scope: Scope, names: Collection[str] = ()) -> TeamPage:
    """One team's figures and participation (every instrument) and comment blocks (``instrument``'s).

    Figures and participation cover every instrument because a page compares them (alerts on any
    instrument); comments are of ``instrument`` only when it is given. ``names`` are scrubbed from
    comments as in ``comments``. Reads k once and the rounds once, whatever the three need.
    """
    cur = db.cursor()
    k = settings.min_group_size(cur)
    rounds = source.round_frame(cur, scope, team, buffered=mixing.pending_counts(db, "responses"))
    own = rounds if instrument is None else rounds[rounds["instrument"] == instrument].reset_index(drop=True)
    return TeamPage(
        k=k,
        figures=frame_of_rounds(db, rounds, k),
        participation=participation_of_rounds(rounds),
        comments=comments_of_rounds(db, own, k, names=names),
    )
