"""CSV import of responses: TeamPulse's own format and the exports of Google Forms and Microsoft Forms.

The whole file is parsed and checked before anything is written; the first problem is reported with
its row and column and nothing is stored. A good file is written in one transaction. Identity
columns that form tools add (email, name, username, respondent id) are dropped on reading and never
reach the database; timestamps are reduced to the period of their round.

Rows are numbered as a spreadsheet shows them below the header (blank rows count, a comment spread
over several lines is one row); messages also give the line of the file, for a text editor.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from pulse.closing import freeze_statistics
from pulse.errors import ImportFailed, InvalidAnswer, PulseError
from pulse.instruments import Instrument, Question, get_instrument
from pulse.responses import Submission, clean_comment, parse_value, write_submissions
from pulse.rounds import period_calendar
from pulse.teams import clean_name, create_team, find_team

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELL = 10_000
EARLIEST = date(2000, 1, 1)  # an earlier pulse date is a typing or export mistake
DELIMITERS = (",", ";", "\t")  # Excel writes ";" where the decimal mark is a comma, and tabs as "Unicode text"
IDENTITY_COLUMNS = {
    "email", "email address", "e-mail", "name", "full name", "first name", "last name", "username",
    "user name", "id", "respondent id", "respondent", "responder", "user", "employee id",
    "completion time", "last modified time", "score", "total score",
}  # fmt: skip
DATE_COLUMNS = ("date", "timestamp", "start time")
COMMENT_COLUMNS = ("comment", "comments")
LABEL_WORDS = {
    (1, 3): {"red": 1, "amber": 2, "yellow": 2, "green": 3},
    (-1, 1): {"worse": -1, "getting worse": -1, "same": 0, "stable": 0, "no change": 0,
              "better": 1, "getting better": 1},
}  # fmt: skip
# Likert wording that form tools write out for an agreement scale, by number of points.
AGREEMENT_WORDS = {
    5: {"strongly disagree": 1, "disagree": 2, "neither agree nor disagree": 3, "neither agree or disagree": 3,
        "neutral": 3, "agree": 4, "strongly agree": 5},
    7: {"strongly disagree": 1, "disagree": 2, "somewhat disagree": 3, "slightly disagree": 3,
        "neither agree nor disagree": 4, "neither agree or disagree": 4, "neutral": 4,
        "somewhat agree": 5, "slightly agree": 5, "agree": 6, "strongly agree": 7},
}  # fmt: skip

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    rows: int = 0
    teams_created: list[str] = field(default_factory=list)
    rounds_created: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Record:
    number: int  # 0 for the header, then 1, 2, ... counting blank rows too
    line: int  # line of the file where the row starts
    cells: list[str]


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold()
    return " ".join(text.split()).strip(" .?:!")


def _short(text: str, limit: int = 40) -> str:
    """A header or cell as a short single line, fit for a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _failed(record: _Record, column: str, problem: str, column_id: str | None = None) -> ImportFailed:
    return ImportFailed(
        f"row {record.number}, column {column}: {problem} (line {record.line} of the file)",
        record.number,
        column_id or column,
    )


@dataclass
class _Layout:
    team: int | None
    date: int
    comment: int | None
    questions: dict[int, Question]
    dropped: list[str]
    labels: dict[int, str] = field(default_factory=dict)  # how messages name each column


def _match_question(name: str, by_key: dict, by_text: dict) -> Question | None:
    # Google Forms writes grid questions as "Title [Row]": match on the part in brackets too.
    bracket = re.fullmatch(r".*\[(.+)\]", name)
    return by_key.get(name) or by_text.get(name) or (bracket and by_text.get(_normal(bracket.group(1)))) or None


def _lookups(instrument: Instrument) -> tuple[dict, dict]:
    return (
        {q.key.casefold(): q for q in instrument.questions},
        {_normal(q.text): q for q in instrument.questions},
    )


