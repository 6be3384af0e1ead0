"""What the review pages read: the list of reviews and the learning across published ones.

A single review is read fresh on every run (its version guards concurrent edits); lists and
learning are cached and cleared by ``after_write`` after every review write.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.queries import TTL
from dashboard.state import open_database
from pulse import reviews
from pulse.errors import PulseError


class NotAllowed(PulseError):
    """A reader asked for a team's figures outside their scope."""


@st.cache_data(ttl=TTL, show_spinner=False)
def summaries(path: str, status: str | None = None) -> list[reviews.ReviewSummary]:
    """Reviews newest first, optionally of one status."""
    return reviews.list_reviews(open_database(path), status=status)


@dataclass(frozen=True)
class LearningPage:
    """Everything the Learning page draws except search results and one review's trust chart."""

    published: list[reviews.ReviewSummary]
    factors: pd.DataFrame  # how often each contributing factor was named, per period
    actions: pd.DataFrame  # action statistics
    overdue: pd.DataFrame  # actions past their due date


@st.cache_data(ttl=TTL, show_spinner=False)
def learning_page(path: str, period: str) -> LearningPage:
    db = open_database(path)
    return LearningPage(
        published=reviews.list_reviews(db, status="published"),
        factors=pd.DataFrame(reviews.factor_counts(db, period=period)),
        actions=pd.DataFrame([s.as_row() for s in reviews.action_stats(db)]),
        overdue=pd.DataFrame([a.as_row() for a in reviews.overdue_actions(db)]),
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def trust_points(path: str, review_id: int, scope: tuple[str, ...] | None) -> tuple[pd.DataFrame, str, str | None]:
    """The team's psych-safety figures around a review's event, the event date and the publication date.

    ``scope`` is the reader's (``Account.scope``): a review of a team outside it gets no figures.
    """
    db = open_database(path)
    if scope is not None and reviews.get_review(db, review_id).team not in scope:
        raise NotAllowed("the trust view shows only teams you may read")
    trust = reviews.trust_around_event(db, review_id)
    published = str(trust.published_on) if trust.published_on else None
    return pd.DataFrame([p.__dict__ for p in trust.points]), str(trust.event_date), published


def accept_rewrite(db, review: reviews.Review, field: str, sentence: str, rewrite: str) -> reviews.Review:
    """Put ``rewrite`` in place of ``sentence`` in one text field of ``review`` (``field`` as the blame check
    names it: "summary", "timeline[2].what", "actions[1].owner"...), as a new version of the review.
    The version guard refuses the write when someone saved the review since it was read."""
    import re
    from dataclasses import replace

    def swap(text: str) -> str:
        if sentence not in text:
            raise ValueError(f"{field} no longer holds that sentence: was it edited meanwhile?")
        return text.replace(sentence, rewrite, 1)

    m = re.fullmatch(r"(timeline|factors|actions)\[(\d+)\]\.(\w+)", field)
    if m is None:
        changes = {field: swap(getattr(review, field))}
    else:
        items = list(getattr(review, m.group(1)))
        i, attr = int(m.group(2)) - 1, m.group(3)
        items[i] = replace(items[i], **{attr: swap(getattr(items[i], attr))})
        changes = {m.group(1): items}
    return reviews.update_review(db, review.id, expected_version=review.version, **changes)
