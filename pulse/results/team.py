"""Team figures: one row per team, instrument, dimension and block of the frozen plan.

A block's figure is shown only when (DESIGN.md rules 4, 5 and 7):
- the block is complete (it reached the k it was completed at) and the dimension has at least that
  many answers;
- the team's known size is at least the current k (a smaller team shows only inside its tribe), no
  round of the block has more responses than the team has members, and a block pooled over several
  rounds belongs to a team whose size is known (otherwise one person's history could fill it);
- a scored item is not shown beside the composite when their respondents differ by fewer than k
  (the composite counts only responses that answered every scored item).
Open rounds show their participation count only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pulse import settings
from pulse.instruments import instruments_of
from pulse.results import source
from pulse.results.frame import FRAME_COLUMNS, Figure, figures
from pulse.results.source import Scope
from pulse.results.stats import intervals
from pulse.store import mixing


def team_frame(db, team: str | None = None, instrument: str | None = None, *, scope: Scope) -> pd.DataFrame:
    """Every block's figures as a DataFrame (``FRAME_COLUMNS``), computed column-wise.

    Suppressed rows have NaN in ``mean``, ``ci_low``, ``ci_high`` and ``sd``, and say why in ``note``.
    """
    return _team_frame(db, team, instrument, scope, latest=False)


def latest_frame(db, instrument: str | None = None, *, scope: Scope) -> pd.DataFrame:
    """Each team's latest showable block of each instrument: ``team_frame``'s rows for it.

    Teams without one are absent; open rounds are left out (their figures do not exist yet).
    """
    return _team_frame(db, None, instrument, scope, latest=True)


def team_results(db, team: str | None = None, instrument: str | None = None, *, scope: Scope) -> list[Figure]:
    """``team_frame`` as ``Figure`` objects."""
    return figures(team_frame(db, team, instrument, scope=scope))


def latest_scores(db, instrument: str = "psych-safety", dimension: str = "score", *, scope: Scope) -> list[Figure]:
    """Each team's most recent shown figure for one dimension."""
    frame = (
        latest_frame(db, instrument, scope=scope)
        if dimension == "score"
        else team_frame(db, instrument=instrument, scope=scope)
    )
    shown = frame[(frame["dimension"] == dimension) & frame["mean"].notna()]
    latest = shown.groupby("team", sort=False).tail(1)  # the frame runs in period order per team
    return sorted(figures(latest), key=lambda f: f.team)


def blocks_of(rounds: pd.DataFrame, k: int) -> pd.DataFrame:
    """One row per block of the plan among ``rounds`` (with ``period``/``end``/``rank`` text columns),
    with ``showable`` and ``size_note`` from the size rules."""
    closed = rounds[rounds["closed"] & rounds["block"].notna()]
    blocks = (
        closed.groupby("block", sort=False)
        .agg(
            team=("team", "first"),
            instrument=("instrument", "first"),
            rounds=("round_id", "size"),
            period=("period", "first"),
            end=("end", "last"),
            rank=("rank", "first"),
            block_k=("block_k", "first"),
            complete=("complete", "first"),
            team_size=("team_size", "first"),
            most=("responses", "max"),
            responses=("responses", "sum"),
        )
        .reset_index()
    )
    blocks["showable"], blocks["size_note"] = block_showable(blocks, k)
    return blocks


def ranked(rounds: pd.DataFrame) -> pd.DataFrame:
    """Rounds with ISO ``period``/``end`` text and their ``rank`` in (team, instrument, period) order."""
    rounds = rounds.assign(period=source.iso_dates(rounds["period_start"]), end=source.iso_dates(rounds["period_end"]))
    place = rounds.sort_values(["team", "instrument", "period"], kind="stable").index.to_numpy()
    rounds["rank"] = np.empty(len(rounds), dtype=np.int64)
    rounds.loc[place, "rank"] = np.arange(len(rounds))
    return rounds


