"""Blameless reviews: what happened, why it made sense at the time, and what changes now.

A review belongs to a team and moves draft -> in-review -> published (and back to in-review for a
correction). Every save stores a new version of the whole review, without recording who saved it or
when. Before publishing, every text field goes through the blame-language check (``pulse.lint``);
publishing is refused until each finding is fixed (the text no longer contains it) or waived with a
reason. Once published, only the status and tracker link of its actions change.

Learning across reviews (factor counts, action completion, overdue actions, search) reads published
reviews only. The team's psychological-safety trend around the event comes from
``results.team_results``, the one door for pulse results, so it obeys k like every other figure.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from pulse import lint, results
from pulse.errors import (
    EditConflict,
    InvalidReview,
    InvalidTransition,
    PublishRefused,
    PulseError,
    ReviewLocked,
    UnknownAction,
    UnknownReview,
)
from pulse.teams import get_team

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
    """Text without invisible control or formatting characters, stripped, at most ``limit`` long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidReview(f"{what} must be text")
    # Cf covers zero-width and bidirectional overrides, which can disguise a name from the check.
    kept = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    kept = kept.replace("\r\n", "\n").strip()
    if required and not kept:
        raise InvalidReview(f"{what} is empty")
    if len(kept) > limit:
        raise InvalidReview(f"{what} is {len(kept)} characters; the limit is {limit}")
    return kept


def _one_line(value, what: str, limit: int, *, required: bool = False) -> str:
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


def _choice(value, options: Iterable[str], what: str) -> str:
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
        _one_line(at, "timeline time", MAX_MOMENT), clean_text(what, "timeline entry", MAX_ITEM, required=True)
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
    category = _choice(category, FACTORS, "factor")
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
    link = _one_line(fields.get("link"), "action link", MAX_ITEM) or None
    if link and not re.match(r"^(?:https?://|[A-Za-z][\w.-]*-\d+$|#\d+$)", link):
        raise InvalidReview(f"action link {link[:40]!r} is not a web address or a ticket key (like OPS-123)")
    action_id = fields.get("id")
    if action_id is not None and (isinstance(action_id, bool) or not isinstance(action_id, int)):
        raise InvalidReview(f"action id must be a whole number, got {action_id!r}")
    return Action(
        what=clean_text(fields.get("what"), "action", MAX_ITEM, required=True),
        owner=_one_line(fields.get("owner"), "action owner (a role or team)", MAX_TITLE, required=True),
        due=parse_date(fields.get("due"), "action due date", required=False),
        status=_choice(fields.get("status") or "open", ACTION_STATUSES, "action status"),
        link=link,
        id=action_id,
    )


