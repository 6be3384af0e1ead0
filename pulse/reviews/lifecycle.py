"""The lifecycle: draft -> in review -> published, with the blame-language check before publishing.

Publishing is refused until each finding is fixed (the text no longer contains it) or waived with
a reason; a waiver follows the words, not their position.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from pulse import lint
from pulse.errors import InvalidReview, InvalidTransition, PublishRefused, ReviewLocked
from pulse.reviews.model import (
    MAX_ITEM,
    MIN_WAIVER_REASON,
    STATUSES,
    TRANSITIONS,
    Factor,
    Review,
    ReviewFinding,
    TimelineEntry,
    choice,
    one_line,
)
from pulse.reviews.store import get_review, load_review, save_snapshot, update_review


def finding_id(field_name: str, kind: str, excerpt: str) -> str:
    """Stable while the words stay in the field: a waiver follows the words, not their position."""
    digest = hashlib.sha256(f"{field_name}\0{kind}\0{' '.join(excerpt.casefold().split())}".encode())
    return digest.hexdigest()[:10]


def findings_for(review: Review, roster=None) -> list[ReviewFinding]:
    """Lint every text field of ``review``; findings matching a waiver carry its reason, and every spelling
    of one person anywhere in the review carries that person (``ReviewFinding.person``)."""
    waived = {finding_id(w.field, w.kind, w.excerpt): w.reason for w in review.waivers}
    fields = review.text_fields()
    first = {name: lint.lint_text(text, roster) for name, text in fields}
    # A name found in one field is looked for in the others ("Katharine Berry" in the summary makes "asked
    # Katharine" in a timeline row a name); only a field holding one of its words outside a name found there
    # is read again.
    named = {f.text for found in first.values() for f in found if f.kind in ("name", "possible-name")}
    words = re.compile(r"\b(?:" + "|".join(sorted({re.escape(w) for n in named for w in n.split()})) + r")\b")
    found = []
    for name, text in fields:
        spans = [(f.start, f.end) for f in first[name] if f.kind in lint.IDENTITY_KINDS]
        again = named and any(not any(s <= m.start() < e for s, e in spans) for m in words.finditer(text))
        found += [(name, f) for f in (lint.lint_text(text, roster, known=named) if again else first[name])]
    people = lint.persons((f.kind, f.text) for _, f in found)
    texts = dict(fields)
    out = []
    for field_name, f in found:
        fid = finding_id(field_name, f.kind, f.text)
        reason = waived.get(fid) or _still_waived(review.waivers, field_name, texts[field_name], f)
        out.append(ReviewFinding(fid, field_name, f, reason, people.get((f.kind, f.text), "")))
    return out


def _still_waived(waivers: tuple, field_name: str, text: str, finding: lint.Finding) -> str | None:
    """The reason of a waiver whose words are still where ``finding`` is: after an upgrade a rule may match
    more or other words ("fat-fingered" became "fat-fingered admin", a judgement became blame), but the
    facilitator already decided about these words. Phrasing carries across its kinds; a name, handle or
    address only within its own kind."""
    folded = text.casefold()
    for w in waivers:
        same = w.kind == finding.kind or (w.kind in lint.PHRASING_KINDS and finding.kind in lint.PHRASING_KINDS)
        words = w.excerpt.casefold().split()
        if w.field != field_name or not same or not words:
            continue
        for m in re.finditer(r"\s+".join(map(re.escape, words)), folded):
            if m.start() < finding.end and finding.start < m.end():
                return w.reason
    return None


def to_settle(findings: list[ReviewFinding]) -> list[ReviewFinding]:
    """The open findings to fix or waive, once each: the same words of the same kind in a field ("Nishant"
    named eleven times in a timeline) are one thing to settle, and so is every spelling of one person anywhere
    in the review ("@kberry", "Katharine", "Katharine Berry"); one waiver or one role covers them all."""
    first: dict[str, ReviewFinding] = {}
    for f in findings:
        if f.open:
            first.setdefault(f.settles_with, f)
    return list(first.values())  # in the order each is first named


def settled_together(findings: list[ReviewFinding], finding: ReviewFinding) -> list[ReviewFinding]:
    """Every finding settled with ``finding`` (itself included): its person's places, or its own words."""
    return [f for f in findings if f.settles_with == finding.settles_with]


def check_review(db, review_id: int, roster=None) -> list[ReviewFinding]:
    """Every finding in the review, waived or not (see ``ReviewFinding.open``)."""
    return findings_for(get_review(db, review_id), roster)


def waive_finding(db, review_id: int, finding: ReviewFinding | str, reason: str, roster=None) -> ReviewFinding:
    """Keep a finding's words, with a reason (e.g. "Kubernetes is a product, not a person"); a name's waiver
    covers every spelling and place of that person in the review."""
    reason = one_line(reason, "waiver reason", MAX_ITEM)
    if len(reason) < MIN_WAIVER_REASON:
        raise InvalidReview("a waiver needs a reason: why do these words stay?")

    def work(cur):
        review = load_review(cur, review_id)
        if review.status == "published":
            raise ReviewLocked(f"review {review_id} is published: move it back to in-review first")
        wanted = finding.id if isinstance(finding, ReviewFinding) else str(finding).strip()
        found = findings_for(review, roster)
        match = next((f for f in found if f.id == wanted), None)
        if match is None:
            raise InvalidReview(f"review {review_id} has no finding {wanted!r} (was the text fixed?)")
        # A waiver is kept per field, kind and words; a person's waiver is one for each of their places.
        for field_name, kind, words in dict.fromkeys((f.field, f.kind, f.text) for f in settled_together(found, match)):
            cur.execute(
                "DELETE FROM review_waivers WHERE review_id = ? AND field = ? AND kind = ? AND excerpt = ?",
                [review_id, field_name, kind, words],
            )
            cur.execute(
                "INSERT INTO review_waivers VALUES (?, ?, ?, ?, ?)", [review_id, field_name, kind, words, reason]
            )
        cur.execute("UPDATE reviews SET version = version + 1 WHERE id = ?", [review_id])
        save_snapshot(cur, load_review(cur, review_id))
        return replace(match, waived=reason)

    return db.run_in_transaction(work)