def block_showable(blocks: pd.DataFrame, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Whether each block may be shown at all, and the note when it may not (the size rules)."""
    size = blocks["team_size"].to_numpy(dtype=float)  # NaN when unknown
    known = ~np.isnan(size)
    small = known & (size < k)
    overfull = known & (blocks["most"].to_numpy() > np.where(known, size, np.inf))
    pooled_unknown = (blocks["rounds"].to_numpy() > 1) & ~known
    complete = blocks["complete"].to_numpy(dtype=bool)
    note = np.select(
        [small, overfull, pooled_unknown],
        [
            f"suppressed: the team has fewer than {k} members; it counts only in its tribe",
            "suppressed: more responses than the team has members (check the team's size)",
            "suppressed: pooling rounds needs the team's size (set it with `teampulse team`)",
        ],
        "",
    )
    return complete & ~small & ~overfull & ~pooled_unknown, note


def _team_frame(db, team, instrument, scope, *, latest: bool) -> pd.DataFrame:
    cur = db.cursor()
    k = settings.min_group_size(cur)
    rounds = source.round_frame(cur, scope, team, instrument, mixing.pending_counts(db, "responses"))
    return frame_of_rounds(db, rounds, k, latest=latest)


def frame_of_rounds(db, rounds: pd.DataFrame, k: int, *, latest: bool = False) -> pd.DataFrame:
    """``team_frame`` of rounds already read (``source.round_frame``) at threshold ``k``.

    Reads only the statistics of the blocks among ``rounds``; what ``rounds`` leaves out is not shown.
    """
    if rounds.empty:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    cur = db.cursor()
    dims = source.dimension_table(instruments_of(db))
    # Dates become text once per round and each round gets its place in the result's order: the
    # final sort is then on two integer columns.
    rounds = ranked(rounds)
    blocks = blocks_of(rounds, k)
    if latest:
        shown = blocks[blocks["showable"]]
        blocks = shown[shown["rank"] == shown.groupby(["team", "instrument"], sort=False)["rank"].transform("max")]
        blocks = blocks.reset_index(drop=True)
    stats = source.block_stats(cur, blocks["block"].tolist())
    blocks["key"] = np.arange(len(blocks))
    dims["dim"] = np.arange(len(dims))
    grid = blocks[["key", "block", "instrument"]].merge(dims[["instrument", "dimension", "dim"]], on="instrument")
    grid = grid.merge(stats, on=["block", "dimension"], how="left")
    at, dim = grid["key"].to_numpy(), grid["dim"].to_numpy()
    n = grid["n"].fillna(0).to_numpy(dtype=float)
    score_rows = grid["dimension"].to_numpy() == "score"
    score_n = pd.Series(n[score_rows], index=at[score_rows]).reindex(at).fillna(0).to_numpy()
    closed_figures = _figures(
        grid, n, score_n, blocks, at, dims["low"].to_numpy(dtype=float)[dim], dims["high"].to_numpy(dtype=float)[dim],
        dims["scored"].to_numpy(dtype=bool)[dim], k,
    )  # fmt: skip

    still_open = rounds[~rounds["closed"]] if not latest else rounds.iloc[:0]
    still_open = still_open.reset_index(drop=True).assign(rounds=1)
    open_grid = still_open[["instrument"]].reset_index(names="row").merge(dims[["instrument", "dim"]], on="instrument")
    open_row, open_dim = open_grid["row"].to_numpy(), open_grid["dim"].to_numpy()
    open_note = ("round open until " + still_open["end"] + ": figures appear when it closes").to_numpy(dtype=object)

    columns = ["team", "instrument", "period", "end", "rounds", "rank"]
    source_rows = pd.concat([blocks[columns], still_open[columns]], ignore_index=True)
    src = np.concatenate([at, len(blocks) + open_row])
    dim = np.concatenate([dim, open_dim])
    order = np.lexsort((dims["position"].to_numpy()[dim], source_rows["rank"].to_numpy()[src]))
    src, dim = src[order], dim[order]
    missing = np.full(len(open_row), np.nan)
    frame = pd.DataFrame(
        {
            "team": source_rows["team"].array.take(src),
            "instrument": source_rows["instrument"].array.take(src),
            "dimension": dims["dimension"].array.take(dim),
            "period": source_rows["period"].array.take(src),
            "n": np.concatenate([closed_figures["n"], still_open["responses"].to_numpy()[open_row]])[order],
            **{
                column: np.concatenate([closed_figures[column], missing])[order]
                for column in ("mean", "ci_low", "ci_high")
            },
            "note": np.concatenate([closed_figures["note"], open_note[open_row]])[order],
            "period_end": source_rows["end"].array.take(src),
            "rounds": source_rows["rounds"].array.take(src),
            "level": "team",
            "sd": np.concatenate([closed_figures["sd"], missing])[order],
            "position": dims["position"].array.take(dim),
        }
    )
    frame["n"] = frame["n"].astype(int)
    return frame[FRAME_COLUMNS]


def _figures(grid, n, score_n, blocks, at, low, high, scored, k: int) -> dict[str, np.ndarray]:
    """Figures of every block row, blanked where a rule suppresses them, with the reason."""
    block_k = blocks["block_k"].to_numpy(dtype=float)[at]
    block_k = np.where(np.isnan(block_k), k, block_k)
    complete = blocks["complete"].to_numpy(dtype=bool)[at]
    showable = blocks["showable"].to_numpy(dtype=bool)[at]
    size_note = blocks["size_note"].to_numpy(dtype=object)[at]
    enough = n >= block_k
    # The composite and an item it contains, shown side by side, must not differ by a few people.
    near_composite = scored & (score_n >= block_k) & (n - score_n > 0) & (n - score_n < block_k)
    shown = showable & enough & ~near_composite
    total = grid["total"].fillna(0).to_numpy(dtype=float)
    figures = intervals(n, total, grid["total_sq"].fillna(0).to_numpy(dtype=float), low, high)
    rounds = blocks["rounds"].to_numpy()[at]
    pooled = np.where(
        rounds > 1, "pooled over " + rounds.astype(str) + " rounds to " + blocks["end"].to_numpy(dtype=object)[at], ""
    )
    counts = pd.Series(n.astype(np.int64)).astype(str)
    few = "suppressed: fewer than " + pd.Series(block_k.astype(np.int64)).astype(str) + " responses (n=" + counts + ")"
    few = few.to_numpy(dtype=object)
    waiting = few + np.where(n > 0, "; waiting to be pooled with the next rounds", "")
    note = np.select(
        [shown, ~complete, size_note != "", ~enough, near_composite],
        [pooled, waiting, size_note, few, "suppressed: differs from the composite by fewer than k people"],
        "",
    )
    return {
        "n": n,
        **{column: np.where(shown, figures[column], np.nan) for column in ("mean", "sd", "ci_low", "ci_high")},
        "note": note,
    }
