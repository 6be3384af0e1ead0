"""Actions: what a team decided to do about its results or after a review, and how it went.

One model for both: an action has what, an owner *role* (never a person), a due date and a status,
belongs to a team, and points at what prompted it: a dimension or a comment theme of a closed round
(``round_id``), or a review (``review_id``; those are written by :mod:`pulse.reviews.store`).

An action from results may carry a follow-up question ("did this help?") that is asked, anonymously,
in the team's next round of the same instrument. Its answers are stored like any answer of that
round (``answers``, question ``followup:<action id>``), go through the mixing buffer with the rest of
the response, and are read only through the one door (:mod:`pulse.results.member`), counted and
suppressed like any figure.

What is absent on purpose: who added or changed an action, and when.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pulse.errors import InvalidAction, InvalidAnswer, UnknownAction
from pulse.instruments import get_instrument
from pulse.rounds import get_round
from pulse.scrub import scrub_identifiers
from pulse.teams import get_team
from pulse.text import clean_text

STATUSES = ("open", "in-progress", "done", "dropped")
STATUS_LABELS = {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}
# Suggested owners: roles, so an action never singles out a person. Other roles may be typed.
OWNER_ROLES = (
    "the team", "coach", "scrum master", "product owner", "tech lead", "engineering manager", "team lead",
)  # fmt: skip
FOLLOWUP_PREFIX = "followup:"
FOLLOWUP_QUESTION = "Last time the team decided to act on this. Did it help?"
FOLLOWUP_SCALE = {1: "No", 2: "A little", 3: "Yes"}
MAX_FOLLOWUPS = 3  # per round: the pulse stays short
MAX_WHAT = 500
MAX_OWNER = 80

_COLUMNS = (
    "a.id, t.name, a.what, a.owner, a.due, a.status, a.instrument_key, a.dimension, a.theme, a.round_id,"
    " a.review_id, a.followup, r.period_start, r.period_end, a.link"
)
_FROM = " FROM actions a JOIN teams t ON t.id = a.team_id LEFT JOIN rounds r ON r.id = a.round_id"


@dataclass(frozen=True)
class TeamAction:
    """One action as a team page shows it; ``period``/``period_end`` are those of the round it followed."""

    id: int
    team: str
    what: str
    owner: str
    due: date | None
    status: str
    instrument: str | None = None
    dimension: str | None = None
    theme: str | None = None
    round_id: int | None = None
    review_id: int | None = None
    followup: bool = False
    period: date | None = None
    period_end: date | None = None
    link: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def followup_key(self) -> str:
        """The question key its follow-up answers are stored under."""
        return f"{FOLLOWUP_PREFIX}{self.id}"

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status in ("open", "in-progress") and self.due is not None and self.due < (today or date.today())


# --- validation --------------------------------------------------------------------------------


def without_people(value: object, what: str, limit: int, *, roster=()) -> str:
    """``value`` as one clean line, refused (``InvalidAction``) when it names a person or a contact.

    The check is the scrubber's (``pulse.scrub``: emails, @handles, phone numbers, names from
    ``roster`` and words that behave like names): an action is read by the whole team, so it names
    a role ("tech lead"), never someone.
    """
    text = " ".join(clean_text(value, limit=limit, what=what, error=InvalidAction).split())
    if not text:
        raise InvalidAction(f"{what} is empty")
    text = unicodedata.normalize("NFKC", text)
    scrubbed = scrub_identifiers(text, roster)
    if scrubbed != text:
        flagged = [w for w in text.split() if w not in scrubbed.split()]
        shown = " ".join(flagged[:3]) or scrubbed
        raise InvalidAction(
            f"{what} seems to name a person or a contact ({shown!r}): write a role (such as 'tech lead') instead"
        )
    return text


def status_of(value: object) -> str:
    key = "-".join(str(value or "open").strip().lower().replace("_", " ").split())
    if key not in STATUSES:
        raise InvalidAction(f"unknown action status {value!r} (use one of: {', '.join(STATUSES)})")
    return key


def due_of(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidAction(f"action due date {str(value)[:30]!r} is not a date (use YYYY-MM-DD)") from None


# --- writing -----------------------------------------------------------------------------------


def add_action(
    db,
    team: str,
    what: str,
    owner: str,
    *,
    due=None,
    status: str = "open",
    instrument: str | None = None,
    dimension: str | None = None,
    theme: str | None = None,
    round_id: int | None = None,
    followup: bool = False,
    roster=(),
) -> TeamAction:
    """Record an action the coach or the team decided from the team's results; return it.

    ``round_id`` names the closed round whose results prompted it (the trend chart marks the action
    there); a ``followup`` is asked in the team's next round of that instrument and needs the round.
    """
    what = without_people(what, "action", MAX_WHAT, roster=roster)
    owner = without_people(owner, "action owner (a role)", MAX_OWNER, roster=roster)
    due, status = due_of(due), status_of(status)
    theme = scrub_identifiers(" ".join(clean_text(theme, limit=200, what="theme", error=InvalidAction).split()))

    def work(cur):
        team_row = get_team(cur, team)
        inst = get_instrument(cur, instrument) if instrument else None
        if dimension and (inst is None or dimension not in inst.dimensions()):
            raise InvalidAction(f"{dimension!r} is not a dimension of {instrument or 'any instrument given'}")
        if round_id is not None:
            rnd = get_round(cur, round_id)
            if rnd.team != team_row.name or (inst is not None and rnd.instrument != inst.key):
                raise InvalidAction(f"round {round_id} is not one of {team_row.name}'s {instrument or ''} rounds")
            if rnd.status != "closed":
                raise InvalidAction(f"round {round_id} is still open: act on results once it has closed")
        if followup and round_id is None:
            raise InvalidAction("a follow-up question needs the round whose results the action follows")
        row = cur.execute(
            "INSERT INTO actions (team_id, what, owner, due, status, instrument_key, dimension, theme, round_id,"
            " followup) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [team_row.id, what, owner, due, status, inst.key if inst else None, dimension or None, theme or None,
             round_id, bool(followup)],
        ).fetchone()  # fmt: skip
        return _load(cur, row[0])

    return db.run_in_transaction(work)


def set_status(db, action_id: int, status: str, *, scope=None) -> TeamAction:
    """Track an action: change its status. ``scope`` (team names) limits which actions may change."""
    status = status_of(status)

    def work(cur):
        current = _load(cur, action_id)
        if scope is not None and current.team not in scope:
            raise UnknownAction(f"unknown action {action_id}")
        cur.execute("UPDATE actions SET status = ? WHERE id = ?", [status, action_id])
        return _load(cur, action_id)

    return db.run_in_transaction(work)


# --- reading -----------------------------------------------------------------------------------


def _row(r) -> TeamAction:
    return TeamAction(*r[:12], r[12], r[13], r[14])


def _load(cur, action_id: int) -> TeamAction:
    if isinstance(action_id, bool) or not isinstance(action_id, int):
        raise UnknownAction(f"unknown action {action_id!r}")
    row = cur.execute(f"SELECT {_COLUMNS}{_FROM} WHERE a.id = ?", [action_id]).fetchone()
    if row is None:
        raise UnknownAction(f"unknown action {action_id}")
    return _row(row)


def get_action(db, action_id: int) -> TeamAction:
    return _load(db.cursor(), action_id)


def list_actions(db, team: str, *, reviews: bool = True) -> list[TeamAction]:
    """A team's actions, open ones first, then by due date; with its review actions unless ``reviews`` is False."""
    cur = db.cursor()
    team_row = get_team(cur, team)
    sql = f"SELECT {_COLUMNS}{_FROM} WHERE a.team_id = ?"
    if not reviews:
        sql += " AND a.review_id IS NULL"
    else:  # a review's actions are the team's once the review is published
        sql += " AND (a.review_id IS NULL OR a.review_id IN (SELECT id FROM reviews WHERE status = 'published'))"
    sql += " ORDER BY a.status IN ('done', 'dropped'), a.due NULLS LAST, a.id"
    return [_row(r) for r in cur.execute(sql, [team_row.id]).fetchall()]


