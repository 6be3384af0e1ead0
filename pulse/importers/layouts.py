"""The column plan of a file: what each header is, how sure, and what the user must settle.

Order of precedence for each column: what the user said (``--map``, ``--comment-column``,
``--team-column``, ``--ignore-column``), a mapping saved with the instrument, identity (always
dropped, whatever the user said), a question's key or our wording, the header's own words (form
metadata, the date, the team, a comment), a question's short name, and last a question by meaning.
Anything unsure or unknown stops the import with the option that would settle it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from pulse.errors import PulseError
from pulse.importers import columns as c
from pulse.importers.dates import DOT_DATE, ISO_DATE, SLASH_DATE
from pulse.importers.labels import answer_value
from pulse.importers.mapping import MARGIN, exact_match, meaning_matches, short_name_match
from pulse.importers.read import Record, short
from pulse.instruments import Instrument

TARGETS = (c.COMMENT, c.TEAM, c.DATE, "ignore")  # what --map may name besides a question key


@dataclass
class ColumnPlan:
    """One column of the file and what the import will do with it."""

    index: int
    header: str
    role: str  # question, comment, team, date, identity, metadata, ignored, unknown
    key: str | None = None  # the question, for role "question"
    flip: bool = False  # store scale_min + scale_max - value (the header states the question reversed)
    confidence: float = 1.0
    how: str = ""  # "key", "our wording", "short name", "meaning", "--map", "saved mapping", "header words", ...
    sure: bool = True
    suggestion: str | None = None  # the option that settles an unsure column
    alternative: str | None = None  # the next most similar question, suggested when the best is taken

    @property
    def stored(self) -> bool:
        """Whether values of this column reach the database (answers, the comment, the team name)."""
        return self.sure and self.role in (c.QUESTION, c.COMMENT, c.TEAM)

    @property
    def target(self) -> str:
        """What the column maps to, as ``--map`` writes it: a key, ``-key``, comment, team, date or ignore."""
        if self.role == c.QUESTION and self.key:
            return f"-{self.key}" if self.flip else self.key
        return self.role if self.role in (c.COMMENT, c.TEAM, c.DATE) else "ignore"

    def describe(self) -> str:
        """One line saying what the column is taken as, for the printed plan and the dashboard."""
        what = {
            c.QUESTION: f"question {self.key}" + (" (values reversed)" if self.flip else ""),
            c.COMMENT: "comment",
            c.TEAM: "team",
            c.DATE: "date (the day only; time of day dropped)",
            c.IDENTITY: "dropped as identity (never read)",
            c.METADATA: "ignored as form metadata",
            c.IGNORED: "ignored",
            c.UNKNOWN: "unknown",
        }[self.role]
        sure = "" if self.sure else ", UNSURE"
        return f"{what} [{self.how}, confidence {self.confidence:.2f}{sure}]"


@dataclass
class ColumnOptions:
    """What the user said about columns, by header (compared as :func:`.columns.normal` compares)."""

    mapping: dict[str, str] = field(default_factory=dict)
    comment_column: str | None = None
    team_column: str | None = None
    ignore_columns: tuple[str, ...] = ()
    fixed_team: bool = False


def quote_header(header: str) -> str:
    """A header as the user should type it in an option: on one line, quoted for a shell."""
    text = " ".join(header.split())
    return f'"{text}"' if not any(ch in text for ch in '"$`\\!') else shlex.quote(text)


def map_option(header: str, target: str) -> str:
    """The ``--map "HEADER=TARGET"`` option that maps a column, quoted for a shell."""
    return f"--map {quote_header(' '.join(header.split()) + '=' + target)}"


def _said(options: ColumnOptions) -> dict[str, str]:
    said = {c.normal(h): t.strip() for h, t in options.mapping.items()}
    if options.comment_column:
        said[c.normal(options.comment_column)] = c.COMMENT
    if options.team_column:
        said[c.normal(options.team_column)] = c.TEAM
    for header in options.ignore_columns:
        said[c.normal(header)] = "ignore"
    return said


def _from_target(col: ColumnPlan, target: str, instrument: Instrument, how: str) -> str | None:
    """Apply a ``--map`` target to a column; the problem with it, if any."""
    target = target.strip()
    key, flip = (target[1:], True) if target.startswith("-") else (target, False)
    if key in TARGETS and not flip:
        col.role = c.IGNORED if key == "ignore" else key
    elif instrument.question(key):
        col.role, col.key, col.flip = c.QUESTION, key, flip
    else:
        return (
            f"{how} maps column {col.index + 1} ({short(col.header, 60)!r}) to {target!r}, which is not a question"
            f" of {instrument.key} (its keys: {', '.join(instrument.question_keys)}) nor one of {', '.join(TARGETS)}"
        )
    col.how, col.confidence = how, 1.0
    return None


def plan_columns(
    header: list[str], instrument: Instrument, options: ColumnOptions, saved: dict[str, str], sample: list[Record]
) -> tuple[list[ColumnPlan], list[str]]:
    """Each header's plan, and the header problems (one line each) that stop the import."""
    said = _said(options)
    problems: list[str] = []
    cols = [ColumnPlan(i, h, c.UNKNOWN) for i, h in enumerate(header)]
    seen = {c.normal(h) for h in header}
    for name in said:
        if name not in seen:
            problems.append(f"an option names a column the file does not have: {name!r}")
    pending: list[ColumnPlan] = []
    for col in cols:
        name = c.normal(col.header)
        if c.identity_like(col.header):
            col.role, col.how = c.IDENTITY, "header words"
            if name in said and said[name] != "ignore":
                where = f"column {col.index + 1} ({short(col.header, 60)!r})"
                problems.append(f"{where} identifies people; it is always dropped")
            continue
        if name in said or name in saved:
            how = "--map" if name in said else "saved mapping"
            problem = _from_target(col, said.get(name) or saved[name], instrument, how)
            if problem:
                problems.append(problem)
            continue
        match = exact_match(col.header, instrument)
        if match:
            col.role, col.key, col.how = c.QUESTION, match.key, match.how
            continue
        role, rank = c.role_of(col.header)
        if role != c.UNKNOWN:
            col.role, col.how, col.confidence = role, "header words", 0.9
            col.key = str(rank) if role == c.DATE else None  # the date preference, settled below
            continue
        match = short_name_match(col.header, instrument)
        if match:
            col.role, col.key, col.how, col.confidence = c.QUESTION, match.key, match.how, match.confidence
            continue
        pending.append(col)
    taken = {col.key for col in cols if col.role == c.QUESTION and col.key}
    for col, match in zip(pending, meaning_matches([p.header for p in pending], instrument, taken), strict=True):
        if match is None:
            continue
        col.role, col.key, col.flip, col.alternative = c.QUESTION, match.key, match.flip, match.runner_up
        col.how = f"meaning, {match.why}" if match.why else "meaning"
        col.confidence, col.sure = match.confidence, match.sure
        if col.sure and not _values_fit(col, instrument, sample):
            col.sure, col.how = False, f"{col.how}; its answers do not fit the question's scale"
    _settle_dates(cols, sample, problems)
    _settle_single(cols, c.TEAM, "--team-column", problems, ignore=options.fixed_team)
    _check_comments(cols, sample)
    _settle_single(cols, c.COMMENT, "--comment-column", problems)
    _settle_questions(cols, instrument, problems)
    return cols, problems