def _validated(changes: Mapping) -> dict:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidReview(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    out: dict = {}
    for key, value in changes.items():
        if key == "title":
            out[key] = _one_line(value, "title", MAX_TITLE, required=True)
        elif key == "event_date":
            out[key] = parse_date(value, "event date")
        elif key == "kind":
            out[key] = _choice(value, KINDS, "kind of review")
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


# --- storage -----------------------------------------------------------------------------------


def load_review(cur, review_id: int) -> Review:
    if isinstance(review_id, bool) or not isinstance(review_id, int):
        raise UnknownReview(f"unknown review {review_id!r}")
    row = cur.execute(
        "SELECT r.id, t.name, r.title, r.event_date, r.kind, r.summary, r.went_well, r.was_hard, r.status,"
        " r.version, r.published_on FROM reviews r JOIN teams t ON t.id = r.team_id WHERE r.id = ?",
        [review_id],
    ).fetchone()
    if row is None:
        raise UnknownReview(f"unknown review {review_id}")
    timeline = tuple(
        TimelineEntry(*r)
        for r in cur.execute(
            "SELECT moment, what FROM review_timeline WHERE review_id = ? ORDER BY position", [review_id]
        ).fetchall()
    )
    factors = tuple(
        Factor(*r)
        for r in cur.execute(
            "SELECT category, detail FROM review_factors WHERE review_id = ? ORDER BY position", [review_id]
        ).fetchall()
    )
    actions = tuple(
        Action(what, owner, due, status, link, action_id)
        for action_id, what, owner, due, status, link in cur.execute(
            "SELECT id, what, owner, due, status, link FROM review_actions WHERE review_id = ? ORDER BY position",
            [review_id],
        ).fetchall()
    )
    waivers = tuple(
        Waiver(*r)
        for r in cur.execute(
            "SELECT field, kind, excerpt, reason FROM review_waivers WHERE review_id = ? ORDER BY field, kind, excerpt",
            [review_id],
        ).fetchall()
    )
    rid, team, title, event_date, kind, summary, went_well, was_hard, status, version, published_on = row
    return Review(
        rid, team, title, event_date, kind, summary, went_well, was_hard, timeline, factors, actions, status,
        version, published_on, waivers,
    )  # fmt: skip


def _snapshot(cur, review: Review) -> None:
    cur.execute(
        "INSERT INTO review_versions VALUES (?, ?, ?)",
        [review.id, review.version, json.dumps(review.as_dict(), sort_keys=True)],
    )


def _write_children(cur, review_id: int, before: Review | None, after: Review) -> tuple[Action, ...]:
    """Store timeline, factors and actions of ``after``; return the actions with their ids."""
    if before is None or before.timeline != after.timeline:
        cur.execute("DELETE FROM review_timeline WHERE review_id = ?", [review_id])
        if after.timeline:
            cur.executemany(
                "INSERT INTO review_timeline VALUES (?, ?, ?, ?)",
                [[review_id, i, e.at, e.what] for i, e in enumerate(after.timeline)],
            )
    if before is None or before.factors != after.factors:
        cur.execute("DELETE FROM review_factors WHERE review_id = ?", [review_id])
        if after.factors:
            cur.executemany(
                "INSERT INTO review_factors VALUES (?, ?, ?, ?)",
                [[review_id, i, f.category, f.detail] for i, f in enumerate(after.factors)],
            )
    known = {a.id for a in before.actions} if before else set()
    stored = []
    for position, act in enumerate(after.actions):
        values = [act.what, act.owner, act.due, act.status, act.link]
        if act.id is None:
            new_id = cur.execute(
                "INSERT INTO review_actions (review_id, position, what, owner, due, status, link)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [review_id, position, *values],
            ).fetchone()[0]
            stored.append(replace(act, id=new_id))
        elif act.id in known:
            cur.execute(
                "UPDATE review_actions SET position = ?, what = ?, owner = ?, due = ?, status = ?, link = ?"
                " WHERE id = ? AND review_id = ?",
                [position, *values, act.id, review_id],
            )
            stored.append(act)
        else:
            raise UnknownAction(f"action {act.id} does not belong to review {review_id}")
    dropped = known - {a.id for a in stored}
    if dropped:
        cur.execute(
            "DELETE FROM review_actions WHERE review_id = ? AND id IN (SELECT unnest(?::INTEGER[]))",
            [review_id, sorted(dropped)],
        )
    return tuple(stored)


def create_review(
    db,
    team: str,
    title: str,
    event_date,
    kind: str = "incident",
    *,
    summary: str = "",
    went_well: str = "",
    was_hard: str = "",
    timeline: Iterable = (),
    factors: Iterable = (),
    actions: Iterable = (),
) -> Review:
    """Start a review (status draft, version 1)."""
    values = _validated(
        {
            "title": title,
            "event_date": event_date,
            "kind": kind,
            "summary": summary,
            "went_well": went_well,
            "was_hard": was_hard,
            "timeline": timeline,
            "factors": factors,
            "actions": [{**a, "id": None} if isinstance(a, Mapping) else a for a in actions],
        }
    )
    if any(a.id is not None for a in values["actions"]):
        raise InvalidReview("a new review's actions cannot carry ids")

    def work(cur):
        team_row = get_team(cur, team)
        review_id = cur.execute(
            "INSERT INTO reviews (team_id, title, event_date, kind, summary, went_well, was_hard)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [team_row.id, values["title"], values["event_date"], values["kind"], values["summary"],
             values["went_well"], values["was_hard"]],
        ).fetchone()[0]  # fmt: skip
        review = Review(review_id, team_row.name, **values)
        review = replace(review, actions=_write_children(cur, review_id, None, review))
        _snapshot(cur, review)
        return review

    return db.run_in_transaction(work)


