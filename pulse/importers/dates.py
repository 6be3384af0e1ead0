"""Timestamps as form tools and spreadsheets write them, reduced to their day, and a file's date order.

Only the day is kept: the time of day and the time zone are checked for shape, then dropped, so no
submission time ever reaches the database. The order of a slashed date (3/11/2026) is never guessed:
the file's own dates decide it (a day past the 12th), or the caller says it (``--date-order``);
otherwise the import stops with a message naming the option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pulse.errors import ImportFailed
from pulse.importers.read import Record, failed, short

EARLIEST = date(2000, 1, 1)  # an earlier pulse date is a typing or export mistake
ORDERS = ("mdy", "dmy")
ORDER_NAMES = {"mdy": "month/day/year", "dmy": "day/month/year"}

# A time as form tools write it: "10:02:11", "9:10 AM", "10:02:11 AM GMT+1", "10:21:33 PM GMT+5:30",
# "10:21:33 AM EST", "10:02:11 a. m. GMT-5", "T10:02:11.123Z", "10:02:11+01:00". Zone abbreviations
# are upper case only, so words after a date are refused rather than read as a zone.
_TIME = (
    r"(?:(?:[T ,]|,\s)\s*(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?"
    r"(?:\s*(?:[AP]M|[AP]\.\s?M\.))?"
    r"(?:\s*(?:Z|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|(?-i:[A-Z]{2,5})))?)?\s*"
)
# Day and month in either order: slashes (US, UK, most of the world) or dashes (Dutch, Danish).
SLASH_DATE = re.compile(r"^\s*(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + "$", re.ASCII | re.IGNORECASE)
# Dots are written day first (German, Russian, Finnish, ... "03.11.2026 10:21"), never month first.
DOT_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?" + _TIME + "$", re.ASCII | re.IGNORECASE)
# Morning / afternoon written before the time by Korean, Chinese and Japanese locales ("오전 10:21:33").
_MERIDIEM = r"(?:\s*(?:오전|오후|上午|下午|午前|午後)(?=\s*\d))?"
# Year first is never ambiguous: 2026-11-03, 2026/11/03 10:21:33 AM GMT+1 (Google Forms), 2026.11.03, and
# Korean Google Sheets' "2026. 11. 3. 오전 10:21:33".
ISO_DATE = re.compile(
    r"^\s*(\d{4})([-/.])\s*(\d{1,2})\2\s*(\d{1,2})\.?" + _MERIDIEM + _TIME + "$", re.ASCII | re.IGNORECASE
)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def parse_date(cell: str, order: str = "mdy") -> date:
    """The day of a date cell, with any time and zone after it dropped.

    Parameters
    ----------
    cell : str
        ``2026-03-14``, ``2026/11/03 10:21:33 AM GMT+1``, ``3/14/2026 10:02``, ``03.11.2026 10:21``.
    order : {"mdy", "dmy"}
        How to read a slashed or dashed day and month. Dotted dates are always day first.

    Raises
    ------
    ValueError
        For anything else, or a day that does not exist.
    """
    m = ISO_DATE.match(cell)
    if m:
        return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    m = DOT_DATE.match(cell)
    if m:
        return date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = SLASH_DATE.match(cell)
    if m:
        a, b, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        month, day = (a, b) if order == "mdy" else (b, a)
        return date(year, month, day)
    raise ValueError(f"not a date: {cell!r}")


@dataclass(frozen=True)
class DateOrder:
    """How a file's day/month dates are read, and why (shown to the user)."""

    order: str
    how: str  # "given", "decided by row N", "not needed"


def decide_order(body: list[Record], col: int, label: str, given: str | None) -> DateOrder:
    """The day/month order of a file's dates: given, or decided by the file's own dates.

    Raises
    ------
    ImportFailed
        When the file mixes both orders (naming the later row), or when every slashed date could be
        read either way and no order was given (naming ``--date-order dmy|mdy``).
    """
    day_first = month_first = ambiguous = None
    for record in body:
        cell = record.cells[col] if col < len(record.cells) else ""
        m = SLASH_DATE.match(cell)
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 >= b and day_first is None:
            day_first = record
        elif b > 12 >= a and month_first is None:
            month_first = record
        elif a != b and a <= 12 and b <= 12 and ambiguous is None:
            ambiguous = record
        if day_first and month_first:
            earlier, later = sorted((day_first, month_first), key=lambda r: r.number)
            raise failed(
                later,
                label,
                f"{short(later.cells[col])!r} and row {earlier.number}'s {short(earlier.cells[col])!r} mix"
                " day/month and month/day dates",
                "date",
            )
    if given is not None:
        return DateOrder(given, "given")
    if day_first:
        return DateOrder("dmy", f"decided by row {day_first.number} ({short(day_first.cells[col])!r})")
    if month_first:
        return DateOrder("mdy", f"decided by row {month_first.number} ({short(month_first.cells[col])!r})")
    if ambiguous:
        cell = short(ambiguous.cells[col])
        m = SLASH_DATE.match(ambiguous.cells[col])
        a, b = int(m.group(1)), int(m.group(3))
        raise ImportFailed(
            f"row {ambiguous.number}, column {label}: {cell!r} could be day {a} of month {b} or day {b} of month"
            f" {a}, and no date in the file tells which; add --date-order dmy (day first) or --date-order mdy"
            " (month first)",
            ambiguous.number,
            "date",
        )
    return DateOrder("mdy", "not needed")


def check_day(record: Record, label: str, cell: str, order: str, today: date) -> date:
    """The day of one date cell, refused (naming row and column) when it is not a date or not plausible."""
    try:
        day = parse_date(cell, order)
    except ValueError:
        raise failed(record, label, f"{short(cell)!r} is not a date (use YYYY-MM-DD)", "date") from None
    if day > today:
        raise failed(record, label, f"{day} is in the future", "date")
    if day < EARLIEST:
        raise failed(record, label, f"{day} is before {EARLIEST.year}: check the date", "date")
    return day