def _layout(header: list[str], instrument: Instrument, fixed_team: str | None) -> _Layout:
    by_key, by_text = _lookups(instrument)
    team_col = date_col = comment_col = None
    date_rank = len(DATE_COLUMNS)
    questions: dict[int, Question] = {}
    dropped = []
    for col, raw in enumerate(header):
        name = _normal(raw)
        where = f"column {col + 1} ({_short(raw, 60)!r})"
        question = _match_question(name, by_key, by_text)
        if question:
            if question in questions.values():
                raise ImportFailed(f"header, {where}: question {question.key} appears twice", 0, question.key)
            questions[col] = question
        elif name == "team" and fixed_team is None:
            if team_col is not None:
                raise ImportFailed(f"header, {where}: a second team column", 0, "team")
            team_col = col
        elif name in DATE_COLUMNS:
            rank = DATE_COLUMNS.index(name)
            if rank == date_rank:
                raise ImportFailed(f"header, {where}: a second {name} column", 0, raw.strip())
            if rank < date_rank:
                if date_col is not None:
                    dropped.append(header[date_col].strip())
                date_col, date_rank = col, rank
            else:
                dropped.append(raw.strip())
        elif name in COMMENT_COLUMNS:
            if comment_col is not None:
                raise ImportFailed(f"header, {where}: a second comment column", 0, raw.strip())
            comment_col = col
        elif name in IDENTITY_COLUMNS or name == "team" or not name:
            dropped.append(raw.strip() or f"column {col + 1}")
        else:
            raise ImportFailed(
                f"header, {where}: not a question of {instrument.key} (expected keys "
                f"{', '.join(instrument.question_keys[:11])}, or the question text)",
                0,
                raw.strip(),
            )
    if date_col is None:
        raise ImportFailed("header: no date column (expected `date`, `Timestamp` or `Start time`)", 0, "date")
    if team_col is None and fixed_team is None:
        raise ImportFailed("header: no `team` column; add one or pass --team", 0, "team")
    present = {q.key for q in questions.values()}
    missing = [q.key for q in instrument.questions if q.required and q.key not in present]
    if missing:
        raise ImportFailed(f"header: missing column for question {', '.join(missing)}", 0, missing[0])
    labels = {col: _short(header[col]) or f"column {col + 1}" for col in range(len(header))}
    for col, question in questions.items():
        if _normal(header[col]) != question.key:
            labels[col] = f"{question.key} ({_short(header[col])!r})"
    return _Layout(team_col, date_col, comment_col, questions, dropped, labels)


# A date, then optionally a time as form tools write it ("10:02:11", "9:10:00 AM", "10:02:11 AM GMT+1",
# "T10:02:11.123Z", "10:02:11+01:00"). Anything else after the date is refused, not ignored.
_TIME = (
    r"(?:[T ,]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AP]M)?\s*"
    r"(?:Z|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|UTC|GMT)?)?\s*"
)
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})" + _TIME + "$", re.ASCII | re.IGNORECASE)
_ISO_DATE = re.compile(r"^\s*(\d{4})([-/])(\d{1,2})\2(\d{1,2})" + _TIME + "$", re.ASCII | re.IGNORECASE)
ORDERS = ("mdy", "dmy")


def parse_date(cell: str, order: str = "mdy") -> date:
    """The day of a date cell: ISO (2026-03-14, 2026/03/14) or slashed in ``order``, with an optional time.

    Raises ValueError for anything else."""
    m = _SLASH_DATE.match(cell)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year += 2000 if year < 100 else 0
        month, day = (a, b) if order == "mdy" else (b, a)
        return date(year, month, day)
    m = _ISO_DATE.match(cell)
    if m:
        return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    raise ValueError(f"not a date: {cell!r}")