def get_review(db, review_id: int) -> Review:
    return load_review(db.cursor(), review_id)


def update_review(db, review_id: int, *, expected_version: int | None = None, **changes) -> Review:
    """Change any of ``EDITABLE``; lists (timeline, factors, actions) are replaced whole.

    An action that keeps its ``id`` is updated, one without is added, a missing one is removed.
    With ``expected_version``, the save is refused (``EditConflict``) when someone saved in between.
    A save that changes nothing stores no version.
    """
    values = _validated(changes)

    def work(cur):
        before = load_review(cur, review_id)
        if expected_version is not None and before.version != expected_version:
            raise EditConflict(
                f"review {review_id} was saved by someone else (version {before.version}, not {expected_version});"
                " reload it and make the change again"
            )
        if before.status == "published":
            raise ReviewLocked(
                f"review {review_id} is published: move it back to in-review to edit it (only action status may change)"
            )
        if "team" in values:
            values["team"] = get_team(cur, values["team"]).name
        after = replace(before, **values)
        if after == before:
            return before
        team_id = get_team(cur, after.team).id
        cur.execute(
            "UPDATE reviews SET team_id = ?, title = ?, event_date = ?, kind = ?, summary = ?, went_well = ?,"
            " was_hard = ?, version = version + 1 WHERE id = ?",
            [team_id, after.title, after.event_date, after.kind, after.summary, after.went_well, after.was_hard,
             review_id],
        )  # fmt: skip
        after = replace(after, version=before.version + 1, actions=_write_children(cur, review_id, before, after))
        _snapshot(cur, after)
        return after

    return db.run_in_transaction(work)


def add_timeline_entry(db, review_id: int, at: str, what: str) -> Review:
    review = get_review(db, review_id)
    return update_review(
        db, review_id, expected_version=review.version, timeline=[*review.timeline, TimelineEntry(at, what)]
    )


def add_factor(db, review_id: int, category: str, detail: str = "") -> Review:
    review = get_review(db, review_id)
    return update_review(db, review_id, expected_version=review.version, factors=[*review.factors, (category, detail)])


def add_action(
    db, review_id: int, what: str, owner: str, due=None, status: str = "open", link: str | None = None
) -> Review:
    review = get_review(db, review_id)
    new = {"what": what, "owner": owner, "due": due, "status": status, "link": link}
    return update_review(db, review_id, expected_version=review.version, actions=[*review.actions, new])


_UNSET = object()


def set_action(db, action_id: int, *, status: str | None = None, link=_UNSET) -> Action:
    """Track an action: change its status and tracker link. Allowed on published reviews too."""
    if status is not None:
        status = _choice(status, ACTION_STATUSES, "action status")

    def work(cur):
        row = cur.execute("SELECT review_id FROM review_actions WHERE id = ?", [action_id]).fetchone()
        if row is None:
            raise UnknownAction(f"unknown action {action_id}")
        review = load_review(cur, row[0])
        current = next(a for a in review.actions if a.id == action_id)
        updated = action(
            {**asdict(current), **({"status": status} if status else {}), **({} if link is _UNSET else {"link": link})}
        )
        if updated == current:
            return current
        cur.execute(
            "UPDATE review_actions SET status = ?, link = ? WHERE id = ?", [updated.status, updated.link, action_id]
        )
        cur.execute("UPDATE reviews SET version = version + 1 WHERE id = ?", [review.id])
        actions = tuple(updated if a.id == action_id else a for a in review.actions)
        _snapshot(cur, replace(review, actions=actions, version=review.version + 1))
        return updated

    return db.run_in_transaction(work)


