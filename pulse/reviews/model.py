"""A review's values, vocabularies and validation: what a review is, before it is stored.

Every text goes through ``pulse.text`` (invisible characters dropped, length capped), so a name
cannot hide from the blame-language check behind a zero-width space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from pulse import lint
from pulse.errors import InvalidReview
from pulse.text import clean_text as clean_free_text

KINDS = {
    "incident": "Incident",
    "conflict": "Conflict",
    "missed-goal": "Missed goal",
    "near-miss": "Near miss",
    "other": "Other",
}
FACTORS = {
    "process": "Process",
    "tooling": "Tooling",
    "communication": "Communication",
    "workload-and-pressure": "Workload and pressure",
    "knowledge": "Knowledge",
    "environment": "Environment",
    "decisions-under-uncertainty": "Decisions under uncertainty",
    "other": "Other",
}
STATUSES = ("draft", "in-review", "published")
ACTION_STATUSES = ("open", "in-progress", "done", "dropped")
# A published review may go back to in-review for a correction; it leaves the exports until republished.
TRANSITIONS = {"draft": ("in-review",), "in-review": ("draft", "published"), "published": ("in-review",)}
EDITABLE = ("team", "title", "event_date", "kind", "summary", "went_well", "was_hard", "timeline", "factors", "actions")

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_ITEM = 2_000
MAX_MOMENT = 40
MAX_ITEMS = 500
MIN_WAIVER_REASON = 3


# --- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One moment: ``at`` is a clock time, a date-time or an offset ("T+15m"), as written."""

    at: str
    what: str


@dataclass(frozen=True)
class Factor:
    category: str
    detail: str = ""

    @property
    def label(self) -> str:
        return FACTORS[self.category]


@dataclass(frozen=True)
class Action:
    what: str
    owner: str  # a role or a team, never a person
    due: date | None = None
    status: str = "open"
    link: str | None = None
    id: int | None = None

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status in ("open", "in-progress") and self.due is not None and self.due < (today or date.today())


@dataclass(frozen=True)
class Waiver:
    field: str
    kind: str
    excerpt: str
    reason: str


@dataclass(frozen=True)
class Review:
    id: int
    team: str
    title: str
    event_date: date
    kind: str
    summary: str = ""
    went_well: str = ""
    was_hard: str = ""
    timeline: tuple[TimelineEntry, ...] = ()
    factors: tuple[Factor, ...] = ()
    actions: tuple[Action, ...] = ()
    status: str = "draft"
    version: int = 1
    published_on: date | None = None
    waivers: tuple[Waiver, ...] = ()

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def text_fields(self) -> list[tuple[str, str]]:
        """(field, text) for every text the blame-language check reads; list items count from 1."""
        fields = [
            ("title", self.title),
            ("summary", self.summary),
            ("went_well", self.went_well),
            ("was_hard", self.was_hard),
        ]
        for i, entry in enumerate(self.timeline, 1):
            fields += [(f"timeline[{i}].at", entry.at), (f"timeline[{i}].what", entry.what)]
        for i, factor in enumerate(self.factors, 1):
            fields.append((f"factors[{i}].detail", factor.detail))
        for i, action in enumerate(self.actions, 1):
            fields += [(f"actions[{i}].what", action.what), (f"actions[{i}].owner", action.owner)]
        return [(name, text) for name, text in fields if text]

    def as_dict(self) -> dict:
        """JSON-ready: dates as ISO text."""
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class ReviewSummary:
    id: int
    team: str
    title: str
    event_date: date
    kind: str
    status: str
    version: int
    published_on: date | None
    actions: int
    actions_open: int


@dataclass(frozen=True)
class ReviewFinding:
    """A lint finding in one field of a review; ``waived`` holds the reason when it was waived."""

    id: str
    field: str
    finding: lint.Finding
    waived: str | None = None
    # The person a name, handle or address names (``lint.persons``): every spelling of one person in the
    # review shares it, and they are settled together. Empty for phrasing.
    person: str = ""

    @property
    def settles_with(self) -> str:
        """What this finding is settled with: its person anywhere in the review, or its own words in its field."""
        return f"person:{self.person}" if self.person else self.id

    @property
    def kind(self) -> str:
        return self.finding.kind

    @property
    def text(self) -> str:
        return self.finding.text

    @property
    def question(self) -> str:
        return self.finding.question

    @property
    def open(self) -> bool:
        return self.waived is None

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "field": self.field,
            "kind": self.kind,
            "text": self.text,
            "start": self.finding.start,
            "end": self.finding.end,
            "question": self.question,
            "waived": self.waived,
            "person": self.person,
        }


@dataclass(frozen=True)
class ReviewVersion:
    version: int
    review: dict = field(repr=False)

    @property
    def status(self) -> str:
        return self.review["status"]


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- validation --------------------------------------------------------------------------------


