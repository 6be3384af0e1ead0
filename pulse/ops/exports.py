"""Exports: suppressed aggregates for anyone, raw anonymous rows only on an explicit admin request."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pulse import results, reviews
from pulse.errors import PulseError
from pulse.results import ALL_TEAMS

FORMATS = ("csv", "parquet")
# Spreadsheet programs run cells that start with these as formulas (CSV injection), some of them
# after leading blanks too (" =1+1"). Tab and CR start a formula in some programs on their own.
_FORMULA_START = ("=", "+", "-", "@")
_CONTROL_START = ("\t", "\r")


def neutralise_formula(value):
    """Prefix text a spreadsheet would run as a formula with an apostrophe; numbers pass unchanged.

    The one guard for every CSV TeamPulse writes (exports, code sheets, ``--format csv``).
    """
    if isinstance(value, str) and (value.startswith(_CONTROL_START) or value.lstrip().startswith(_FORMULA_START)):
        return "'" + value
    return value


def figures_frame(figures: list[results.Figure]) -> pd.DataFrame:
    return pd.DataFrame(
        [f.as_dict() for f in figures],
        columns=[*results.COLUMNS, "period_end", "rounds", "level"],
    )


def write_frame(frame: pd.DataFrame, path: Path, fmt: str) -> Path:
    if fmt == "csv":
        safe = frame.copy()
        for column in safe.columns:
            # pandas 3 gives text its own "str" dtype; older versions use object: cover both.
            if not pd.api.types.is_numeric_dtype(safe[column]):
                safe[column] = safe[column].map(neutralise_formula)
        target = path.with_suffix(".csv")
        # CRLF (RFC 4180) also makes the writer quote a CR inside a cell instead of leaving it bare.
        safe.to_csv(target, index=False, lineterminator="\r\n")
    else:
        target = path.with_suffix(".parquet")
        frame.to_parquet(target, index=False)
    return target


def export(db, out: str | Path, fmt: str = "csv", raw: bool = False) -> list[Path]:
    """Write team, tribe and organisation figures (and with ``raw`` the anonymous rows) to ``out``."""
    if fmt not in FORMATS:
        raise PulseError(f"unknown export format {fmt!r} (use {' or '.join(FORMATS)})")
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PulseError(f"cannot create export folder {out}: {e.strerror}") from e
    written = [
        write_frame(figures_frame(results.team_results(db, scope=ALL_TEAMS)), out / "team_results", fmt),
        write_frame(figures_frame(results.group_results(db, "tribe")), out / "tribe_results", fmt),
        write_frame(figures_frame(results.group_results(db, "organisation")), out / "organisation_results", fmt),
        write_frame(results.participation(db, scope=ALL_TEAMS), out / "participation", fmt),
    ]
    written += reviews.export_reviews(db, out)  # published reviews only, as Markdown and JSON
    if raw:
        written.append(write_frame(results.raw_answers(db), out / "raw_answers", fmt))
        written.append(write_frame(results.raw_comments(db), out / "raw_comments", fmt))
    return written