def list_reviews(
    db, team: str | None = None, status: str | None = None, *, scope: Collection[str] | None = None
) -> list[ReviewSummary]:
    """Reviews, newest event first; ``scope`` limits them to the teams a reader may see."""
    sql = (
        "SELECT r.id, t.name, r.title, r.event_date, r.kind, r.status, r.version, r.published_on,"
        " (SELECT count(*) FROM review_actions a WHERE a.review_id = r.id),"
        " (SELECT count(*) FROM review_actions a WHERE a.review_id = r.id AND a.status IN ('open', 'in-progress'))"
        " FROM reviews r JOIN teams t ON t.id = r.team_id WHERE true"
    )
    params: list = []
    if team is not None:
        sql += " AND t.name = ?"
        params.append(get_team(db.cursor(), team).name)
    if status is not None:
        sql += " AND r.status = ?"
        params.append(_choice(status, STATUSES, "status"))
    if scope is not None:
        sql += " AND t.name IN (SELECT unnest(?::VARCHAR[]))"
        params.append(sorted(scope))
    rows = db.cursor().execute(sql + " ORDER BY r.event_date DESC, r.id DESC", params).fetchall()
    return [ReviewSummary(*r) for r in rows]


def history(db, review_id: int) -> list[ReviewVersion]:
    """Every saved version, oldest first. Versions record what the review said, never who or when."""
    cur = db.cursor()
    load_review(cur, review_id)
    rows = cur.execute(
        "SELECT version, snapshot FROM review_versions WHERE review_id = ? ORDER BY version", [review_id]
    ).fetchall()
    return [ReviewVersion(v, json.loads(s)) for v, s in rows]


# --- the blame-language check and the lifecycle ------------------------------------------------


def finding_id(field_name: str, kind: str, excerpt: str) -> str:
    """Stable while the words stay in the field: a waiver follows the words, not their position."""
    digest = hashlib.sha256(f"{field_name}\0{kind}\0{' '.join(excerpt.casefold().split())}".encode())
    return digest.hexdigest()[:10]


def findings_for(review: Review, roster=None) -> list[ReviewFinding]:
    """Lint every text field of ``review``; findings matching a waiver carry its reason."""
    waived = {finding_id(w.field, w.kind, w.excerpt): w.reason for w in review.waivers}
    out = []
    for field_name, text in review.text_fields():
        for found in lint.lint_text(text, roster):
            fid = finding_id(field_name, found.kind, found.text)
            out.append(ReviewFinding(fid, field_name, found, waived.get(fid)))
    return out


def check_review(db, review_id: int, roster=None) -> list[ReviewFinding]:
    """Every finding in the review, waived or not (see ``ReviewFinding.open``)."""
    return findings_for(get_review(db, review_id), roster)


def waive_finding(db, review_id: int, finding: ReviewFinding | str, reason: str, roster=None) -> ReviewFinding:
    """Keep a finding's words, with a reason (e.g. "Kubernetes is a product, not a person")."""
    reason = _one_line(reason, "waiver reason", MAX_ITEM)
    if len(reason) < MIN_WAIVER_REASON:
        raise InvalidReview("a waiver needs a reason: why do these words stay?")

    def work(cur):
        review = load_review(cur, review_id)
        if review.status == "published":
            raise ReviewLocked(f"review {review_id} is published: move it back to in-review first")
        wanted = finding.id if isinstance(finding, ReviewFinding) else str(finding).strip()
        match = next((f for f in findings_for(review, roster) if f.id == wanted), None)
        if match is None:
            raise InvalidReview(f"review {review_id} has no finding {wanted!r} (was the text fixed?)")
        cur.execute(
            "DELETE FROM review_waivers WHERE review_id = ? AND field = ? AND kind = ? AND excerpt = ?",
            [review_id, match.field, match.kind, match.text],
        )
        cur.execute(
            "INSERT INTO review_waivers VALUES (?, ?, ?, ?, ?)",
            [review_id, match.field, match.kind, match.text, reason],
        )
        cur.execute("UPDATE reviews SET version = version + 1 WHERE id = ?", [review_id])
        _snapshot(cur, load_review(cur, review_id))
        return replace(match, waived=reason)

    return db.run_in_transaction(work)