def _date_order(body: list[_Record], col: int, label: str) -> str:
    """Infer month/day or day/month from a file's slash dates; form tools follow the owner's locale."""
    day_first = month_first = None
    for record in body:
        m = _SLASH_DATE.match(record.cells[col]) if col < len(record.cells) else None
        if not m:
            continue
        first_big, second_big = int(m.group(1)) > 12, int(m.group(2)) > 12
        if first_big and not second_big and day_first is None:
            day_first = record
        if second_big and not first_big and month_first is None:
            month_first = record
        if day_first and month_first:
            earlier, later = sorted((day_first, month_first), key=lambda r: r.number)
            raise _failed(
                later,
                label,
                f"{_short(later.cells[col])!r} and row {earlier.number}'s {_short(earlier.cells[col])!r} mix"
                " day/month and month/day dates",
                "date",
            )
    return "dmy" if day_first else "mdy"


@functools.cache
def _label_words(question: Question) -> dict[str, int]:
    words = dict(LABEL_WORDS.get((question.scale_min, question.scale_max), {}))
    points = question.scale_max - question.scale_min + 1
    if (_normal(question.low_label), _normal(question.high_label)) == ("strongly disagree", "strongly agree"):
        words.update({w: v - 1 + question.scale_min for w, v in AGREEMENT_WORDS.get(points, {}).items()})
    if question.low_label:
        words[_normal(question.low_label)] = question.scale_min
    if question.high_label:
        words[_normal(question.high_label)] = question.scale_max
    return words


def _label_value(cell: str, question: Question) -> int | None:
    """A scale label written out by a form tool ("Strongly agree", "Green") as its number."""
    text = cell.strip()
    if text[:1].isdigit() or text[:1] == "-":
        return None
    return _label_words(question).get(_normal(text))


