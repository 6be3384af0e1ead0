"""Timestamps as form tools write them, reduced to their day, and the day/month order of a file."""

from __future__ import annotations

import re
from datetime import date

from pulse.importers.read import Record, failed, short

EARLIEST = date(2000, 1, 1)  # an earlier pulse date is a typing or export mistake
ORDERS = ("mdy", "dmy")

# A date, then optionally a time as form tools write it ("10:02:11", "9:10:00 AM", "10:02:11 AM GMT+1",
# "T10:02:11.123Z", "10:02:11+01:00"). Anything else after the date is refused, not ignored.
_TIME = (
    r"(?:[T ,]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AP]M)?\s*"
    r"(?:Z|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|UTC|GMT)?)?\s*"
)
SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})" + _TIME + "$", re.ASCII | re.IGNORECASE)
ISO_DATE = re.compile(r"^\s*(\d{4})([-/])(\d{1,2})\2(\d{1,2})" + _TIME + "$", re.ASCII | re.IGNORECASE)


def parse_date(cell: str, order: str = "mdy") -> date:
    """The day of a date cell: ISO (2026-03-14, 2026/03/14) or slashed in ``order``, with an optional time.

    Raises ValueError for anything else."""
    m = SLASH_DATE.match(cell)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year += 2000 if year < 100 else 0
        month, day = (a, b) if order == "mdy" else (b, a)
        return date(year, month, day)
    m = ISO_DATE.match(cell)
    if m:
        return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    raise ValueError(f"not a date: {cell!r}")


def has_slash_dates(body: list[Record], col: int) -> bool:
    """Whether any row writes its date with slashes (so the order read is worth a note)."""
    return any(len(r.cells) > col and SLASH_DATE.match(r.cells[col]) for r in body)


def date_order(body: list[Record], col: int, label: str) -> str:
    """Infer month/day or day/month from a file's slash dates; form tools follow the owner's locale."""
    day_first = month_first = None
    for record in body:
        m = SLASH_DATE.match(record.cells[col]) if col < len(record.cells) else None
        if not m:
            continue
        first_big, second_big = int(m.group(1)) > 12, int(m.group(2)) > 12
        if first_big and not second_big and day_first is None:
            day_first = record
        if second_big and not first_big and month_first is None:
            month_first = record
        if day_first and month_first:
            earlier, later = sorted((day_first, month_first), key=lambda r: r.number)
            raise failed(
                later,
                label,
                f"{short(later.cells[col])!r} and row {earlier.number}'s {short(earlier.cells[col])!r} mix"
                " day/month and month/day dates",
                "date",
            )
    return "dmy" if day_first else "mdy"
