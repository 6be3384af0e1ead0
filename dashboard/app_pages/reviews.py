"""Reviews (facilitators and admins): the list, and starting a new blameless review."""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth, queries
from dashboard.queries import reviews as review_queries
from dashboard.state import database, database_path
from dashboard.widgets import figures, plain
from dashboard.widgets.reviewing import STATUS_LABELS
from pulse import reviews

auth.require("facilitator", "admin")
db, path = database(), database_path()
st.title("Blameless reviews")
st.caption("What happened, why it made sense at the time, and what changes now. Roles, never names.")
status = st.segmented_control("Show", list(STATUS_LABELS), format_func=STATUS_LABELS.get, key="reviews_status")
summaries = review_queries.summaries(path, status)
if summaries:
    table = pd.DataFrame([s.__dict__ for s in summaries])
    table["kind"] = table["kind"].map(reviews.KINDS)
    table["status"] = table["status"].map(STATUS_LABELS)
    figures.table(table[["title", "team", "event_date", "kind", "status", "actions", "actions_open"]], "reviews_table")
    for s in summaries[:12]:
        st.page_link(
            "app_pages/review_edit.py", label=plain.md(f"{s.title} ({s.team})"), icon=":material/edit:",
            query_params={"review": str(s.id)},
        )  # fmt: skip
else:
    st.info("No review here yet. Start one below: it stays a draft until you send it for review.")

st.subheader("Start a review")
teams = queries.catalogue(path).team_names
with st.form("new_review", clear_on_submit=True):
    title = st.text_input("Title", key="new_review_title", placeholder="e.g. Checkout outage during the spring sale")
    left, middle, right = st.columns(3)
    team = left.selectbox("Team", teams, key="new_review_team")
    when = middle.date_input("Event date", value=date.today(), max_value=date.today(), key="new_review_date")
    kind = right.selectbox("Kind", list(reviews.KINDS), format_func=reviews.KINDS.get, key="new_review_kind")
    started = st.form_submit_button("Start review", type="primary", key="new_review_start")
if started:
    review = reviews.create_review(db, team, title, when, kind)
    queries.after_write()
    st.switch_page("app_pages/review_edit.py", query_params={"review": str(review.id)})
st.page_link("app_pages/review_learning.py", label="Learning across reviews", icon=":material/insights:")
