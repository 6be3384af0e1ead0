"""The lifecycle: draft -> in review -> published, with the blame-language check before publishing.

Publishing is refused until each finding is fixed (the text no longer contains it) or waived with
a reason; a waiver follows the words, not their position.
"""

from __future__ import annotations

import hashlib
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
    """Lint every text field of ``review``; findings matching a waiver carry its reason."""
    waived = {finding_id(w.field, w.kind, w.excerpt): w.reason for w in review.waivers}
    out = []
    for field_name, text in review.text_fields():
        for found in lint.lint_text(text, roster):
            fid = finding_id(field_name, found.kind, found.text)
            out.append(ReviewFinding(fid, field_name, found, waived.get(fid)))
    return out


def to_settle(findings: list[ReviewFinding]) -> list[ReviewFinding]:
    """The open findings to fix or waive, once each: the same words of the same kind in a field ("Nishant"
    named eleven times in a timeline) are one thing to settle, and one waiver or rewrite covers them all."""
    return list({f.id: f for f in reversed(findings) if f.open}.values())[::-1]


def check_review(db, review_id: int, roster=None) -> list[ReviewFinding]:
    """Every finding in the review, waived or not (see ``ReviewFinding.open``)."""
    return findings_for(get_review(db, review_id), roster)


def waive_finding(db, review_id: int, finding: ReviewFinding | str, reason: str, roster=None) -> ReviewFinding:
    """Keep a finding's words, with a reason (e.g. "Kubernetes is a product, not a person")."""
    reason = one_line(reason, "waiver reason", MAX_ITEM)
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
        save_snapshot(cur, load_review(cur, review_id))
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
