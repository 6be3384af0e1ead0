"""Column mappings saved with an instrument (``import_mappings``, migration m0007) and reused next time."""

from __future__ import annotations

from pulse.importers import columns as c
from pulse.importers.layouts import ColumnPlan


def saved_mapping(cur, instrument_key: str) -> dict[str, str]:
    """The saved targets of an instrument's columns, by header as compared (:func:`.columns.normal`)."""
    rows = cur.execute("SELECT header, target FROM import_mappings WHERE instrument_key = ?", [instrument_key])
    return dict(rows.fetchall())


def save_mapping(cur, instrument_key: str, cols: list[ColumnPlan]) -> int:
    """Save what each settled column maps to (identity columns excepted); return how many were saved."""
    rows = [
        (instrument_key, c.normal(col.header), col.target)
        for col in cols
        if col.sure and col.role != c.IDENTITY and col.how != "--team given" and c.normal(col.header)
    ]
    if rows:
        cur.executemany(
            "INSERT INTO import_mappings (instrument_key, header, target) VALUES (?, ?, ?)"
            " ON CONFLICT (instrument_key, header) DO UPDATE SET target = excluded.target",
            rows,
        )
    return len(rows)
