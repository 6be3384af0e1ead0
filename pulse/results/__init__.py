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

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from pulse import settings
from pulse.instruments import Instrument, instrument_for, list_instruments
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


def _round_frame(
    cur, team: str | None, instrument: str | None, scope: Collection[str] | None, *, closed_counts: bool = True
) -> pd.DataFrame:
    # Closed rounds read their frozen statistics; open rounds only their live participation count.
    # Without ``closed_counts`` a closed round's count is left at 0 for a caller that reads the
    # round's statistics anyway (a scan of round_stats saved).
    sql = (
        "WITH live AS (SELECT round_id, count(*) AS n FROM responses"
        "   WHERE round_id IN (SELECT id FROM rounds WHERE status = 'open') GROUP BY round_id)"
        " SELECT r.id AS round_id, t.name AS team, g.name AS tribe, t.size AS team_size,"
        " r.instrument_key AS instrument, r.period_start, r.period_end, r.status = 'closed' AS closed,"
        f" CAST(CASE WHEN r.status = 'closed' THEN {'coalesce(s.n, 0)' if closed_counts else '0'}"
        " ELSE coalesce(live.n, 0) END AS INTEGER) AS responses"
        " FROM rounds r JOIN teams t ON t.id = r.team_id LEFT JOIN tribes g ON g.id = t.tribe_id"
        + (" LEFT JOIN round_stats s ON s.round_id = r.id AND s.dimension = 'score'" if closed_counts else "")
        + " LEFT JOIN live ON live.round_id = r.id"
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
    return _figures(team_frame(db, team, instrument, scope=scope))


def _figures(frame: pd.DataFrame) -> list[Figure]:
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
    return _team_frame(db, team, instrument, scope, latest=False)


def latest_frame(
    db,
    instrument: str | None = None,
    *,
    scope: Collection[str] | None = None,
) -> pd.DataFrame:
    """Each team's latest shown period (or pooled block) of each instrument: ``team_frame``'s rows for it.

    The latest closed block that reaches k, so its composite score is shown; a dimension with fewer
    than k answers in it stays suppressed. For an organisation overview (one period per team):
    only the rounds of those blocks are read. Teams without such a block are absent; open rounds
    are left out (their figures do not exist yet).
    """
    return _team_frame(db, None, instrument, scope, latest=True)


def _iso_dates(column: pd.Series) -> np.ndarray:
    """ISO text of a column of dates, vectorised (``date.isoformat`` per row is slow at scale)."""
    return np.datetime_as_string(pd.to_datetime(column).to_numpy().astype("datetime64[D]"), unit="D")


def _team_frame(db, team, instrument, scope, *, latest: bool) -> pd.DataFrame:
    cur = db.cursor()
    k = settings.min_group_size(cur)
    # Definitions from the per-Database cache (instruments are only ever added, never changed).
    keys = [r[0] for r in cur.execute("SELECT key FROM instruments ORDER BY builtin DESC, key").fetchall()]
    instruments = {key: instrument_for(db, key) for key in keys}
    rounds = _round_frame(cur, team, instrument, scope, closed_counts=latest)
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
    # Dates become text once per round, not once per row of the result (a row per dimension), and
    # each round gets its place in (team, instrument, period) order, the order of the result: the
    # final sort is then on two integer columns instead of text ones.
    rounds = rounds.assign(period=_iso_dates(rounds["period_start"]), end=_iso_dates(rounds["period_end"]))
    place = rounds.sort_values(["team", "instrument", "period"], kind="stable").index.to_numpy()
    rounds["rank"] = np.empty(len(rounds), dtype=np.int64)
    rounds.loc[place, "rank"] = np.arange(len(rounds))
    closed = rounds[rounds["closed"]].copy()
    stats = None
    if not latest:  # every closed round's statistics are read: their score rows give the counts
        stats = _stats_frame(cur, closed["round_id"].tolist())
        counts = stats.loc[stats["dimension"] == "score"].set_index("round_id")["n"]
        closed["responses"] = closed["round_id"].map(counts).fillna(0).astype(closed["responses"].dtype)
    closed["block"], closed["complete"] = _blocks_per_series(closed, k)
    if latest:
        done = closed[closed["complete"]]
        closed = done[done["block"] == done.groupby(["team", "instrument"], sort=False)["block"].transform("max")]
        stats = _stats_frame(cur, closed["round_id"].tolist())
    by_block = closed.groupby(["team", "instrument", "block"], sort=False)
    closed["key"] = by_block.ngroup()
    blocks = by_block.agg(
        rounds=("round_id", "size"),
        complete=("complete", "first"),
        period=("period", "first"),
        end=("end", "last"),
        rank=("rank", "first"),
    ).reset_index()
    blocks["key"] = np.arange(len(blocks))
    blocks["pooled"] = np.where(
        blocks["rounds"] > 1, "pooled over " + blocks["rounds"].astype(str) + " rounds to " + blocks["end"], ""
    )
    sums = (
        stats.merge(closed[["round_id", "key"]], on="round_id")
        .groupby(["key", "dimension"], sort=False)[["n", "total", "total_sq"]]
        .sum()
        .reset_index()
    )
    # One row per block and dimension of its instrument, kept narrow: text that belongs to the
    # block (team, period, ...) is taken once, at the end, already in the final order.
    dims["dim"] = np.arange(len(dims))
    grid = blocks[["key", "instrument"]].merge(dims[["instrument", "dimension", "dim"]], on="instrument")
    grid = grid.merge(sums, on=["key", "dimension"], how="left")
    at = grid["key"].to_numpy()
    dim = grid["dim"].to_numpy()
    closed_figures = _figures_columns(
        grid["n"].fillna(0).to_numpy(dtype=float),
        grid["total"].fillna(0).to_numpy(dtype=float),
        grid["total_sq"].fillna(0).to_numpy(dtype=float),
        blocks["complete"].to_numpy(dtype=bool)[at],
        dims["low"].to_numpy(dtype=float)[dim],
        dims["high"].to_numpy(dtype=float)[dim],
        blocks["pooled"].to_numpy(dtype=object)[at],
        k,
    )
    del grid, sums, stats

    still_open = rounds[~rounds["closed"]] if not latest else rounds.iloc[:0]
    still_open = still_open.reset_index(drop=True).assign(rounds=1)
    open_grid = still_open[["instrument"]].reset_index(names="row").merge(dims[["instrument", "dim"]], on="instrument")
    open_row, open_dim = open_grid["row"].to_numpy(), open_grid["dim"].to_numpy()
    open_note = ("round open until " + still_open["end"] + ": figures appear when it closes").to_numpy(dtype=object)

    columns = ["team", "instrument", "period", "end", "rounds", "rank"]
    source = pd.concat([blocks[columns], still_open[columns]], ignore_index=True)
    src = np.concatenate([at, len(blocks) + open_row])
    dim = np.concatenate([dim, open_dim])
    order = np.lexsort((dims["position"].to_numpy()[dim], source["rank"].to_numpy()[src]))
    src, dim = src[order], dim[order]
    missing = np.full(len(open_row), np.nan)
    frame = pd.DataFrame(
        {
            "team": source["team"].array.take(src),
            "instrument": source["instrument"].array.take(src),
            "dimension": dims["dimension"].array.take(dim),
            "period": source["period"].array.take(src),
            "n": np.concatenate([closed_figures["n"], still_open["responses"].to_numpy()[open_row]])[order],
            **{
                column: np.concatenate([closed_figures[column], missing])[order]
                for column in ("mean", "ci_low", "ci_high")
            },
            "note": np.concatenate([closed_figures["note"], open_note[open_row]])[order],
            "period_end": source["end"].array.take(src),
            "rounds": source["rounds"].array.take(src),
            "level": "team",
            "sd": np.concatenate([closed_figures["sd"], missing])[order],
            "position": dims["position"].array.take(dim),
        }
    )
    frame["n"] = frame["n"].astype(int)
    return frame[FRAME_COLUMNS]


def _blocks_per_series(closed: pd.DataFrame, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``assign_blocks`` over every (team, instrument) series of a frame sorted by period."""
    block = np.zeros(len(closed), dtype=np.int64)
    complete = np.zeros(len(closed), dtype=bool)
    series = closed.groupby(["team", "instrument"], sort=False).ngroup().to_numpy()
    starts = [0, *(np.flatnonzero(np.diff(series)) + 1).tolist(), len(closed)]
    responses = closed["responses"].to_numpy()
    for start, stop in zip(starts[:-1], starts[1:], strict=True):
        blocks, done = assign_blocks(responses[start:stop].tolist(), k)
        block[start:stop], complete[start:stop] = blocks, done
    return block, complete


def _figures_columns(n, total, total_sq, complete, low, high, pooled, k: int) -> dict[str, np.ndarray]:
    """Mean, sd and the t-based 90% interval for every block row, blanked where suppressed."""
    shown = complete & (n >= k)
    safe_n = np.where(n > 0, n, 1.0)
    mean = total / safe_n
    variance = np.clip(total_sq - n * mean * mean, 0, None) / np.where(n > 1, n - 1, 1.0)
    sd = np.sqrt(variance)
    # The t quantile once per distinct degrees of freedom: there are few, and rows are millions.
    freedom, at = np.unique(np.where(n > 1, n - 1, 1.0), return_inverse=True)
    quantile = scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, freedom)[at]
    half = quantile * sd / np.sqrt(safe_n)
    # Notes written once per count (and once per block for pooling), then picked per row.
    counts = n.astype(np.int64)
    suppressed = np.array([_suppressed_note(k, i) for i in range(counts.max(initial=0) + 1)], dtype=object)
    waiting = suppressed + np.where(np.arange(len(suppressed)) > 0, "; waiting to be pooled with the next rounds", "")
    return {
        "n": n,
        "mean": np.where(shown, mean, np.nan),
        "sd": np.where(shown, sd, np.nan),
        "ci_low": np.where(shown, np.maximum(low, mean - half), np.nan),
        "ci_high": np.where(shown, np.minimum(high, mean + half), np.nan),
        "note": np.where(shown, pooled, np.where(complete, suppressed[counts], waiting[counts])),
    }


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
    # The composite score is shown exactly in complete blocks, so its latest is in latest_frame; a
    # single question may be suppressed there (too few answers) and shown in an earlier block.
    if dimension == "score":
        frame = latest_frame(db, instrument, scope=scope)
    else:
        frame = team_frame(db, instrument=instrument, scope=scope)
    shown = frame[(frame["dimension"] == dimension) & frame["mean"].notna()]
    latest = shown.groupby("team", sort=False).tail(1)  # the frame runs in period order per team
    return sorted(_figures(latest), key=lambda f: f.team)


def comments(db, team: str, instrument: str | None = None, *, names: Collection[str] = ()) -> list[CommentBlock]:
    """Comments of a team's showable blocks, scrubbed of identifiers and in random order."""
    cur = db.cursor()
    k = settings.min_group_size(cur)
    rounds = _round_frame(cur, team, instrument, None)
    rounds = rounds[rounds["closed"]]
    shown = []
    for key, group in rounds.groupby("instrument", sort=True):
        blocks, complete = assign_blocks(group["responses"].tolist(), k)
        group = group.assign(block=blocks, complete=complete)
        shown += [(key, block) for _, block in group[group["complete"]].groupby("block", sort=True)]
    # One query for every shown block's comments (a query per block cost a scan of the table each).
    ids = [int(r) for _, block in shown for r in block["round_id"]]
    by_round: dict[int, list[str]] = {}
    for round_id, body in cur.execute(
        "SELECT round_id, body FROM comments WHERE round_id IN (SELECT unnest(?::INTEGER[]))", [ids]
    ).fetchall():
        by_round.setdefault(round_id, []).append(body)
    out = []
    for key, block in shown:
        texts = [t for r in block["round_id"] for t in by_round.get(int(r), [])]
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
