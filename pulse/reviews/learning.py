"""Learning across reviews: factor counts, action tracking, search, and trust around an event.

Reads published reviews only. The team's psychological-safety trend around the event comes from
``results.team_results``, the one door for pulse results, so it obeys k like every other figure.
"""

from __future__ import annotations

import shlex
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date

from pulse import results
from pulse.errors import InvalidReview
from pulse.results import ALL_TEAMS
from pulse.reviews.model import ACTION_STATUSES, FACTORS, Action, ReviewSummary
from pulse.reviews.store import get_review, list_reviews, load_review
from pulse.teams import get_team

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
        "SELECT r.id, r.title, t.name, a.what, a.owner, a.due, a.status, a.link, a.id FROM actions a"
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
    for fig in results.team_results(db, team=review.team, instrument=instrument, scope=ALL_TEAMS):
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