def _read_source(source: str | Path | bytes) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            path = Path(source)
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ImportFailed(f"{path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
            data = path.read_bytes()
        except OSError as e:
            raise ImportFailed(f"cannot read {source}: {e.strerror or e}") from e
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    return data


_NOT_TEXT = re.compile("[\x00\udc80-\udcff]")


def _decode(data: bytes) -> str:
    """The file's text. Bytes that are not UTF-8 are kept as escapes so the row holding them can be named."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ImportFailed(f"the file is damaged UTF-16 text (byte {e.start}); save it as 'CSV UTF-8'") from e
    return data.decode("utf-8-sig", errors="surrogateescape")


def _records(text: str, delimiter: str) -> Iterator[_Record]:
    """Every row of the file, blank ones included, numbered from the first non-blank row (the header)."""
    # Strict: a quote left open would otherwise swallow every later row into one cell, silently.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number, start = None, 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            row = 0 if number is None else number + 1
            where = f"row {row}" if row else "header"
            if "end of data" in str(e):
                problem = 'a quote (") opened in this row is never closed'
            elif "field limit" in str(e):
                problem = f'a cell is longer than {MAX_CELL} characters, or a quote (") is never closed'
            elif "expected after" in str(e):
                problem = 'text follows a closing quote ("): quote the whole cell and double quotes inside it'
            else:
                problem = f"not valid CSV: {e}"
            raise ImportFailed(f"{where}: {problem} (line {start} of the file)", row, "quotes") from None
        blank = not any(cell.strip() for cell in cells)
        if number is not None or not blank:
            number = 0 if number is None else number + 1
            if not blank:
                yield _Record(number, start, cells)
        start = reader.line_num + 1


def _choose_delimiter(text: str, instrument: Instrument) -> str:
    """The delimiter under which the header reads as the most known columns (then the most columns).

    Decided from the header alone: guessing from data rows misreads files whose comments hold
    semicolons or quotes."""
    by_key, by_text = _lookups(instrument)
    known = {"team", *DATE_COLUMNS, *COMMENT_COLUMNS, *IDENTITY_COLUMNS}

    def fit(delimiter: str) -> tuple[int, int]:
        try:
            header = next(_records(text, delimiter)).cells
        except (ImportFailed, StopIteration):
            return (-1, -1)
        names = [_normal(c) for c in header]
        return (sum(n in known or _match_question(n, by_key, by_text) is not None for n in names), len(header))

    return max(DELIMITERS, key=fit)


def _check_text(record: _Record, labels: Callable[[int], str]) -> None:
    """Name the first cell of a row holding bytes that are not UTF-8 text, or a NUL character."""
    for col, cell in enumerate(record.cells):
        bad = _NOT_TEXT.search(cell)
        if bad:
            problem = (
                "contains a NUL character: the file is not CSV text"
                if bad.group() == "\x00"
                else f"the file is not UTF-8 text (byte 0x{ord(bad.group()) - 0xDC00:02x}); save it as 'CSV UTF-8'"
            )
            if record.number == 0:
                raise ImportFailed(f"header, column {col + 1}: {problem}", 0, f"column {col + 1}")
            raise _failed(record, labels(col), problem)


def import_responses(
    db,
    source: str | Path | bytes,
    instrument: str,
    *,
    team: str | None = None,
    create_teams: bool = True,
    date_order: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a whole CSV of responses, then write it in one transaction. Raises ImportFailed."""
    if date_order is not None and date_order not in ORDERS:
        raise ImportFailed(f"date order {date_order!r} must be one of {', '.join(ORDERS)}")
    text = _decode(_read_source(source))
    today = today or date.today()
    cur = db.cursor()
    try:
        inst = get_instrument(cur, instrument)
    finally:
        cur.close()
    fixed_team = clean_name(team) if team else None
    records = list(_records(text, _choose_delimiter(text, inst)))
    if not records:
        raise ImportFailed("the file is empty")
    header, body = records[0], records[1:]
    suspect = bool(_NOT_TEXT.search(text))  # a file with no bad bytes need not be searched row by row
    if suspect:
        _check_text(header, lambda col: f"column {col + 1}")
    layout = _layout(header.cells, inst, fixed_team)
    if not body:
        raise ImportFailed("the file has a header but no responses")
    date_label = layout.labels[layout.date]
    order = date_order or _date_order(body, layout.date, date_label)
    report = ImportReport(dropped_columns=layout.dropped)
    if any(len(r.cells) > layout.date and _SLASH_DATE.match(r.cells[layout.date]) for r in body):
        report.notes.append(f"dates read as {'day/month' if order == 'dmy' else 'month/day'}/year")

    parsed: list[tuple[str, date, dict[str, int], str | None]] = []
    first_record: dict[str, _Record] = {}
    for index, record in enumerate(body, start=1):
        if suspect:
            _check_text(record, lambda col: layout.labels.get(col, f"column {col + 1}"))
        parsed.append(_parse_row(record, header.cells, layout, fixed_team, order, today))
        first_record.setdefault(parsed[-1][0], record)
        if progress and (index % 5000 == 0 or index == len(body)):
            progress(index, len(body))

    def work(cur):
        team_ids = {}
        for name, record in first_record.items():
            existing = find_team(cur, name)
            if existing:
                team_ids[name] = existing.id
            elif not create_teams:
                column = "team" if fixed_team is None else "team (from --team)"
                raise _failed(record, column, f"unknown team {name!r} (and --no-create-teams is set)", "team")
            else:
                team_ids[name] = create_team(cur, name).id
                report.teams_created.append(name)
        period_of = period_calendar(cur)
        periods = {}
        for record, (name, day, _, _) in zip(body, parsed, strict=True):
            start, end = period_of(day)
            periods.setdefault((team_ids[name], start), (end, record, name))
        existing = {
            (team_id, start): (round_id, status)
            for team_id, start, round_id, status in cur.execute(
                "SELECT team_id, period_start, id, status FROM rounds WHERE instrument_key = ?", [inst.key]
            ).fetchall()
        }
        latest_closed: dict[int, date] = {}
        for (team_id, start), (_, status) in existing.items():
            if status == "closed" and start > latest_closed.get(team_id, date.min):
                latest_closed[team_id] = start
        for (team_id, start), (_, record, name) in periods.items():
            if existing.get((team_id, start), (None, "open"))[1] == "closed":
                raise _failed(
                    record,
                    date_label,
                    f"the {inst.key} round of {name} for {start} is already closed; its figures may have"
                    " been shown, so it takes no more answers",
                    "date",
                )
            # Small teams are shown in pooled blocks of consecutive closed rounds (DESIGN.md rule 7): a
            # closed round slipped in before shown ones would regroup them into overlapping blocks.
            if (team_id, start) not in existing and start < latest_closed.get(team_id, date.min):
                raise _failed(
                    record,
                    date_label,
                    f"{name} already has a closed {inst.key} round for a later period"
                    f" ({latest_closed[team_id]}); a round for {start} added now would change pooled"
                    " figures that may have been shown",
                    "date",
                )
        new_rounds = [
            (team_id, inst.key, start, end, "closed" if end < today else "open")
            for (team_id, start), (end, _, _) in periods.items()
            if (team_id, start) not in existing
        ]
        new_closed = []
        if new_rounds:
            frame = pd.DataFrame(
                new_rounds, columns=["team_id", "instrument_key", "period_start", "period_end", "status"]
            )
            cur.complete()
            cur.register("new_rounds", frame)
            try:
                created = cur.execute(
                    "INSERT INTO rounds (team_id, instrument_key, period_start, period_end, status)"
                    " SELECT team_id, instrument_key, period_start, period_end, status FROM new_rounds"
                    " RETURNING team_id, period_start, id, status"
                ).fetchall()
            finally:
                cur.unregister("new_rounds")
            for team_id, start, round_id, status in created:
                existing[(team_id, start)] = (round_id, status)
                if status == "closed":
                    new_closed.append(round_id)
            report.rounds_created = len(created)
        submissions = [
            Submission(existing[(team_ids[name], period_of(day)[0])][0], answers, comment)
            for name, day, answers, comment in parsed
        ]
        report.rows = write_submissions(cur, submissions)
        freeze_statistics(cur, new_closed)

    with db.transaction() as wcur:
        work(wcur)
    return report


def _parse_row(record: _Record, header: list[str], layout: _Layout, fixed_team, order, today):
    row = record.cells

    def cell(col: int, column_id: str) -> str:
        value = row[col] if col < len(row) else ""
        if len(value) > MAX_CELL:
            raise _failed(record, layout.labels[col], f"cell longer than {MAX_CELL} characters", column_id)
        return value

    if len(row) > len(header):
        raise _failed(
            record, str(len(header) + 1), f"{len(row)} cells but the header has {len(header)} columns", "extra cells"
        )
    if fixed_team:
        team_name = fixed_team
    else:
        try:
            team_name = clean_name(cell(layout.team, "team"))
        except ImportFailed:
            raise
        except PulseError as e:
            raise _failed(record, layout.labels[layout.team], str(e), "team") from None
    date_label = layout.labels[layout.date]
    raw_date = cell(layout.date, "date")
    try:
        day = parse_date(raw_date, order)
    except ValueError:
        raise _failed(record, date_label, f"{_short(raw_date)!r} is not a date (use YYYY-MM-DD)", "date") from None
    if day > today:
        raise _failed(record, date_label, f"{day} is in the future", "date")
    if day < EARLIEST:
        raise _failed(record, date_label, f"{day} is before {EARLIEST.year}: check the date", "date")
    answers: dict[str, int] = {}
    for col, question in layout.questions.items():
        raw = cell(col, question.key)
        if not raw.strip():
            if question.required:
                raise _failed(record, layout.labels[col], f"answer to {question.key} is missing", question.key)
            continue
        try:
            label = _label_value(raw, question)
            answers[question.key] = label if label is not None else parse_value(raw, question)
        except InvalidAnswer as e:
            problem = str(e).removeprefix(f"{question.key}: ")
            if question.high_label and not raw.strip()[:1].isdigit():
                problem += f" (nor a label of the scale, such as {question.high_label!r})"
            raise _failed(record, layout.labels[col], problem, question.key) from None
    comment = None
    if layout.comment is not None:
        try:
            comment = clean_comment(cell(layout.comment, "comment"))
        except InvalidAnswer as e:
            raise _failed(record, layout.labels[layout.comment], str(e), "comment") from None
    return team_name, day, answers, comment
