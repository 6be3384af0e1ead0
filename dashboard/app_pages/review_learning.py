"""Learning across published reviews: contributing factors over time, actions, search, trust around events."""

import pandas as pd
import streamlit as st

from dashboard import auth, charts, views
from dashboard.state import database
from pulse import reviews
from pulse.instruments import PSYCH_SAFETY

auth.require("facilitator", "admin")
db = database()
st.title("Learning across reviews")
published = reviews.list_reviews(db, status="published")
if not published:
    st.info("Nothing to learn from yet: this page reads published reviews only.")
    st.stop()

st.subheader("Contributing factors over time")
period = st.segmented_control("Per", reviews.PERIODS, default="quarter", key="learning_period")
factors = pd.DataFrame(reviews.factor_counts(db, period=period or "quarter"))
if factors.empty:
    st.info("No published review names a contributing factor yet.")
else:
    views.chart_with_table(charts.factor_bars(factors), factors, "factors")

st.subheader("Actions")
stats = pd.DataFrame([s.as_row() for s in reviews.action_stats(db)])
if not stats.empty:
    st.dataframe(stats, hide_index=True, key="action_stats")
overdue = reviews.overdue_actions(db)
if overdue:
    st.warning(f"{len(overdue)} action(s) past their due date:")
    st.dataframe(pd.DataFrame([a.as_row() for a in overdue]), hide_index=True, key="overdue_actions")

st.subheader("Search")
query = st.text_input('Words or "a phrase" in published reviews', key="learning_search")
if query.strip():
    hits = reviews.search_reviews(db, query)
    st.caption(f"{len(hits)} review(s) found.")
    for hit in hits[:20]:
        st.markdown(f"**{hit.review.title}** ({hit.review.team}, {hit.review.event_date:%d %b %Y})")
        for snippet in hit.snippets[:2]:
            st.caption(snippet)

st.subheader("Trust around an event")
labels = {r.id: f"{r.title} ({r.team}, {r.event_date:%d %b %Y})" for r in published}
chosen = st.selectbox("Review", list(labels), format_func=labels.get, key="learning_trust_review")
trust = reviews.trust_around_event(db, chosen)
points = pd.DataFrame([p.__dict__ for p in trust.points])
if points.empty or points["mean"].isna().all():
    st.info("No psych-safety period of this team around the event reached k responses.")
else:
    st.caption(
        "The team's psych-safety score (90% intervals) within 120 days of the event; periods under k are absent."
    )
    chart = charts.trust_chart(points, str(trust.event_date), trust.published_on and str(trust.published_on),
                               *PSYCH_SAFETY.score_range)  # fmt: skip
    views.chart_with_table(chart, points, "trust")
