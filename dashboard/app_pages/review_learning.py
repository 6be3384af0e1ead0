"""Learning across published reviews: contributing factors over time, actions, search, trust around events."""

import streamlit as st

from dashboard import auth, charts
from dashboard.queries import reviews as review_queries
from dashboard.state import database, database_path
from dashboard.widgets import figures, plain
from pulse import reviews
from pulse.instruments import PSYCH_SAFETY

me = auth.require("facilitator", "admin")
db, path = database(), database_path()
st.title("Learning across reviews")
period = st.session_state.get("learning_period") or "quarter"
page = review_queries.learning_page(path, period)
if not page.published:
    st.info("Nothing to learn from yet: this page reads published reviews only.")
    st.stop()

st.subheader("Contributing factors over time")
st.segmented_control("Per", reviews.PERIODS, default="quarter", key="learning_period")
if page.factors.empty:
    st.info("No published review names a contributing factor yet.")
else:
    figures.chart_with_table(charts.factor_bars(page.factors), page.factors, "factors")

st.subheader("Actions")
if not page.actions.empty:
    figures.table(page.actions, "action_stats")
if not page.overdue.empty:
    st.warning(f"{figures.plural(len(page.overdue), 'action')} past their due date:")
    figures.table(page.overdue, "overdue_actions")

st.subheader("Search")
query = st.text_input('Words or "a phrase" in published reviews', key="learning_search")
if query.strip():
    hits = reviews.search_reviews(db, query)
    st.caption(f"{figures.plural(len(hits), 'review')} found.")
    for hit in hits[:20]:
        where = plain.md(f"({hit.review.team}, {hit.review.event_date:%d %b %Y})")
        st.markdown(f"**{plain.md(hit.review.title)}** {where}")
        for snippet in hit.snippets[:2]:
            st.caption(plain.md(snippet))

st.subheader("Trust around an event")
# A team's psych-safety series is a team result. A facilitator sees it only through a review, and only for
# that review's own team (never a team picked freely); an admin reads every team anyway.
facilitating = me.role == "facilitator"
readable = [r for r in page.published if facilitating or me.can_read(r.team)]
labels = {r.id: f"{r.title} ({r.team}, {r.event_date:%d %b %Y})" for r in readable}
chosen = st.selectbox("Review", list(labels), format_func=labels.get, key="learning_trust_review")
own_team = next(r.team for r in readable if r.id == chosen)
points, event, published_on = review_queries.trust_points(path, chosen, (own_team,) if facilitating else me.scope)
st.caption(plain.md(f"Team {own_team} only: the team the review is about, with the same k as everywhere."))
if points.empty or points["mean"].isna().all():
    st.info("No psych-safety period of this team around the event reached k responses.")
else:
    st.caption(
        "The team's psych-safety score (90% intervals) within 120 days of the event; periods under k are absent."
    )
    chart = charts.trust_chart(points, event, published_on, *PSYCH_SAFETY.score_range)
    figures.chart_with_table(chart, points, "trust")
