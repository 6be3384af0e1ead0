"""Column layouts: TeamPulse's own, Google Forms' and Microsoft Forms'.

A header is read into a layout: which column holds the team, the date, the comment and each
question. Identity columns that form tools add (email, name, username, respondent id) are dropped
here and never reach the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pulse.errors import ImportFailed
from pulse.importers.mapping import lookups, match_question, normal
from pulse.importers.read import DELIMITERS, records, short
from pulse.instruments import Instrument, Question

IDENTITY_COLUMNS = {
    "email", "email address", "e-mail", "name", "full name", "first name", "last name", "username",
    "user name", "id", "respondent id", "respondent", "responder", "user", "employee id",
    "completion time", "last modified time", "score", "total score",
}  # fmt: skip
DATE_COLUMNS = ("date", "timestamp", "start time")  # by preference: a later one is dropped if an earlier exists
COMMENT_COLUMNS = ("comment", "comments")


@dataclass
class Layout:
    """Where each kind of column sits in a file (column indexes), and what was dropped."""

    team: int | None
    date: int
    comment: int | None
    questions: dict[int, Question]
    dropped: list[str]
    labels: dict[int, str] = field(default_factory=dict)  # how messages name each column


def read_layout(header: list[str], instrument: Instrument, fixed_team: str | None) -> Layout:
    """The layout of a header, or ImportFailed naming the header column that does not fit."""
    found = lookups(instrument)
    team_col = date_col = comment_col = None
    date_rank = len(DATE_COLUMNS)
    questions: dict[int, Question] = {}
    dropped = []
    for col, raw in enumerate(header):
        name = normal(raw)
        where = f"column {col + 1} ({short(raw, 60)!r})"
        question = match_question(name, found)
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
    labels = {col: short(header[col]) or f"column {col + 1}" for col in range(len(header))}
    for col, question in questions.items():
        if normal(header[col]) != question.key:
            labels[col] = f"{question.key} ({short(header[col])!r})"
    return Layout(team_col, date_col, comment_col, questions, dropped, labels)


def choose_delimiter(text: str, instrument: Instrument) -> str:
    """The delimiter under which the header reads as the most known columns (then the most columns).

    Decided from the header alone: guessing from data rows misreads files whose comments hold
    semicolons or quotes."""
    found = lookups(instrument)
    known = {"team", *DATE_COLUMNS, *COMMENT_COLUMNS, *IDENTITY_COLUMNS}

    def fit(delimiter: str) -> tuple[int, int]:
        try:
            header = next(records(text, delimiter)).cells
        except (ImportFailed, StopIteration):
            return (-1, -1)
        names = [normal(c) for c in header]
        return (sum(n in known or match_question(n, found) is not None for n in names), len(header))

    return max(DELIMITERS, key=fit)
