"""Exporting published reviews as Markdown and JSON; drafts never leave, perspectives only as a count."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from pulse.errors import InvalidTransition, PulseError
from pulse.reviews.model import Review
from pulse.reviews.store import list_reviews, load_review


def _cell(text) -> str:
    if text is None:
        return ""
    return " ".join(str(text).split()).replace("|", "\\|")


def _perspective_count(cur, review_id: int) -> int | None:
    """How many perspectives a closed collection gathered; None when none was closed."""
    from pulse.reviews.perspectives import closed_count

    return closed_count(cur, review_id)


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
