"""The one door: every figure computed from responses leaves TeamPulse through this module.

It applies DESIGN.md's rules 4 to 7 in one place:
- rule 4, threshold k: a mean, an interval, a distribution or a comment list is shown only for
  at least k responses; a suppressed row keeps its count ``n`` and says why in ``note``;
- rule 5, no subtraction: periods are fixed and never overlap; a tribe or the organisation is the
  pooled sum of the team figures already shown for that period, so it reveals nothing new;
- rule 6, no live counting: open rounds show their participation count only;
- rule 7, small teams: a team's consecutive closed rounds are pooled into non-overlapping blocks,
  each reaching k.
Results are read from the per-round statistics frozen when a round closes (``round_stats``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from pulse import settings
from pulse.instruments import Instrument, list_instruments
from pulse.rounds import close_due_rounds
from pulse.scrub import scrub_identifiers

CONFIDENCE = 0.90
COLUMNS = ["team", "instrument", "dimension", "period", "n", "mean", "ci_low", "ci_high", "note"]


@dataclass(frozen=True)
class Figure:
    """One row of results: a group (team, tribe or organisation), a dimension and a period."""

    team: str
    instrument: str
    dimension: str
    period: str  # first day of the period, or of the first period in a pooled block
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    note: str
    period_end: str = ""
    rounds: int = 1
    level: str = "team"
    sd: float | None = None

    @property
    def shown(self) -> bool:
        return self.mean is not None

    def as_row(self) -> dict:
        return {column: getattr(self, column) for column in COLUMNS}

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CommentBlock:
    team: str
    instrument: str
    period: str
    n: int
    comments: list[str]


def interval(n: int, total: float, total_sq: float, low: float, high: float) -> tuple[float, float, float, float]:
    """Mean, sample sd and a t-based 90% interval clipped to the scale: honest at small n."""
    mean = total / n
    variance = max(total_sq - n * mean * mean, 0.0) / (n - 1) if n > 1 else 0.0
    sd = math.sqrt(variance)
    half = scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * sd / math.sqrt(n) if n > 1 else math.inf
    return float(mean), float(sd), float(max(low, mean - half)), float(min(high, mean + half))


def _suppressed_note(k: int, n: int) -> str:
    return f"suppressed: fewer than {k} responses (n={n})"


# --- loading ---------------------------------------------------------------------------------


def _round_frame(cur, team: str | None, instrument: str | None, scope: Collection[str] | None) -> pd.DataFrame:
    # Closed rounds read their frozen statistics; open rounds only their live participation count.
    sql = (
        "WITH live AS (SELECT round_id, count(*) AS n FROM responses"
        "   WHERE round_id IN (SELECT id FROM rounds WHERE status = 'open') GROUP BY round_id)"
        " SELECT r.id AS round_id, t.name AS team, g.name AS tribe, t.size AS team_size,"
        " r.instrument_key AS instrument, r.period_start, r.period_end, r.status = 'closed' AS closed,"
        " CAST(CASE WHEN r.status = 'closed' THEN coalesce(s.n, 0) ELSE coalesce(live.n, 0) END AS INTEGER)"
        " AS responses"
        " FROM rounds r JOIN teams t ON t.id = r.team_id LEFT JOIN tribes g ON g.id = t.tribe_id"
        " LEFT JOIN round_stats s ON s.round_id = r.id AND s.dimension = 'score'"
        " LEFT JOIN live ON live.round_id = r.id"
        " WHERE true"
    )
    params: list = []
    if team is not None:
        sql += " AND t.name = ?"
        params.append(team)
    if instrument is not None:
        sql += " AND r.instrument_key = ?"
        params.append(instrument)
    if scope is not None:
        sql += " AND t.name IN (SELECT unnest(?::VARCHAR[]))"
        params.append(sorted(scope))
    frame = cur.execute(sql + " ORDER BY t.name, r.instrument_key, r.period_start", params).df()
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    # pandas turns a missing tribe into NaN; keep None so "no tribe" never looks like a tribe.
    frame["tribe"] = frame["tribe"].astype(object).where(frame["tribe"].notna(), None)
    return frame


def _stats_frame(cur, round_ids: list[int]) -> pd.DataFrame:
    return cur.execute(
        "SELECT round_id, dimension, n, total, total_sq FROM round_stats"
        " WHERE round_id IN (SELECT unnest(?::INTEGER[]))",
        [round_ids],
    ).df()


def assign_blocks(responses: list[int], k: int) -> tuple[list[int], list[bool]]:
    """Pool consecutive closed rounds greedily into non-overlapping blocks each reaching ``k``.

    Returns a block number per round and whether that block is complete (reaches k). Earlier
    blocks never change as later rounds close, so no figure is ever replaced by an overlapping one.
    """
    blocks, complete = [], []
    block, pending_start, total = 0, 0, 0
    for i, n in enumerate(responses):
        blocks.append(block)
        complete.append(False)
        total += n
        if total >= k:
            for j in range(pending_start, i + 1):
                complete[j] = True
            block += 1
            pending_start, total = i + 1, 0
    return blocks, complete


# --- team level ------------------------------------------------------------------------------


FRAME_COLUMNS = [*COLUMNS, "period_end", "rounds", "level", "sd", "position"]


def team_results(
    db,
    team: str | None = None,
    instrument: str | None = None,
    *,
    scope: Collection[str] | None = None,
) -> list[Figure]:
    """Every team's figures: one row per team, instrument, dimension and period (or pooled block)."""
    frame = team_frame(db, team, instrument, scope=scope)
    return [
        Figure(
            r.team,
            r.instrument,
            r.dimension,
            r.period,
            int(r.n),
            _num(r.mean),
            _num(r.ci_low),
            _num(r.ci_high),
            r.note,
            r.period_end,
            int(r.rounds),
            "team",
            _num(r.sd),
        )  # fmt: skip
        for r in frame.itertuples(index=False)
    ]