def replace_names(db, review_id: int, roster) -> Review:
    """Replace roster names with their roles (or "a team member") in every text field."""
    roster = lint.as_roster(roster)
    review = get_review(db, review_id)
    changes = {
        "title": lint.replace_names(review.title, roster),
        "summary": lint.replace_names(review.summary, roster),
        "went_well": lint.replace_names(review.went_well, roster),
        "was_hard": lint.replace_names(review.was_hard, roster),
        "timeline": [
            TimelineEntry(lint.replace_names(e.at, roster), lint.replace_names(e.what, roster)) for e in review.timeline
        ],
        "factors": [Factor(f.category, lint.replace_names(f.detail, roster)) for f in review.factors],
        "actions": [
            replace(a, what=lint.replace_names(a.what, roster), owner=lint.replace_names(a.owner, roster))
            for a in review.actions
        ],
    }
    return update_review(db, review_id, expected_version=review.version, **changes)


def set_status(db, review_id: int, status: str, *, roster=None, today: date | None = None) -> Review:
    """Move a review along its lifecycle; publishing runs the blame-language check first."""
    status = _choice(status, STATUSES, "status")

    def work(cur):
        review = load_review(cur, review_id)
        if status not in TRANSITIONS[review.status]:
            raise InvalidTransition(
                f"review {review_id} is {review.status}: it can move to {' or '.join(TRANSITIONS[review.status])},"
                f" not {status}"
            )
        published_on = review.published_on
        if status == "published":
            still_open = [f for f in findings_for(review, roster) if f.open]
            if still_open:
                shown = "; ".join(f"{f.field}: {f.kind} {f.text!r}" for f in still_open[:3])
                more = f" and {len(still_open) - 3} more" if len(still_open) > 3 else ""
                raise PublishRefused(
                    f"review {review_id} has {len(still_open)} finding(s) to fix or waive with a reason: {shown}{more}",
                    still_open,
                )
            published_on = today or date.today()
        cur.execute(
            "UPDATE reviews SET status = ?, published_on = ?, version = version + 1 WHERE id = ?",
            [status, published_on, review_id],
        )
        after = replace(review, status=status, published_on=published_on, version=review.version + 1)
        _snapshot(cur, after)
        return after

    return db.run_in_transaction(work)


def submit_for_review(db, review_id: int) -> Review:
    return set_status(db, review_id, "in-review")


def publish(db, review_id: int, roster=None, today: date | None = None) -> Review:
    """Publish an in-review review; ``PublishRefused`` lists the findings still open."""
    return set_status(db, review_id, "published", roster=roster, today=today)


# --- learning across reviews -------------------------------------------------------------------

PERIODS = ("month", "quarter", "year")


def _period_start(day: date, period: str) -> date:
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _published_filter(team: str | None, scope: Collection[str] | None, cur) -> tuple[str, list]:
    sql = " WHERE r.status = 'published'"
    params: list = []
    if team is not None:
        sql += " AND t.name = ?"
        params.append(get_team(cur, team).name)
    if scope is not None:
        sql += " AND t.name IN (SELECT unnest(?::VARCHAR[]))"
        params.append(sorted(scope))
    return sql, params


