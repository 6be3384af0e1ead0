"""Reading each row of a planned file into a team, a day, answers and a comment, or the first problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pulse.errors import ImportFailed, InvalidAnswer, PulseError
from pulse.importers import columns as c
from pulse.importers.dates import check_day
from pulse.importers.labels import answer_value
from pulse.importers.layouts import ColumnPlan
from pulse.importers.read import MAX_CELL, Record, check_text, failed, short
from pulse.instruments import Instrument
from pulse.responses import clean_comment
from pulse.teams import clean_name

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ParsedRow:
    """One response as it will be stored: no identity, and the day only."""

    team: str
    day: date
    answers: dict[str, int]
    comment: str | None


def column_labels(header: list[str], cols: list[ColumnPlan]) -> dict[int, str]:
    """How messages name each column: the header, or ``key ('header')`` for a question."""
    labels = {i: short(h) or f"column {i + 1}" for i, h in enumerate(header)}
    for col in cols:
        if col.role == c.QUESTION and c.normal(col.header) != col.key:
            labels[col.index] = f"{col.key} ({short(col.header)!r})"
    return labels


def parse_rows(
    body: list[Record],
    header: list[str],
    cols: list[ColumnPlan],
    instrument: Instrument,
    fixed_team: str | None,
    order: str,
    today: date,
    suspect: bool,
    progress: Progress | None = None,
) -> list[ParsedRow]:
    """Every row read, in file order. Raises ImportFailed naming the first row and column that fail."""
    reader = _RowReader(header, cols, instrument, fixed_team, order, today)
    parsed = []
    for index, record in enumerate(body, start=1):
        if suspect:
            check_text(record, lambda col: reader.labels.get(col, f"column {col + 1}"))
        parsed.append(reader.read(record))
        if progress and (index % 5000 == 0 or index == len(body)):
            progress(index, len(body))
    return parsed


class _RowReader:
    """Reads one row after another with the column plan of the file."""

    def __init__(self, header, cols, instrument, fixed_team, order, today):
        self.labels = column_labels(header, cols)
        self.width = len(header)
        self.date_col = next(col.index for col in cols if col.role == c.DATE)
        self.team_col = next((col.index for col in cols if col.role == c.TEAM), None)
        self.comment_col = next((col.index for col in cols if col.role == c.COMMENT), None)
        self.questions = [(col.index, instrument.question(col.key), col.flip) for col in cols if col.role == c.QUESTION]
        self.fixed_team, self.order, self.today = fixed_team, order, today

    def cell(self, record: Record, col: int, column_id: str) -> str:
        value = record.cells[col] if col < len(record.cells) else ""
        if len(value) > MAX_CELL:
            raise failed(record, self.labels[col], f"cell longer than {MAX_CELL} characters", column_id)
        return value

    def read(self, record: Record) -> ParsedRow:
        if len(record.cells) > self.width:
            problem = f"{len(record.cells)} cells but the header has {self.width} columns"
            raise failed(record, str(self.width + 1), problem, "extra cells")
        team = self.fixed_team
        if team is None:
            try:
                team = clean_name(self.cell(record, self.team_col, "team"))
            except ImportFailed:
                raise
            except PulseError as e:
                raise failed(record, self.labels[self.team_col], str(e), "team") from None
        day = check_day(
            record, self.labels[self.date_col], self.cell(record, self.date_col, "date"), self.order, self.today
        )
        return ParsedRow(team, day, self.answers(record), self.comment(record))

    def answers(self, record: Record) -> dict[str, int]:
        answers: dict[str, int] = {}
        for col, question, flip in self.questions:
            raw = self.cell(record, col, question.key)
            if not raw.strip():
                if question.required:
                    raise failed(record, self.labels[col], f"answer to {question.key} is missing", question.key)
                continue
            try:
                value = answer_value(raw, question)
            except InvalidAnswer as e:
                raise failed(record, self.labels[col], str(e).removeprefix(f"{question.key}: "), question.key) from None
            answers[question.key] = question.scale_min + question.scale_max - value if flip else value
        return answers

    def comment(self, record: Record) -> str | None:
        if self.comment_col is None:
            return None
        try:
            return clean_comment(self.cell(record, self.comment_col, "comment"))
        except InvalidAnswer as e:
            raise failed(record, self.labels[self.comment_col], str(e), "comment") from None
