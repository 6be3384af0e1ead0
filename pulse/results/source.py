"""What every reader starts from: rounds with their frozen block, and the blocks' statistics.

Closed rounds carry the block the plan put them in (``blocks``/``block_rounds``, written when they
closed); open rounds carry only their live participation count (DESIGN.md rule 6).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from pulse.instruments import Instrument

EMPTY: Mapping[int, int] = MappingProxyType({})


class AllTeams:
    """The scope of a caller that may see every team (an admin, the command line, an export)."""

    def __repr__(self) -> str:
        return "ALL_TEAMS"


ALL_TEAMS = AllTeams()
Scope = Collection[str] | AllTeams


def team_filter(scope: Scope) -> list[str] | None:
    """The team names a scope allows, or None for ``ALL_TEAMS``; a missing scope is a mistake."""
    if scope is ALL_TEAMS:
        return None
    if scope is None or isinstance(scope, str):
        raise TypeError(f"scope must be team names or results.ALL_TEAMS, not {scope!r}")
    return sorted(scope)


def round_frame(
    cur, scope: Scope, team: str | None = None, instrument: str | None = None, buffered: Mapping[int, int] = EMPTY
):
    """One row per round in (team, instrument, period) order, with its block and counts.

    An open round's count is live participation: its spent codes, or its stored responses plus
    those still waiting in this process's mixing buffer (``buffered``: count per round id).
    """
    sql = (
        "WITH stored AS (SELECT round_id, count(*) AS n FROM responses"
        "   WHERE round_id IN (SELECT id FROM rounds WHERE status = 'open') GROUP BY round_id),"
        " spent AS (SELECT round_id, count(*) AS n FROM codes"
        "   WHERE spent AND round_id IN (SELECT id FROM rounds WHERE status = 'open') GROUP BY round_id)"
        " SELECT r.id AS round_id, t.name AS team, g.name AS tribe, t.size AS team_size,"
        " r.instrument_key AS instrument, r.period_start, r.period_end, r.status = 'closed' AS closed,"
        " CAST(CASE WHEN r.status = 'closed' THEN coalesce(r.responses, 0) ELSE coalesce(stored.n, 0) END"
        "   AS INTEGER) AS responses, CAST(coalesce(spent.n, 0) AS INTEGER) AS spent,"
        " br.block_id AS block, b.k AS block_k"
        " FROM rounds r JOIN teams t ON t.id = r.team_id LEFT JOIN tribes g ON g.id = t.tribe_id"
        " LEFT JOIN stored ON stored.round_id = r.id LEFT JOIN spent ON spent.round_id = r.id"
        " LEFT JOIN block_rounds br ON br.round_id = r.id LEFT JOIN blocks b ON b.id = br.block_id"
        " WHERE true"
    )
    params: list = []
    if team is not None:
        sql += " AND t.name = ?"
        params.append(team)
    if instrument is not None:
        sql += " AND r.instrument_key = ?"
        params.append(instrument)
    allowed = team_filter(scope)
    if allowed is not None:
        sql += " AND t.name IN (SELECT unnest(?::VARCHAR[]))"
        params.append(allowed)
    frame = cur.execute(sql + " ORDER BY t.name, r.instrument_key, r.period_start", params).df()
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    # pandas turns a missing tribe into NaN; keep None so "no tribe" never looks like a tribe.
    frame["tribe"] = frame["tribe"].astype(object).where(frame["tribe"].notna(), None)
    frame["complete"] = frame["block_k"].notna()
    live = ~frame["closed"]
    if live.any():
        waiting = frame["round_id"].map(lambda r: buffered.get(int(r), 0)).to_numpy()
        counts = frame["responses"].to_numpy()
        frame["responses"] = np.where(live, np.maximum(counts + waiting, frame["spent"].to_numpy()), counts)
    return frame.drop(columns="spent")


def block_stats(cur, block_ids: list[int]) -> pd.DataFrame:
    """Sums per block and dimension (statistics are stored per round, or per block after a purge)."""
    return cur.execute(
        "SELECT br.block_id AS block, s.dimension, sum(s.n) AS n, sum(s.total) AS total,"
        " sum(s.total_sq) AS total_sq FROM round_stats s JOIN block_rounds br ON br.round_id = s.round_id"
        " WHERE br.block_id IN (SELECT unnest(?::INTEGER[])) GROUP BY br.block_id, s.dimension",
        [[int(b) for b in block_ids]],
    ).df()


def round_stats(cur, round_ids: list[int]) -> pd.DataFrame:
    """The frozen statistics (n, total, total_sq per dimension) of the given rounds."""
    return cur.execute(
        "SELECT round_id, dimension, n, total, total_sq FROM round_stats"
        " WHERE round_id IN (SELECT unnest(?::INTEGER[]))",
        [[int(r) for r in round_ids]],
    ).df()


def dimension_table(instruments: dict[str, Instrument]) -> pd.DataFrame:
    """One row per instrument and dimension: position, scale range and whether it is a scored item."""
    return pd.DataFrame(
        [
            (key, dim, position, *value_range(inst, dim), _scored(inst, dim))
            for key, inst in instruments.items()
            for position, dim in enumerate(inst.dimensions())
        ],
        columns=["instrument", "dimension", "position", "low", "high", "scored"],
    )


def value_range(inst: Instrument, dimension: str) -> tuple[float, float]:
    """The lowest and highest value a dimension can take (the composite's range for 'score')."""
    if dimension == "score":
        return inst.score_range
    q = inst.question(dimension)
    return (q.scale_min, q.scale_max)


def _scored(inst: Instrument, dimension: str) -> bool:
    q = inst.question(dimension) if dimension != "score" else None
    return bool(q is not None and q.in_score)


def iso_dates(column: pd.Series) -> np.ndarray:
    """ISO text of a column of dates, vectorised (``date.isoformat`` per row is slow at scale)."""
    return np.datetime_as_string(pd.to_datetime(column).to_numpy().astype("datetime64[D]"), unit="D")