_NEXT_ROUND = (
    " (SELECT x.id FROM rounds x WHERE x.team_id = r.team_id AND x.instrument_key = r.instrument_key"
    "  AND x.period_start > r.period_end ORDER BY x.period_start LIMIT 1)"
)


def followups_for_round(db, round_id: int) -> list[TeamAction]:
    """The follow-up questions a round asks: actions with a follow-up whose next round it is."""
    cur = db.cursor()
    rows = cur.execute(
        f"SELECT {_COLUMNS}{_FROM} WHERE a.followup AND a.status <> 'dropped' AND {_NEXT_ROUND} = ?"
        " ORDER BY a.id LIMIT ?",
        [round_id, MAX_FOLLOWUPS],
    ).fetchall()
    return [_row(r) for r in rows]


def followup_rounds(cur, action_ids: list[int]) -> dict[int, int]:
    """Action id -> the round its follow-up is asked in, for those whose next round exists."""
    rows = cur.execute(
        f"SELECT a.id, {_NEXT_ROUND} FROM actions a JOIN rounds r ON r.id = a.round_id"
        " WHERE a.followup AND a.id IN (SELECT unnest(?::INTEGER[]))",
        [[int(i) for i in action_ids]],
    ).fetchall()
    return {a: r for a, r in rows if r is not None}


def followup_answers(db, round_id: int, given: Mapping[object, object] | None) -> dict[str, int]:
    """Validated follow-up answers for a submission to ``round_id``, keyed ``followup:<id>``.

    Every follow-up the round asks must be answered (so the answers' count is the round's count,
    and nothing can be subtracted); an answer to anything else is refused.
    """
    asked = {a.id: a for a in followups_for_round(db, round_id)}
    given = dict(given or {})
    answers: dict[str, int] = {}
    for key, raw in given.items():
        action_id = _action_id(key)
        if action_id not in asked:
            raise InvalidAnswer(f"{key!r} is not a follow-up question of this round")
        if isinstance(raw, bool) or raw not in FOLLOWUP_SCALE:
            raise InvalidAnswer(f"follow-up {action_id}: {raw!r} is not one of {sorted(FOLLOWUP_SCALE)}")
        answers[f"{FOLLOWUP_PREFIX}{action_id}"] = int(raw)
    missing = [a for a in asked if f"{FOLLOWUP_PREFIX}{a}" not in answers]
    if missing:
        raise InvalidAnswer(f"missing answer to the follow-up question about: {asked[missing[0]].what[:60]}")
    return answers


def _action_id(key: object) -> int:
    text = str(key).removeprefix(FOLLOWUP_PREFIX)
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    if text.isdigit():
        return int(text)
    raise InvalidAnswer(f"{str(key)[:40]!r} is not a follow-up question")
