"""The result frame: the one shape that crosses the door, and the row type older callers read.

Columns of a team frame (``FRAME_COLUMNS``): ``team``, ``instrument``, ``dimension``, ``period`` (ISO
first day of the period, or of the first round of a pooled block), ``n`` (answers), ``mean``,
``ci_low``, ``ci_high`` and ``sd`` (NaN when suppressed), ``note`` (why suppressed, or how pooled),
``period_end``, ``rounds`` (rounds in the block), ``level`` and ``position`` (the dimension's order).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

COLUMNS = ["team", "instrument", "dimension", "period", "n", "mean", "ci_low", "ci_high", "note"]
FRAME_COLUMNS = [*COLUMNS, "period_end", "rounds", "level", "sd", "position"]


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
        """Whether the figure is shown (not suppressed)."""
        return self.mean is not None

    def as_row(self) -> dict:
        """The figure's ``COLUMNS`` as a dict."""
        return {column: getattr(self, column) for column in COLUMNS}

    def as_dict(self) -> dict:
        """Every field of the figure as a dict."""
        return asdict(self)


@dataclass(frozen=True)
class CommentBlock:
    """The comments of one shown block (a round, or rounds pooled to reach k) of a team."""

    team: str
    instrument: str
    period: str
    n: int
    comments: list[str]


def figures(frame: pd.DataFrame) -> list[Figure]:
    """Rows of a result frame as ``Figure`` objects (for callers that want objects)."""
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
            getattr(r, "level", "team"),
            _num(r.sd),
        )  # fmt: skip
        for r in frame.itertuples(index=False)
    ]


def _num(value) -> float | None:
    return None if value is None or value != value else float(value)


def suppressed_note(k: int, n: int) -> str:
    """The note of a figure suppressed because ``n`` is under ``k``."""
    return f"suppressed: fewer than {k} responses (n={n})"