def factor_counts(
    db, team: str | None = None, *, period: str = "quarter", scope: Collection[str] | None = None
) -> list[dict]:
    """How often each contributing factor was named in published reviews, per period of the event date.

    Rows: ``period`` (first day), ``category``, ``label``, ``count`` (factors) and ``reviews``
    (published reviews naming it), oldest period first.
    """
    if period not in PERIODS:
        raise InvalidReview(f"unknown period {period!r} (use one of: {', '.join(PERIODS)})")
    cur = db.cursor()
    where, params = _published_filter(team, scope, cur)
    rows = cur.execute(
        "SELECT r.id, r.event_date, f.category FROM review_factors f JOIN reviews r ON r.id = f.review_id"
        " JOIN teams t ON t.id = r.team_id" + where,
        params,
    ).fetchall()
    counts: dict[tuple[date, str], list] = {}
    for review_id, event_date, category in rows:
        cell = counts.setdefault((_period_start(event_date, period), category), [0, set()])
        cell[0] += 1
        cell[1].add(review_id)
    order = list(FACTORS)
    return [
        {"period": start, "category": category, "label": FACTORS[category], "count": n, "reviews": len(ids)}
        for (start, category), (n, ids) in sorted(counts.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])))
    ]


@dataclass(frozen=True)
class ActionStats:
    team: str
    total: int
    open: int
    in_progress: int
    done: int
    dropped: int
    overdue: int

    @property
    def completion_rate(self) -> float | None:
        """Done among the actions not dropped; None when there are none."""
        live = self.total - self.dropped
        return self.done / live if live else None

    def as_row(self) -> dict:
        return {**asdict(self), "completion_rate": self.completion_rate}


@dataclass(frozen=True)
class TrackedAction:
    review_id: int
    review_title: str
    team: str
    action: Action

    def as_row(self) -> dict:
        return {
            "action_id": self.action.id,
            "review_id": self.review_id,
            "review": self.review_title,
            "team": self.team,
            "what": self.action.what,
            "owner": self.action.owner,
            "due": self.action.due,
            "status": self.action.status,
            "link": self.action.link,
        }


def tracked_actions(db, team: str | None = None, *, scope: Collection[str] | None = None) -> list[TrackedAction]:
    """Every action of every published review, by team then due date."""
    cur = db.cursor()
    where, params = _published_filter(team, scope, cur)
    rows = cur.execute(
        "SELECT r.id, r.title, t.name, a.what, a.owner, a.due, a.status, a.link, a.id FROM review_actions a"
        " JOIN reviews r ON r.id = a.review_id JOIN teams t ON t.id = r.team_id"
        + where
        + " ORDER BY t.name, a.due NULLS LAST, r.id, a.position",
        params,
    ).fetchall()
    return [TrackedAction(r[0], r[1], r[2], Action(*r[3:])) for r in rows]


def action_stats(
    db, team: str | None = None, *, today: date | None = None, scope: Collection[str] | None = None
) -> list[ActionStats]:
    """Per team: actions by status, how many are overdue, and (as a property) the completion rate."""
    today = today or date.today()
    by_team: dict[str, list[Action]] = {}
    for tracked in tracked_actions(db, team, scope=scope):
        by_team.setdefault(tracked.team, []).append(tracked.action)
    out = []
    for name, actions in sorted(by_team.items()):
        count = {s: sum(a.status == s for a in actions) for s in ACTION_STATUSES}
        overdue = sum(a.is_overdue(today) for a in actions)
        out.append(
            ActionStats(
                name, len(actions), count["open"], count["in-progress"], count["done"], count["dropped"], overdue
            )
        )
    return out


def overdue_actions(
    db, team: str | None = None, *, today: date | None = None, scope: Collection[str] | None = None
) -> list[TrackedAction]:
    """Open or in-progress actions of published reviews whose due date has passed, oldest due first."""
    today = today or date.today()
    overdue = [t for t in tracked_actions(db, team, scope=scope) if t.action.is_overdue(today)]
    return sorted(overdue, key=lambda t: (t.action.due, t.team, t.review_id))


@dataclass(frozen=True)
class SearchHit:
    review: ReviewSummary
    score: int
    snippets: list[str]


def _search_terms(query: str) -> list[str]:
    try:
        terms = shlex.split(query)
    except ValueError:
        terms = query.replace('"', " ").split()
    return [" ".join(t.casefold().split()) for t in terms if t.strip()]


