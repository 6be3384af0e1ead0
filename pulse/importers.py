"""CSV import of responses: TeamPulse's own format and the exports of Google Forms and Microsoft Forms.

The whole file is parsed and checked before anything is written; the first problem is reported with
its row and column and nothing is stored. A good file is written in one transaction. Identity
columns that form tools add (email, name, username, respondent id) are dropped on reading and never
reach the database; timestamps are reduced to the period of their round.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pulse import round_stats
from pulse.errors import ImportFailed, InvalidAnswer, PulseError
from pulse.instruments import Instrument, Question, get_instrument
from pulse.responses import Submission, clean_comment, parse_value, write_submissions
from pulse.rounds import period_calendar
from pulse.teams import clean_name, create_team, find_team

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELL = 10_000
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

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    rows: int = 0
    teams_created: list[str] = field(default_factory=list)
    rounds_created: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold()
    return " ".join(text.split()).strip(" .?:!")


@dataclass
class _Layout:
    team: int | None
    date: int
    comment: int | None
    questions: dict[int, Question]
    dropped: list[str]


def _layout(header: list[str], instrument: Instrument, fixed_team: str | None) -> _Layout:
    by_key = {q.key.casefold(): q for q in instrument.questions}
    by_text = {_normal(q.text): q for q in instrument.questions}
    team_col = date_col = comment_col = None
    date_rank = len(DATE_COLUMNS)
    questions: dict[int, Question] = {}
    dropped = []
    for col, raw in enumerate(header):
        name = _normal(raw)
        where = f"column {col + 1} ({raw.strip()[:60]!r})"
        # Google Forms writes grid questions as "Title [Row]": match on the part in brackets too.
        bracket = re.fullmatch(r".*\[(.+)\]", name)
        question = by_key.get(name) or by_text.get(name) or (bracket and by_text.get(_normal(bracket.group(1))))
        if question:
            if question in questions.values():
                raise ImportFailed(f"header, {where}: question {question.key} appears twice", 0, raw)
            questions[col] = question
        elif name == "team" and fixed_team is None:
            team_col = col
        elif name == "team":
            dropped.append(raw.strip())
        elif name in DATE_COLUMNS:
            rank = DATE_COLUMNS.index(name)
            if rank < date_rank:
                date_col, date_rank = col, rank
        elif name in COMMENT_COLUMNS:
            comment_col = col
        elif name in IDENTITY_COLUMNS or not name:
            dropped.append(raw.strip() or f"column {col + 1}")
        else:
            raise ImportFailed(
                f"header, {where}: not a question of {instrument.key} (expected keys "
                f"{', '.join(instrument.question_keys[:11])}, or the question text)",
                0,
                raw,
            )
    if date_col is None:
        raise ImportFailed("header: no date column (expected `date`, `Timestamp` or `Start time`)", 0, "date")
    if team_col is None and fixed_team is None:
        raise ImportFailed("header: no `team` column; add one or pass --team", 0, "team")
    present = {q.key for q in questions.values()}
    missing = [q.key for q in instrument.questions if q.required and q.key not in present]
    if missing:
        raise ImportFailed(f"header: missing column for question {', '.join(missing)}", 0, missing[0])
    return _Layout(team_col, date_col, comment_col, questions, dropped)


_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:[ T,]+.*)?$")


def _date_order(cells: list[str]) -> str:
    """Infer month/day or day/month from a file's slash dates; form tools follow the owner's locale."""
    first_big = second_big = False
    for cell in cells:
        m = _SLASH_DATE.match(cell.strip())
        if m:
            first_big |= int(m.group(1)) > 12
            second_big |= int(m.group(2)) > 12
    if first_big and second_big:
        raise ImportFailed("column date: the file mixes day/month and month/day dates", 0, "date")
    return "dmy" if first_big else "mdy"


def parse_date(cell: str, order: str = "mdy") -> date:
    text = cell.strip()
    m = _SLASH_DATE.match(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year += 2000 if year < 100 else 0
        month, day = (a, b) if order == "mdy" else (b, a)
        return date(year, month, day)
    try:
        return datetime.fromisoformat(text.replace("/", "-")).date()
    except ValueError:
        return date.fromisoformat(text[:10])


@functools.cache
def _label_words(question: Question) -> dict[str, int]:
    words = dict(LABEL_WORDS.get((question.scale_min, question.scale_max), {}))
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


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ImportFailed(
            f"line {line}: the file is not UTF-8 text (byte {e.start}); save it as 'CSV UTF-8'", line, None
        ) from e


def read_rows(data: bytes) -> list[list[str]]:
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    if b"\x00" in data:
        raise ImportFailed("the file contains NUL bytes: it is not a CSV text file")
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as e:
        raise ImportFailed(f"the file is not valid CSV: {e}") from e
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ImportFailed("the file is empty")
    return rows


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
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    rows = read_rows(data)
    today = today or date.today()
    cur = db.cursor()
    inst = get_instrument(cur, instrument)
    fixed_team = clean_name(team) if team else None
    header, body = rows[0], rows[1:]
    layout = _layout(header, inst, fixed_team)
    if not body:
        raise ImportFailed("the file has a header but no responses")
    order = date_order or _date_order([r[layout.date] for r in body if len(r) > layout.date])
    report = ImportReport(dropped_columns=layout.dropped)
    if any(_SLASH_DATE.match(r[layout.date].strip()) for r in body if len(r) > layout.date):
        report.notes.append(f"dates read as {'day/month' if order == 'dmy' else 'month/day'}/year")

    parsed: list[tuple[str, date, dict[str, int], str | None]] = []
    team_names: dict[str, int] = {}
    for index, row in enumerate(body, start=1):
        parsed.append(_parse_row(index, row, header, layout, inst, fixed_team, order, today))
        team_names.setdefault(parsed[-1][0], index)
        if progress and (index % 5000 == 0 or index == len(body)):
            progress(index, len(body))

    def work(cur):
        team_ids = {}
        for name, first_row in team_names.items():
            existing = find_team(cur, name)
            if existing:
                team_ids[name] = existing.id
            elif not create_teams:
                raise ImportFailed(
                    f"row {first_row}, column team: unknown team {name!r} (and --no-create-teams is set)",
                    first_row,
                    "team",
                )
            else:
                team_ids[name] = create_team(cur, name).id
                report.teams_created.append(name)
        period_of = period_calendar(cur)
        periods = {}
        for index, (name, day, _, _) in enumerate(parsed, start=1):
            start, end = period_of(day)
            periods.setdefault((team_ids[name], start), (end, index, name))
        existing = {
            (team_id, start): (round_id, status)
            for team_id, start, round_id, status in cur.execute(
                "SELECT team_id, period_start, id, status FROM rounds WHERE instrument_key = ?", [inst.key]
            ).fetchall()
        }
        for (team_id, start), (_, index, name) in periods.items():
            if existing.get((team_id, start), (None, "open"))[1] == "closed":
                raise ImportFailed(
                    f"row {index}, column date: the {inst.key} round of {name} for {start} is already"
                    " closed; its figures may have been shown, so it takes no more answers",
                    index,
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
        round_stats.materialize(cur, new_closed)

    try:
        with db.transaction() as wcur:
            work(wcur)
    except PulseError:
        report.teams_created.clear()
        raise
    return report


def _parse_row(index, row, header, layout: _Layout, inst, fixed_team, order, today):
    def cell(col: int) -> str:
        value = row[col] if col < len(row) else ""
        if len(value) > MAX_CELL:
            raise ImportFailed(
                f"row {index}, column {header[col].strip()[:40]}: cell longer than {MAX_CELL} characters",
                index,
                header[col],
            )
        return value

    if len(row) > len(header):
        raise ImportFailed(f"row {index}: {len(row)} cells but the header has {len(header)} columns", index, None)
    if fixed_team:
        team_name = fixed_team
    else:
        try:
            team_name = clean_name(cell(layout.team))
        except PulseError as e:
            raise ImportFailed(f"row {index}, column team: {e}", index, "team") from None
    raw_date = cell(layout.date)
    date_name = header[layout.date].strip()
    try:
        day = parse_date(raw_date, order)
    except ValueError:
        raise ImportFailed(
            f"row {index}, column {date_name}: {raw_date.strip()[:40]!r} is not a date (use YYYY-MM-DD)",
            index,
            date_name,
        ) from None
    if day > today:
        raise ImportFailed(f"row {index}, column {date_name}: {day} is in the future", index, date_name)
    answers: dict[str, int] = {}
    for col, question in layout.questions.items():
        raw = cell(col)
        if not raw.strip():
            if question.required:
                raise ImportFailed(
                    f"row {index}, column {header[col].strip()[:40]}: answer to {question.key} is missing",
                    index,
                    header[col],
                )
            continue
        try:
            label = _label_value(raw, question)
            answers[question.key] = label if label is not None else parse_value(raw, question)
        except InvalidAnswer as e:
            raise ImportFailed(f"row {index}, column {header[col].strip()[:40]}: {e}", index, header[col]) from None
    comment = None
    if layout.comment is not None:
        try:
            comment = clean_comment(cell(layout.comment))
        except InvalidAnswer as e:
            raise ImportFailed(f"row {index}, column comment: {e}", index, "comment") from None
    return team_name, day, answers, comment
