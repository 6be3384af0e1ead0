"""Planning an import: read the whole file, map its columns, read every row, and say what would be written.

Nothing is written here. :func:`plan_import` returns an :class:`ImportPlan` that says what each
column was taken as (with its confidence), the rows read, the date range, the rounds that would be
created and every problem that stops the import; :func:`pulse.importers.write_import` writes a plan
without problems in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pulse.errors import ImportFailed, PulseError
from pulse.importers import columns as c
from pulse.importers.dates import ORDER_NAMES, ORDERS, SLASH_DATE, DateOrder, decide_order
from pulse.importers.layouts import ColumnOptions, ColumnPlan, plan_columns
from pulse.importers.periods import RoundPlan, plan_rounds
from pulse.importers.read import DELIMITERS, NOT_TEXT, Record, check_text, decode, records, short
from pulse.importers.rows import ParsedRow, Progress, column_labels, parse_rows
from pulse.importers.saved import saved_mapping
from pulse.importers.workbook import is_workbook, sheet_records
from pulse.instruments import Instrument, get_instrument
from pulse.teams import clean_name

PREVIEW_ROWS = 5


@dataclass(frozen=True)
class ImportOptions:
    """What the user said about a file; every field is optional.

    Attributes
    ----------
    team : str, optional
        Put every row in this team (a team column, if any, is ignored).
    create_teams : bool
        Create teams the file names that do not exist yet (else refuse their rows).
    date_order : {"dmy", "mdy"}, optional
        How to read 3/11/2026. Without it, the file's own dates must decide.
    mapping : mapping of str to str
        ``HEADER -> target``, target a question key, ``-key`` (values reversed), ``comment``, ``team``,
        ``date`` or ``ignore``. Headers compare case- and space-insensitively.
    comment_column, team_column : str, optional
        The column holding the comment, or the team.
    ignore_columns : tuple of str
        Columns to leave out.
    save_mapping : bool
        Save the settled mapping with the instrument when the plan is written.
    use_saved_mapping : bool
        Apply a mapping saved earlier for this instrument.
    today : date, optional
        The day that decides which periods are over (tests; defaults to today).
    """

    team: str | None = None
    create_teams: bool = True
    date_order: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    comment_column: str | None = None
    team_column: str | None = None
    ignore_columns: tuple[str, ...] = ()
    save_mapping: bool = False
    use_saved_mapping: bool = True
    today: date | None = None


@dataclass
class ImportPlan:
    """What an import would do. ``ready`` when it has no problems; only then can it be written.

    Attributes
    ----------
    instrument, filename, encoding : str
        The instrument's key, the file's name, and how its text was read (``xlsx`` for a workbook).
    delimiter : str or None
        The CSV delimiter found (None for a workbook).
    columns : list of ColumnPlan
        Each column: its header, role (question, comment, team, date, identity, metadata, ignored,
        unknown), question key, confidence, how it was matched, and the option that settles it if unsure.
    rows : int
        Responses read (0 until the columns are settled).
    first_day, last_day : date or None
        The range of the response days.
    date_order : DateOrder or None
        How day/month dates were read, and what decided it.
    rounds : list of RoundPlan
        The rounds that would be created, with their team, period and number of responses.
    preview : list of ParsedRow
        The first rows as they would be stored (no identity, no time of day).
    problems : list of ImportFailed
        Everything that stops the import, each a one-line message with row and column where known.
    notes : list of str
        Things worth saying that do not stop it (the encoding, the date order).
    """

    instrument: str
    filename: str
    encoding: str = ""
    delimiter: str | None = None
    columns: list[ColumnPlan] = field(default_factory=list)
    rows: int = 0
    first_day: date | None = None
    last_day: date | None = None
    date_order: DateOrder | None = None
    rounds: list[RoundPlan] = field(default_factory=list)
    preview: list[ParsedRow] = field(default_factory=list)
    problems: list[ImportFailed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    options: ImportOptions = field(default_factory=ImportOptions)
    parsed: list[ParsedRow] = field(default_factory=list, repr=False)
    body: list[Record] = field(default_factory=list, repr=False)
    date_label: str = "date"

    @property
    def ready(self) -> bool:
        """Whether the plan can be written: every column settled and every row read without a problem."""
        return not self.problems and bool(self.parsed)

    @property
    def suggestions(self) -> list[str]:
        """The options that would settle the unsure columns, e.g. ``--map "HEADER=ps5"``."""
        return [col.suggestion for col in self.columns if col.suggestion and not col.sure]

    @property
    def dropped(self) -> list[str]:
        """Headers whose values are never read or stored (identity, metadata, ignored)."""
        return [
            col.header.strip() or f"column {col.index + 1}"
            for col in self.columns
            if not col.stored and col.role != c.DATE
        ]

    def summary(self) -> list[str]:
        """What the import understood, one line each: columns, dates, rounds (printed by the CLI)."""
        delimiter = f", delimiter {self.delimiter!r}" if self.delimiter else ""
        lines = [f"read {self.filename} as {self.encoding}{delimiter}"]
        for col in self.columns:
            lines.append(f"  column {col.index + 1} {short(col.header, 50)!r}: {col.describe()}")
        if self.first_day:
            order = (
                f"; day/month read as {ORDER_NAMES[self.date_order.order]} ({self.date_order.how})"
                if (self.date_order and self.date_order.how != "not needed")
                else ""
            )
            lines.append(f"dates from {self.first_day} to {self.last_day}{order}")
        for r in self.rounds:
            new = " (new team)" if r.new_team else ""
            lines.append(
                f"  round {r.team}{new} {r.period_start} to {r.period_end}: {r.responses} response(s), created closed"
            )
        return lines


def _read_table(data: bytes) -> tuple[list[Record], str, str | None, bool]:
    if is_workbook(data):
        return sheet_records(data), "xlsx", None, False
    text, encoding = decode(data)
    delimiter = _choose_delimiter(text)
    return list(records(text, delimiter)), encoding, delimiter, bool(NOT_TEXT.search(text))


def _choose_delimiter(text: str) -> str:
    """The delimiter under which the header reads as the most columns that look like columns of a
    response file, then the most columns. Decided from the header: comments often hold ';'."""

    def fit(delimiter: str) -> tuple[int, int]:
        try:
            header = next(records(text, delimiter)).cells
        except (ImportFailed, StopIteration):
            return (-1, -1)
        known = sum(c.role_of(h)[0] != c.UNKNOWN or c.normal(h).startswith("ps") for h in header)
        return (known, len(header))

    return max(DELIMITERS, key=fit)


def plan_import(
    db, data: bytes, filename: str, instrument_key: str, options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportPlan:  # fmt: skip
    """Read a whole file of responses and plan its import, writing nothing.

    Parameters
    ----------
    db : pulse.store.Database
    data : bytes
        The file: CSV or other delimited text in any common encoding, or an .xlsx workbook.
    filename : str
        Its name, for messages.
    instrument_key : str
    options : ImportOptions, optional
    progress : callable, optional
        Called as ``progress(done, total)`` while rows are read.

    Returns
    -------
    ImportPlan
        With ``problems`` listing whatever stops the import (unsure columns with the option that
        settles each, the first bad row, an ambiguous date order, a period that may not be imported).

    Raises
    ------
    ImportFailed
        When the file cannot be read at all (empty, not text, not a workbook, broken quoting).
    UnknownInstrument
    """
    options = options or ImportOptions()
    if options.date_order is not None and options.date_order not in ORDERS:
        raise ImportFailed(f"date order {options.date_order!r} must be one of {', '.join(ORDERS)}")
    today = options.today or date.today()
    cur = db.cursor()
    try:
        instrument = get_instrument(cur, instrument_key)
        saved = saved_mapping(cur, instrument.key) if options.use_saved_mapping else {}
    finally:
        cur.close()
    table, encoding, delimiter, suspect = _read_table(data)
    if not table:
        raise ImportFailed("the file is empty")
    header, body = table[0], table[1:]
    if suspect:
        check_text(header, lambda col: f"column {col + 1}")
    plan = ImportPlan(instrument.key, filename, encoding, delimiter, options=options, body=body)
    if encoding == "Windows-1252":
        plan.notes.append("the file is not UTF-8; read as Windows-1252 (Excel's plain CSV)")
    fixed_team = clean_name(options.team) if options.team else None
    column_options = ColumnOptions(
        dict(options.mapping), options.comment_column, options.team_column, tuple(options.ignore_columns),
        fixed_team is not None,
    )  # fmt: skip
    plan.columns, problems = plan_columns(header.cells, instrument, column_options, saved, body[:50])
    plan.problems = [ImportFailed(p, 0, "header") for p in problems]
    if fixed_team is None and not any(col.role == c.TEAM for col in plan.columns):
        plan.problems.append(ImportFailed("header: no `team` column; add one, pass --team or --team-column", 0, "team"))
    if not body:
        plan.problems.append(ImportFailed("the file has a header but no responses", 0, "rows"))
    if plan.problems:
        _dates_only(plan, header.cells, options, today)
        return plan
    try:
        _read_rows(plan, db, instrument, header.cells, fixed_team, today, suspect, progress)
    except ImportFailed as e:
        plan.problems.append(e)
    return plan


def _read_rows(plan: ImportPlan, db, instrument: Instrument, header, fixed_team, today, suspect, progress) -> None:
    date_col = next(col.index for col in plan.columns if col.role == c.DATE)
    plan.date_label = column_labels(header, plan.columns)[date_col]
    plan.date_order = decide_order(plan.body, date_col, plan.date_label, plan.options.date_order)
    parsed = parse_rows(
        plan.body, header, plan.columns, instrument, fixed_team, plan.date_order.order, today, suspect, progress
    )
    plan.parsed, plan.rows, plan.preview = parsed, len(parsed), parsed[:PREVIEW_ROWS]
    plan.first_day, plan.last_day = min(r.day for r in parsed), max(r.day for r in parsed)
    if any(SLASH_DATE.match(r.cells[date_col]) for r in plan.body if date_col < len(r.cells)):
        plan.notes.append(f"dates read as {'day/month' if plan.date_order.order == 'dmy' else 'month/day'}/year")
    cur = db.cursor()
    try:
        plan.rounds = plan_rounds(
            cur, instrument, plan.body, parsed, plan.date_label, fixed_team, plan.options.create_teams, today
        )
    finally:
        cur.close()


def _dates_only(plan: ImportPlan, header: list[str], options: ImportOptions, today: date) -> None:
    """The date range of a file whose columns are not settled yet, so the user sees it anyway."""
    date_col = next((col.index for col in plan.columns if col.role == c.DATE), None)
    if date_col is None or not plan.body:
        return
    label = column_labels(header, plan.columns)[date_col]
    try:
        plan.date_order = decide_order(plan.body, date_col, label, options.date_order)
    except ImportFailed as e:
        plan.problems.append(e)
        return
    from pulse.importers.dates import parse_date

    days = []
    for record in plan.body:
        try:
            days.append(parse_date(record.cells[date_col], plan.date_order.order))
        except (ValueError, IndexError, PulseError):
            continue
    if days:
        plan.first_day, plan.last_day = min(days), max(days)