def search_reviews(db, query: str, *, team: str | None = None, scope: Collection[str] | None = None) -> list[SearchHit]:
    """Published reviews containing every term of ``query`` ("quoted phrases" stay together).

    Ranked by the number of matches, a title match counting three times; each hit has short snippets.
    """
    terms = _search_terms(str(query or ""))
    if not terms:
        return []
    summaries = {s.id: s for s in list_reviews(db, team, "published", scope=scope)}
    cur = db.cursor()
    hits = []
    for review_id, summary in summaries.items():
        review = load_review(cur, review_id)
        texts = [text for _, text in review.text_fields()] + [f.label for f in review.factors]
        haystack = "\n".join(texts).casefold()
        if not all(term in haystack for term in terms):
            continue
        score = sum(haystack.count(t) for t in terms) + 2 * sum(review.title.casefold().count(t) for t in terms)
        hits.append(SearchHit(summary, score, _snippets("\n".join(texts), terms)))
    return sorted(hits, key=lambda h: (-h.score, -h.review.event_date.toordinal(), h.review.id))


def _snippets(text: str, terms: list[str], width: int = 60, limit: int = 3) -> list[str]:
    folded = text.casefold()
    out = []
    for term in terms:
        at = folded.find(term)
        if at < 0:
            continue
        start, end = max(0, at - width), min(len(text), at + len(term) + width)
        snippet = " ".join(text[start:end].split())
        out.append(("..." if start else "") + snippet + ("..." if end < len(text) else ""))
        if len(out) == limit:
            break
    return out


# --- trust around the event --------------------------------------------------------------------


@dataclass(frozen=True)
class TrustPoint:
    """One psych-safety figure of the team, as ``results.team_results`` shows it (mean None when suppressed)."""

    period: date
    period_end: date
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    note: str
    relation: str  # "before", "during" or "after" the event
    after_review: bool  # the period starts after the review was published


@dataclass(frozen=True)
class TrustAround:
    review_id: int
    team: str
    event_date: date
    published_on: date | None
    points: list[TrustPoint]

    def _mean(self, keep) -> float | None:
        shown = [p for p in self.points if p.mean is not None and keep(p)]
        total = sum(p.n for p in shown)
        return sum(p.mean * p.n for p in shown) / total if total else None

    @property
    def mean_before(self) -> float | None:
        """Mean of the shown figures before the event (each already reaches k)."""
        return self._mean(lambda p: p.relation == "before")

    @property
    def mean_after_event(self) -> float | None:
        return self._mean(lambda p: p.relation == "after")

    @property
    def mean_after_review(self) -> float | None:
        return self._mean(lambda p: p.after_review)


def trust_around_event(
    db, review_id: int, *, instrument: str = "psych-safety", dimension: str = "score", days: int = 120
) -> TrustAround:
    """The team's figures within ``days`` of the event date, read through ``results.team_results``.

    Suppressed periods keep their note and no mean, exactly as everywhere else: this view adds no
    figure the trends page would not show.
    """
    review = get_review(db, review_id)
    points = []
    for fig in results.team_results(db, team=review.team, instrument=instrument):
        if fig.dimension != dimension:
            continue
        start = date.fromisoformat(fig.period)
        end = date.fromisoformat(fig.period_end) if fig.period_end else start
        if end.toordinal() < review.event_date.toordinal() - days or start.toordinal() > (
            review.event_date.toordinal() + days
        ):
            continue
        relation = "before" if end < review.event_date else "after" if start > review.event_date else "during"
        after_review = review.published_on is not None and start > review.published_on
        points.append(
            TrustPoint(start, end, fig.n, fig.mean, fig.ci_low, fig.ci_high, fig.note, relation, after_review)
        )
    return TrustAround(review.id, review.team, review.event_date, review.published_on, points)


# --- export --------------------------------------------------------------------------------------


def _cell(text) -> str:
    if text is None:
        return ""
    return " ".join(str(text).split()).replace("|", "\\|")