def _rewritten(review: Review, rewrite) -> dict:
    """Every text field of ``review`` passed through ``rewrite(field, text)``, as changes for ``update_review``
    (fields named as ``Review.text_fields`` names them)."""
    return {
        "title": rewrite("title", review.title),
        "summary": rewrite("summary", review.summary),
        "went_well": rewrite("went_well", review.went_well),
        "was_hard": rewrite("was_hard", review.was_hard),
        "timeline": [
            TimelineEntry(rewrite(f"timeline[{i}].at", e.at), rewrite(f"timeline[{i}].what", e.what))
            for i, e in enumerate(review.timeline, 1)
        ],
        "factors": [
            Factor(f.category, rewrite(f"factors[{i}].detail", f.detail)) for i, f in enumerate(review.factors, 1)
        ],
        "actions": [
            replace(a, what=rewrite(f"actions[{i}].what", a.what), owner=rewrite(f"actions[{i}].owner", a.owner))
            for i, a in enumerate(review.actions, 1)
        ],
    }


def replace_names(db, review_id: int, roster) -> Review:
    """Replace roster names with their roles (or "a team member") in every text field."""
    roster = lint.as_roster(roster)
    review = get_review(db, review_id)
    changes = _rewritten(review, lambda _field, text: lint.replace_names(text, roster))
    return update_review(db, review_id, expected_version=review.version, **changes)


def replace_person(db, review_id: int, finding: ReviewFinding | str, role: str = "", roster=None) -> Review:
    """Put ``role`` ("on-call engineer"; empty: "a team member") in place of every spelling of the person a
    name finding names, in every field of the review: one decision for "@kberry", "Katharine" and
    "Katharine Berry" in thirty timeline rows. Refused for a finding that names no one."""
    key = finding.id if isinstance(finding, ReviewFinding) else str(finding).strip()
    return replace_people(db, review_id, {key: role}, roster)


def replace_people(db, review_id: int, roles: Mapping[str, str], roster=None) -> Review:
    """Put each person's role in place of every spelling of them, for several people at once: ``roles`` maps a
    name finding's id (any of the person's places) to their role (empty: "a team member"). One new version of
    the review; refused whole if an id names no one or is gone (the text was fixed meanwhile), or if one person
    is given two roles."""
    wanted = {str(k).strip(): _role(v) for k, v in roles.items()}
    if not wanted:
        raise InvalidReview("no person to replace: pick at least one")
    review = get_review(db, review_id)
    found = findings_for(review, roster)
    by_id = {f.id: f for f in found}
    chosen: dict[str, tuple[str, ReviewFinding]] = {}
    for key, role in wanted.items():
        match = by_id.get(key)
        if match is None:
            raise InvalidReview(f"review {review_id} has no finding {key!r} (was the text fixed?)")
        if not match.person:
            raise InvalidReview(
                f"finding {key} is {match.kind} {match.text!r}, not a person: rewrite its sentence instead"
            )
        earlier = chosen.setdefault(match.person, (role, match))[0]
        if earlier != role:
            raise InvalidReview(f"{match.text!r} is given two roles ({earlier!r} and {role!r}): give them one")
    spans: dict[str, list[tuple[int, int, str, str]]] = {}
    for person, (role, match) in chosen.items():
        for f in settled_together(found, match):
            spans.setdefault(f.field, []).append((f.finding.start, f.finding.end, role, person))
    changes = _rewritten(review, lambda field, text: lint.replace_spans(text, spans.get(field, [])))
    return update_review(db, review_id, expected_version=review.version, **changes)


def _role(value: str) -> str:
    """A role to put in a person's place: a phrase, not an article alone ("the" would read "The restarted it")."""
    role = one_line(value, "role", MAX_ITEM)
    if role and not [w for w in re.findall(r"[^\W\d_]+", role) if w.casefold() not in lint.ROLE_ARTICLES]:
        raise InvalidReview(f"role {role!r} names no role: write one such as 'on-call engineer', or leave it empty")
    return role


def people_named(findings: list[ReviewFinding]) -> list[ReviewFinding]:
    """The open findings that name a person, one per person, in the order they are first named: what a
    facilitator replaces with roles in one go."""
    return [f for f in to_settle(findings) if f.person]


def set_status(db, review_id: int, status: str, *, roster=None, today: date | None = None) -> Review:
    """Move a review along its lifecycle; publishing runs the blame-language check first."""
    status = choice(status, STATUSES, "status")

    def work(cur):
        review = load_review(cur, review_id)
        if status not in TRANSITIONS[review.status]:
            raise InvalidTransition(
                f"review {review_id} is {review.status}: it can move to {' or '.join(TRANSITIONS[review.status])},"
                f" not {status}"
            )
        published_on = review.published_on
        if status == "published":
            still_open = to_settle(findings_for(review, roster))
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
        save_snapshot(cur, after)
        return after

    return db.run_in_transaction(work)


def submit_for_review(db, review_id: int) -> Review:
    return set_status(db, review_id, "in-review")


def publish(db, review_id: int, roster=None, today: date | None = None) -> Review:
    """Publish an in-review review; ``PublishRefused`` lists the findings still open."""
    return set_status(db, review_id, "published", roster=roster, today=today)