def _values_fit(col: ColumnPlan, instrument: Instrument, sample: list[Record]) -> bool:
    """Whether a column matched by meaning holds answers to its question: some, and all on its scale."""
    values = [r.cells[col.index] for r in sample if col.index < len(r.cells) and r.cells[col.index].strip()]
    try:
        return bool(values) and all(answer_value(v, instrument.question(col.key)) is not None for v in values)
    except PulseError:
        return False


def _settle_dates(cols: list[ColumnPlan], sample: list[Record], problems: list[str]) -> None:
    dates = [col for col in cols if col.role == c.DATE]
    explicit = [col for col in dates if col.how in ("--map", "saved mapping")]
    if explicit:
        chosen = explicit[0]
    elif dates:
        best = min(int(col.key or 0) for col in dates)
        ranked = [col for col in dates if int(col.key or 0) == best]
        chosen = ranked[0]
        for twin in ranked[1:]:
            problems.append(
                f"header, column {twin.index + 1} ({short(twin.header, 60)!r}): a second {twin.header.strip()} column;"
                f" add {map_option(twin.header, 'ignore')} or choose another"
            )
    else:
        chosen = _date_by_values(cols, sample)
    for col in dates:
        col.key = None
        if col is not chosen:
            col.role, col.how = c.METADATA, "another time column"
    if chosen is None:
        problems.append(
            "header: no date column (expected `date`, `Timestamp`, `Completion time` or `Start time`);"
            ' name one with --map "HEADER=date"'
        )


def _date_by_values(cols: list[ColumnPlan], sample: list[Record]) -> ColumnPlan | None:
    """An unknown column whose every value in the first rows is a date."""
    for col in cols:
        if col.role != c.UNKNOWN:
            continue
        values = [r.cells[col.index] for r in sample if col.index < len(r.cells) and r.cells[col.index].strip()]
        if values and all(_any_date(v) for v in values):
            col.role, col.how, col.confidence, col.key = c.DATE, "its values are dates", 0.8, None
            return col
    return None