def clean_text(value, what: str, limit: int = MAX_TEXT, *, required: bool = False) -> str:
    """Text without invisible characters (``pulse.text``), stripped, at most ``limit`` long."""
    kept = clean_free_text(value, limit=limit, what=what, error=InvalidReview)
    if required and not kept:
        raise InvalidReview(f"{what} is empty")
    return kept


def one_line(value, what: str, limit: int, *, required: bool = False) -> str:
    return " ".join(clean_text(value, what, limit, required=required).split())


def parse_date(value, what: str, *, required: bool = True) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidReview(f"{what} is missing")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidReview(f"{what} {value.strip()[:30]!r} is not a date (use YYYY-MM-DD)") from None
    raise InvalidReview(f"{what} must be a date")


def choice(value, options: Iterable[str], what: str) -> str:
    options = tuple(options)
    key = "-".join(str(value).strip().lower().replace("_", " ").split()) if value is not None else ""
    if key not in options:
        raise InvalidReview(f"unknown {what} {value!r} (use one of: {', '.join(options)})")
    return key


def _items(value, what: str) -> list:
    if value is None:
        return []
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidReview(f"{what} must be a list")
    items = list(value)
    if len(items) > MAX_ITEMS:
        raise InvalidReview(f"{what} has {len(items)} items; the limit is {MAX_ITEMS}")
    return items


def timeline_entry(value) -> TimelineEntry:
    """A timeline entry from a TimelineEntry, a mapping with ``at`` and ``what``, or a pair."""
    if isinstance(value, TimelineEntry):
        at, what = value.at, value.what
    elif isinstance(value, Mapping):
        at, what = value.get("at", value.get("time", "")), value.get("what", "")
    elif isinstance(value, list | tuple) and len(value) == 2:
        at, what = value
    else:
        raise InvalidReview(f"a timeline entry needs a time and what happened, got {value!r:.60}")
    if isinstance(at, datetime):
        at = at.isoformat(sep=" ", timespec="minutes")
    return TimelineEntry(
        one_line(at, "timeline time", MAX_MOMENT), clean_text(what, "timeline entry", MAX_ITEM, required=True)
    )


def factor(value) -> Factor:
    """A factor from a Factor, a mapping with ``category`` (and ``detail``), a pair, or a category."""
    if isinstance(value, Factor):
        category, detail = value.category, value.detail
    elif isinstance(value, Mapping):
        category, detail = value.get("category"), value.get("detail", "")
    elif isinstance(value, list | tuple) and len(value) == 2:
        category, detail = value
    elif isinstance(value, str):
        category, detail = value, ""
    else:
        raise InvalidReview(f"a factor needs a category, got {value!r:.60}")
    category = choice(category, FACTORS, "factor")
    detail = clean_text(detail, "factor detail", MAX_ITEM)
    if category == "other" and not detail:
        raise InvalidReview("a factor of category 'other' needs a description")
    return Factor(category, detail)


def action(value) -> Action:
    """An action from an Action or a mapping with ``what``, ``owner`` and optional due, status, link, id."""
    if isinstance(value, Action):
        fields = asdict(value)
    elif isinstance(value, Mapping):
        fields = dict(value)
    else:
        raise InvalidReview(f"an action needs what and an owner role or team, got {value!r:.60}")
    link = one_line(fields.get("link"), "action link", MAX_ITEM) or None
    if link and not re.match(r"^(?:https?://|[A-Za-z][\w.-]*-\d+$|#\d+$)", link):
        raise InvalidReview(f"action link {link[:40]!r} is not a web address or a ticket key (like OPS-123)")
    action_id = fields.get("id")
    if action_id is not None and (isinstance(action_id, bool) or not isinstance(action_id, int)):
        raise InvalidReview(f"action id must be a whole number, got {action_id!r}")
    return Action(
        what=clean_text(fields.get("what"), "action", MAX_ITEM, required=True),
        owner=one_line(fields.get("owner"), "action owner (a role or team)", MAX_TITLE, required=True),
        due=parse_date(fields.get("due"), "action due date", required=False),
        status=choice(fields.get("status") or "open", ACTION_STATUSES, "action status"),
        link=link,
        id=action_id,
    )


def validated_changes(changes: Mapping) -> dict:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidReview(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    out: dict = {}
    for key, value in changes.items():
        if key == "title":
            out[key] = one_line(value, "title", MAX_TITLE, required=True)
        elif key == "event_date":
            out[key] = parse_date(value, "event date")
        elif key == "kind":
            out[key] = choice(value, KINDS, "kind of review")
        elif key in ("summary", "went_well", "was_hard"):
            out[key] = clean_text(value, key.replace("_", " "), MAX_TEXT)
        elif key == "timeline":
            out[key] = tuple(timeline_entry(v) for v in _items(value, "timeline"))
        elif key == "factors":
            out[key] = tuple(factor(v) for v in _items(value, "factors"))
        elif key == "actions":
            out[key] = tuple(action(v) for v in _items(value, "actions"))
        elif key == "team":
            out[key] = value
    return out