def _perspective_count(cur, review_id: int) -> int | None:
    """How many perspectives a closed collection gathered; None when none was closed."""
    row = cur.execute("SELECT status FROM perspective_collections WHERE review_id = ?", [review_id]).fetchone()
    if row is None or row[0] != "closed":
        return None
    return cur.execute("SELECT count(*) FROM perspectives WHERE review_id = ?", [review_id]).fetchone()[0]


def review_markdown(review: Review, perspectives: int | None = None) -> str:
    """The review as a Markdown document."""
    lines = [f"# {review.title}", ""]
    meta = [f"Team: {review.team}", f"Event: {review.event_date.isoformat()}", f"Kind: {review.kind_label}"]
    if review.published_on:
        meta.append(f"Published: {review.published_on.isoformat()}")
    meta.append(f"Version {review.version}")
    lines += [" · ".join(meta), ""]
    if perspectives is not None:
        lines += [f"Written with {perspectives} anonymous perspective(s) from participants.", ""]
    for heading, text in (
        ("Summary", review.summary),
        ("What went well", review.went_well),
        ("What was hard or surprising", review.was_hard),
    ):
        if heading == "What went well":
            lines += _timeline_and_factors(review)
        lines += [f"## {heading}", "", text or "_Nothing recorded._", ""]
    lines += ["## Actions", ""]
    if review.actions:
        lines += ["| What | Owner | Due | Status | Link |", "| --- | --- | --- | --- | --- |"]
        for a in review.actions:
            due = a.due.isoformat() if a.due else ""
            lines.append(f"| {_cell(a.what)} | {_cell(a.owner)} | {due} | {a.status} | {_cell(a.link)} |")
    else:
        lines.append("_No actions._")
    lines.append("")
    return "\n".join(lines)


def _timeline_and_factors(review: Review) -> list[str]:
    lines = ["## Timeline", ""]
    if review.timeline:
        lines += ["| When | What happened |", "| --- | --- |"]
        lines += [f"| {_cell(e.at)} | {_cell(e.what)} |" for e in review.timeline]
    else:
        lines.append("_No timeline._")
    lines += ["", "## Contributing factors", ""]
    if review.factors:
        lines += [f"- **{f.label}**" + (f": {' '.join(f.detail.split())}" if f.detail else "") for f in review.factors]
    else:
        lines.append("_None recorded._")
    return [*lines, ""]


def review_json(review: Review, perspectives: int | None = None) -> dict:
    """The review as JSON-ready data (waivers included, so a reader sees why flagged words stayed)."""
    data = review.as_dict()
    data["kind_label"] = review.kind_label
    for f, d in zip(review.factors, data["factors"], strict=True):
        d["label"] = f.label
    data["perspectives"] = perspectives
    return data


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:50] or "review"


def export_review(db, review_id: int, out_dir: str | Path) -> list[Path]:
    """Write a published review as ``review-<id>-<slug>.md`` and ``.json`` into ``out_dir``."""
    cur = db.cursor()
    review = load_review(cur, review_id)
    if review.status != "published":
        raise InvalidTransition(f"review {review_id} is {review.status}: only a published review is exported")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        count = _perspective_count(cur, review_id)
        base = out / f"review-{review.id}-{_slug(review.title)}"
        md, js = base.with_suffix(".md"), base.with_suffix(".json")
        md.write_text(review_markdown(review, count), encoding="utf-8")
        js.write_text(json.dumps(review_json(review, count), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as e:
        raise PulseError(f"cannot write review export to {out}: {e.strerror}") from e
    return [md, js]


def export_reviews(db, out_dir: str | Path) -> list[Path]:
    """Every published review, as Markdown and JSON, into ``out_dir/reviews``; drafts never leave."""
    ids = [s.id for s in list_reviews(db, status="published")]
    written: list[Path] = []
    for review_id in sorted(ids):
        written += export_review(db, review_id, Path(out_dir) / "reviews")
    return written