def _any_date(value: str):
    return next((p for p in (ISO_DATE, DOT_DATE, SLASH_DATE) if p.match(value)), None)


def _settle_single(cols: list[ColumnPlan], role: str, option: str, problems: list[str], ignore: bool = False) -> None:
    found = [col for col in cols if col.role == role]
    if ignore:
        for col in found:
            col.role, col.how = c.IGNORED, "--team given"
        return
    explicit = [col for col in found if col.how in ("--map", "saved mapping")]
    if len(found) > 1 and not explicit:
        for col in found:
            col.sure = False
            col.suggestion = f"{option} {quote_header(col.header)}"
        names = ", ".join(repr(short(col.header, 40)) for col in found)
        problems.append(f"header: {len(found)} columns could be the {role} ({names}); choose one with {option}")
    elif explicit:
        for col in found:
            if col is not explicit[0]:
                col.role, col.how = c.IGNORED, f"{option} chose another"


CERTAIN = ("key", "our wording", "--map", "saved mapping")


def _check_comments(cols: list[ColumnPlan], sample: list[Record]) -> None:
    """A column whose header reads like a comment but whose values are all numbers is a scored question
    ("I regularly receive feedback from peers"): never stored as text, the user says what it is."""
    for col in cols:
        if col.role != c.COMMENT or col.how in CERTAIN:
            continue
        values = [r.cells[col.index].strip() for r in sample if col.index < len(r.cells)]
        values = [v for v in values if v]
        if values and all(v.lstrip("+-").isdigit() for v in values):
            col.role, col.sure, col.how, col.confidence = (
                c.UNKNOWN,
                False,
                "header reads like a comment; values are numbers",
                0.5,
            )


def _settle_questions(cols: list[ColumnPlan], instrument: Instrument, problems: list[str]) -> None:
    by_key: dict[str, list[ColumnPlan]] = {}
    for col in cols:
        if col.role == c.QUESTION:
            by_key.setdefault(col.key, []).append(col)
    taken: set[str] = set()
    for key, found in by_key.items():
        certain = [col for col in found if col.how in CERTAIN]
        if len(certain) > 1:
            where = f"column {certain[1].index + 1} ({short(certain[1].header, 60)!r})"
            problems.append(f"header, {where}: question {key} appears twice")
        ranked = sorted(found, key=lambda col: (col in certain, col.sure, col.confidence), reverse=True)
        keeper = ranked[0]
        # One column keeps the question when it is certain, or sure and clearly ahead of the others.
        clear = keeper in certain or (
            keeper.sure and (len(ranked) == 1 or keeper.confidence - ranked[1].confidence >= MARGIN)
        )
        if clear and keeper.sure:
            taken.add(key)
        for col in ranked if not clear else ranked[1:]:
            col.sure = False
            if len(ranked) > 1:
                col.how = f"{col.how}; {key} is matched by another column too"
    for col in cols:
        if col.role == c.QUESTION and not col.sure:
            if col.key in taken and not (col.sure and col.how in CERTAIN):
                other = col.alternative if col.alternative and col.alternative not in taken else None
                col.suggestion = (
                    map_option(col.header, other) if other else f"--ignore-column {quote_header(col.header)}"
                )
            elif col.flip or col.how.endswith("direction unclear"):
                # The direction is the user's to say, never guessed: both readings, reversed first.
                col.suggestion = f"{map_option(col.header, col.target)} or {map_option(col.header, col.key)}"
            else:
                col.suggestion = map_option(col.header, col.target)
        elif col.role == c.UNKNOWN:
            col.sure, col.confidence, col.how = (
                False,
                col.confidence if col.how else 0.0,
                col.how or "no question is similar",
            )
            col.suggestion = f"--ignore-column {quote_header(col.header)}"
    unsure = [col for col in cols if not col.sure and col.suggestion and col.role in (c.QUESTION, c.UNKNOWN)]
    if unsure:
        first = unsure[0]
        what = (
            f"not a question of {instrument.key} (expected keys {', '.join(instrument.question_keys[:11])},"
            ' or the question text): map it with --map "HEADER=KEY" or leave it out'
            if first.role == c.UNKNOWN
            else f"unsure it is {first.key} ({first.how})"
        )
        more = f"; {len(unsure) - 1} more column(s) unsure" if len(unsure) > 1 else ""
        problems.append(
            f"header, column {first.index + 1} ({short(first.header, 60)!r}): {what}{more}; to go on, add "
            + " ".join(col.suggestion for col in unsure)
        )
    present = {col.key for col in cols if col.role == c.QUESTION}
    missing = [q.key for q in instrument.questions if q.required and q.key not in present]
    if missing and not unsure:
        problems.append(
            f'header: missing column for question {", ".join(missing)}; name it with --map "HEADER={missing[0]}"'
        )