def _num(value) -> float | None:
    return None if value is None or value != value else float(value)


def team_frame(
    db,
    team: str | None = None,
    instrument: str | None = None,
    *,
    scope: Collection[str] | None = None,
) -> pd.DataFrame:
    """``team_results`` as a DataFrame, computed column-wise so a whole organisation stays fast.

    Suppressed rows have NaN in ``mean``, ``ci_low``, ``ci_high`` and ``sd``, and say why in ``note``.
    """
    close_due_rounds(db)
    cur = db.cursor()
    k = settings.min_group_size(cur)
    instruments = {i.key: i for i in list_instruments(cur)}
    rounds = _round_frame(cur, team, instrument, scope)
    if rounds.empty:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    dims = pd.DataFrame(
        [
            (key, dim, position, *_range(inst, dim))
            for key, inst in instruments.items()
            for position, dim in enumerate(inst.dimensions())
        ],
        columns=["instrument", "dimension", "position", "low", "high"],
    )
    closed = rounds[rounds["closed"]].copy()
    closed["block"], closed["complete"] = _blocks_per_series(closed, k)
    blocks = (
        closed.groupby(["team", "instrument", "block"], sort=False)
        .agg(
            period_start=("period_start", "first"),
            period_end=("period_end", "last"),
            rounds=("round_id", "size"),
            complete=("complete", "first"),
        )
        .reset_index()
    )
    sums = (
        _stats_frame(cur, closed["round_id"].tolist())
        .merge(closed[["round_id", "team", "instrument", "block"]], on="round_id")
        .groupby(["team", "instrument", "block", "dimension"], sort=False)[["n", "total", "total_sq"]]
        .sum()
        .reset_index()
    )
    grid = blocks.merge(dims, on="instrument").merge(sums, on=["team", "instrument", "block", "dimension"], how="left")
    grid[["n", "total", "total_sq"]] = grid[["n", "total", "total_sq"]].fillna(0)
    closed_rows = _figures_columns(grid, k)

    still_open = rounds[~rounds["closed"]]
    open_rows = still_open.merge(dims, on="instrument").assign(
        n=lambda f: f["responses"],
        rounds=1,
        note=lambda f: "round open until " + f["period_end"].map(date.isoformat) + ": figures appear when it closes",
    )
    frame = pd.concat([closed_rows, open_rows], ignore_index=True)
    for column in ("mean", "ci_low", "ci_high", "sd"):
        if column not in frame:
            frame[column] = np.nan
        frame[column] = frame[column].astype(float)
    frame["period"] = frame["period_start"].map(date.isoformat)
    frame["period_end"] = frame["period_end"].map(date.isoformat)
    frame["level"] = "team"
    frame["n"] = frame["n"].astype(int)
    frame = frame.sort_values(["team", "instrument", "period", "position"], kind="stable", ignore_index=True)
    return frame[FRAME_COLUMNS]


