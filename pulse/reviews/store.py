"""Storing reviews: every save is a new version of the whole review, without who or when.

A review's actions are rows of the one action model's table (``actions``, see :mod:`pulse.actions`)
with its ``review_id``: the team page and the trend chart show them beside the actions from results.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, replace

from pulse.errors import EditConflict, InvalidReview, ReviewLocked, UnknownAction, UnknownReview
from pulse.reviews.model import (
    ACTION_STATUSES,
    STATUSES,
    Action,
    Factor,
    Review,
    ReviewSummary,
    ReviewVersion,
    TimelineEntry,
    Waiver,
    action,
    choice,
    validated_changes,
)
from pulse.teams import get_team


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
            "SELECT id, what, owner, due, status, link FROM actions WHERE review_id = ? ORDER BY position",
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


def save_snapshot(cur, review: Review) -> None:
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
                "INSERT INTO actions (team_id, review_id, position, what, owner, due, status, link)"
                " SELECT team_id, ?, ?, ?, ?, ?, ?, ? FROM reviews WHERE id = ? RETURNING id",
                [review_id, position, *values, review_id],
            ).fetchone()[0]
            stored.append(replace(act, id=new_id))
        elif act.id in known:
            cur.execute(
                "UPDATE actions SET position = ?, what = ?, owner = ?, due = ?, status = ?, link = ?"
                " WHERE id = ? AND review_id = ?",
                [position, *values, act.id, review_id],
            )
            stored.append(act)
        else:
            raise UnknownAction(f"action {act.id} does not belong to review {review_id}")
    dropped = known - {a.id for a in stored}
    if dropped:
        cur.execute(
            "DELETE FROM actions WHERE review_id = ? AND id IN (SELECT unnest(?::INTEGER[]))",
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
    values = validated_changes(
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
        save_snapshot(cur, review)
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
    values = validated_changes(changes)

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
        cur.execute("UPDATE actions SET team_id = ? WHERE review_id = ?", [team_id, review_id])
        after = replace(after, version=before.version + 1, actions=_write_children(cur, review_id, before, after))
        save_snapshot(cur, after)
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
        status = choice(status, ACTION_STATUSES, "action status")

    def work(cur):
        row = cur.execute(
            "SELECT review_id FROM actions WHERE id = ? AND review_id IS NOT NULL", [action_id]
        ).fetchone()
        if row is None:
            raise UnknownAction(f"unknown action {action_id}")
        review = load_review(cur, row[0])
        current = next(a for a in review.actions if a.id == action_id)
        updated = action(
            {**asdict(current), **({"status": status} if status else {}), **({} if link is _UNSET else {"link": link})}
        )
        if updated == current:
            return current
        cur.execute("UPDATE actions SET status = ?, link = ? WHERE id = ?", [updated.status, updated.link, action_id])
        cur.execute("UPDATE reviews SET version = version + 1 WHERE id = ?", [review.id])
        actions = tuple(updated if a.id == action_id else a for a in review.actions)
        save_snapshot(cur, replace(review, actions=actions, version=review.version + 1))
        return updated

    return db.run_in_transaction(work)


def list_reviews(
    db, team: str | None = None, status: str | None = None, *, scope: Collection[str] | None = None
) -> list[ReviewSummary]:
    """Reviews, newest event first; ``scope`` limits them to the teams a reader may see."""
    sql = (
        "SELECT r.id, t.name, r.title, r.event_date, r.kind, r.status, r.version, r.published_on,"
        " (SELECT count(*) FROM actions a WHERE a.review_id = r.id),"
        " (SELECT count(*) FROM actions a WHERE a.review_id = r.id AND a.status IN ('open', 'in-progress'))"
        " FROM reviews r JOIN teams t ON t.id = r.team_id WHERE true"
    )
    params: list = []
    if team is not None:
        sql += " AND t.name = ?"
        params.append(get_team(db.cursor(), team).name)
    if status is not None:
        sql += " AND r.status = ?"
        params.append(choice(status, STATUSES, "status"))
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