def _blocks_per_series(closed: pd.DataFrame, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``assign_blocks`` over every (team, instrument) series of a frame sorted by period."""
    block = np.zeros(len(closed), dtype=np.int64)
    complete = np.zeros(len(closed), dtype=bool)
    keys = list(zip(closed["team"], closed["instrument"], strict=True))
    responses = closed["responses"].to_numpy()
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            blocks, done = assign_blocks(responses[start:i].tolist(), k)
            block[start:i], complete[start:i] = blocks, done
            start = i
    return block, complete


def _figures_columns(grid: pd.DataFrame, k: int) -> pd.DataFrame:
    """Mean, sd and the t-based 90% interval for every block row, blanked where suppressed."""
    n = grid["n"].to_numpy(dtype=float)
    shown = grid["complete"].to_numpy(dtype=bool) & (n >= k)
    safe_n = np.where(n > 0, n, 1.0)
    mean = grid["total"].to_numpy() / safe_n
    variance = np.clip(grid["total_sq"].to_numpy() - n * mean * mean, 0, None) / np.where(n > 1, n - 1, 1.0)
    sd = np.sqrt(variance)
    quantile = scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, np.where(n > 1, n - 1, 1.0))
    half = quantile * sd / np.sqrt(safe_n)
    grid = grid.assign(
        mean=np.where(shown, mean, np.nan),
        sd=np.where(shown, sd, np.nan),
        ci_low=np.where(shown, np.maximum(grid["low"], mean - half), np.nan),
        ci_high=np.where(shown, np.minimum(grid["high"], mean + half), np.nan),
    )
    counts = grid["n"].astype(int).astype(str)
    suppressed = f"suppressed: fewer than {k} responses (n=" + counts + ")"
    waiting = np.where(grid["n"] > 0, "; waiting to be pooled with the next rounds", "")
    pooled = np.where(
        grid["rounds"] > 1,
        "pooled over " + grid["rounds"].astype(str) + " rounds to " + grid["period_end"].map(date.isoformat),
        "",
    )
    grid["note"] = np.where(shown, pooled, np.where(grid["complete"], suppressed, suppressed + waiting))
    return grid


def _range(inst: Instrument, dimension: str) -> tuple[float, float]:
    if dimension == "score":
        return inst.score_range
    q = inst.question(dimension)
    return (q.scale_min, q.scale_max)


# --- tribe and organisation level ------------------------------------------------------------


def group_results(db, level: str = "tribe", instrument: str | None = None) -> list[Figure]:
    """Tribe or organisation figures per single period, safe against subtraction.

    A parent is the pooled sum of the team figures already shown for that period: a team counts
    only when its round is shown on its own (a single-round block with at least k answers to the
    dimension). Teams below k are left out and counted in the note. Pooling the suppressed teams
    together would look harmless, but a small team's round that sits in a pooled block could then
    be recovered: with team B's block (r1 + r2) shown and r2 counted in the tribe, the block minus
    the tribe's residual gives r1 alone. So a parent never adds information a team figure lacks,
    and parent minus shown children is always exactly nothing.
    """
    if level not in ("tribe", "organisation"):
        raise ValueError("level must be 'tribe' or 'organisation'")
    close_due_rounds(db)
    cur = db.cursor()
    k = settings.min_group_size(cur)
    instruments = {i.key: i for i in list_instruments(cur)}
    rounds = _round_frame(cur, None, instrument, None)
    rounds = rounds[rounds["closed"]]
    if rounds.empty:
        return []
    alone = []
    for _, group in rounds.groupby(["team", "instrument"], sort=False):
        blocks, complete = assign_blocks(group["responses"].tolist(), k)
        sizes = pd.Series(blocks).value_counts()
        alone.extend(
            rid for rid, block, ok in zip(group["round_id"], blocks, complete, strict=True) if ok and sizes[block] == 1
        )
    stats = _stats_frame(cur, rounds["round_id"].tolist()).merge(
        rounds[["round_id", "team", "tribe", "instrument", "period_start", "period_end"]], on="round_id"
    )
    stats["shown"] = stats["round_id"].isin(alone) & (stats["n"] >= k)
    if level == "tribe":
        stats = stats[stats["tribe"].notna()]
        keys = ["tribe", "instrument", "period_start", "dimension"]
    else:
        stats = stats.assign(organisation="organisation")
        keys = ["organisation", "instrument", "period_start", "dimension"]
    figures = []
    for (name, key, start, dim), cell in stats.groupby(keys, sort=True):
        inst = instruments[key]
        included = cell[cell["shown"]]
        left_out = int((~cell["shown"] & (cell["n"] > 0)).sum())
        end = cell["period_end"].max().isoformat()
        n = int(included["n"].sum())
        if n < k:
            note = _suppressed_note(k, n) + (f"; {left_out} team(s) below the threshold" if left_out else "")
            figures.append(Figure(name, key, dim, start.isoformat(), n, None, None, None, note, end, 1, level))
            continue
        low, high = _range(inst, dim)
        mean, sd, ci_low, ci_high = interval(n, included["total"].sum(), included["total_sq"].sum(), low, high)
        note = f"leaves out {left_out} team(s) below the threshold" if left_out else ""
        figures.append(Figure(name, key, dim, start.isoformat(), n, mean, ci_low, ci_high, note, end, 1, level, sd))
    order = {d: i for inst in instruments.values() for i, d in enumerate(inst.dimensions())}
    figures.sort(key=lambda f: (f.team, f.instrument, f.period, order.get(f.dimension, 99)))
    return figures


# --- other views -----------------------------------------------------------------------------


def latest_scores(
    db, instrument: str = "psych-safety", dimension: str = "score", *, scope: Collection[str] | None = None
) -> list[Figure]:
    """Each team's most recent showable figure for one dimension."""
    latest: dict[str, Figure] = {}
    for fig in team_results(db, instrument=instrument, scope=scope):
        if fig.dimension == dimension and fig.shown:
            latest[fig.team] = fig
    return sorted(latest.values(), key=lambda f: f.team)


def comments(db, team: str, instrument: str | None = None, *, names: Collection[str] = ()) -> list[CommentBlock]:
    """Comments of a team's showable blocks, scrubbed of identifiers and in random order."""
    close_due_rounds(db)
    cur = db.cursor()
    k = settings.min_group_size(cur)
    rounds = _round_frame(cur, team, instrument, None)
    rounds = rounds[rounds["closed"]]
    out = []
    for key, group in rounds.groupby("instrument", sort=True):
        blocks, complete = assign_blocks(group["responses"].tolist(), k)
        group = group.assign(block=blocks, complete=complete)
        for _, block in group[group["complete"]].groupby("block", sort=True):
            ids = block["round_id"].tolist()
            texts = [
                r[0]
                for r in cur.execute(
                    "SELECT body FROM comments WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids]
                ).fetchall()
            ]
            random.SystemRandom().shuffle(texts)
            out.append(
                CommentBlock(
                    team,
                    key,
                    block["period_start"].iloc[0].isoformat(),
                    int(block["responses"].sum()),
                    [scrub_identifiers(t, list(names)) for t in texts],
                )
            )
    return out


def participation(db, *, scope: Collection[str] | None = None) -> pd.DataFrame:
    """Responses per round and, where the team's size is known, the participation rate.

    Counts may show live (DESIGN.md rule 6); no figure computed from answers is included.
    """
    cur = db.cursor()
    frame = _round_frame(cur, None, None, scope)
    frame["rate"] = frame["responses"] / frame["team_size"]
    return frame[
        ["team", "tribe", "instrument", "period_start", "period_end", "closed", "responses", "team_size", "rate"]
    ]


def raw_answers(db) -> pd.DataFrame:
    """The anonymous answer rows of closed rounds, for an explicit admin export only."""
    close_due_rounds(db)
    return (
        db.cursor()
        .execute(
            "SELECT t.name AS team, r.instrument_key AS instrument, r.period_start AS period,"
            " a.response_id, a.question, a.value"
            " FROM answers a JOIN rounds r ON r.id = a.round_id JOIN teams t ON t.id = r.team_id"
            " WHERE r.status = 'closed' ORDER BY t.name, r.instrument_key, r.period_start, a.response_id, a.question"
        )
        .df()
    )


def raw_comments(db) -> pd.DataFrame:
    """Comment rows of closed rounds for the admin export: scrubbed, with no link to any answers."""
    close_due_rounds(db)
    frame = (
        db.cursor()
        .execute(
            "SELECT t.name AS team, r.instrument_key AS instrument, r.period_start AS period, c.body AS comment"
            " FROM comments c JOIN rounds r ON r.id = c.round_id JOIN teams t ON t.id = r.team_id"
            " WHERE r.status = 'closed' ORDER BY t.name, r.instrument_key, r.period_start, c.id"
        )
        .df()
    )
    frame["comment"] = frame["comment"].map(scrub_identifiers)
    return frame


# --- item moments for scale reliability (analysis/reliability.py) ------------------------------
# Added for issue 3. Cronbach's alpha and McDonald's omega need how an instrument's items vary
# together across people. This returns only pooled sums over closed rounds in blocks reaching k,
# never a response's answers.


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


def item_moments(db, instrument: str, *, scope: Collection[str] | None = None) -> ItemMoments | None:
    """Means and covariances of ``instrument``'s scored items over every showable closed round.

    Only rounds inside complete blocks (reaching k) count, only responses that answered every
    scored item, and the result is one aggregate over all of them: None when fewer than k
    complete responses (or fewer than two scored items) remain. Purged rounds have no answers left
    and drop out.
    """
    import numpy as np

    close_due_rounds(db)
    cur = db.cursor()
    k = settings.min_group_size(cur)
    inst = next((i for i in list_instruments(cur) if i.key == instrument), None)
    if inst is None:
        return None
    items = tuple(q.key for q in inst.questions if q.in_score)
    if len(items) < 2:
        return None
    rounds = _round_frame(cur, None, instrument, scope)
    rounds = rounds[rounds["closed"]]
    showable: list[int] = []
    for _, group in rounds.groupby("team", sort=True):
        _, complete = assign_blocks(group["responses"].tolist(), k)
        showable += [int(r) for r, ok in zip(group["round_id"], complete, strict=True) if ok]
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
