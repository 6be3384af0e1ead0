"""Blame check and publishing: every finding is fixed or waived with a reason before a review publishes."""

import streamlit as st

from dashboard import auth, queries
from dashboard.state import database
from dashboard.widgets import plain, reviewing
from pulse import reviews
from pulse.errors import PublishRefused

auth.require("facilitator", "admin")
db = database()
st.title("Blame check and publish")
review = reviewing.pick_review(db, "check_review_pick")
reviewing.header(review, "app_pages/review_check.py")
if done := st.session_state.pop("review_checked", None):
    st.success(done, icon=":material/check:")
roster = st.text_area(
    "Roster (optional): one person a line, with their role after a comma, e.g. `Sam Lee, on-call engineer`",
    key="review_roster", help="Used for this check only and never stored.",
)  # fmt: skip
findings = reviews.findings_for(review, roster)
still_open = [f for f in findings if f.open]
st.subheader(f"{len(still_open)} finding(s) to fix or waive" if still_open else "No open finding")
if not findings:
    st.success("Nothing points at a person: the text describes roles, conditions and decisions.")
for f in findings:
    with st.container(border=True):
        st.markdown(f"**{plain.md(f.field)}** · {plain.md(f.kind)}: “{plain.md(f.text)}”")
        st.markdown(f"_{plain.md(f.question)}_")
        if not f.open:
            st.caption(f"Waived: {plain.md(f.waived)}")
        elif review.status != "published":
            with st.form(f"waive_{f.id}"):
                reason = st.text_input("Keep these words because...", key=f"waive_reason_{f.id}")
                if st.form_submit_button("Waive with this reason", key=f"waive_{f.id}_submit"):
                    reviews.waive_finding(db, review.id, f.id, reason, roster)
                    queries.after_write()
                    st.session_state["review_checked"] = "Waived, with your reason kept in the review's history."
                    st.rerun()
if (
    roster.strip()
    and review.status != "published"
    and st.button("Replace roster names with their roles", key="replace_names")
):
    reviews.replace_names(db, review.id, roster)
    queries.after_write()
    st.session_state["review_checked"] = "Names replaced by roles (or 'a team member')."
    st.rerun()

st.subheader("Status")
moves = {"in-review": "Send for review", "draft": "Back to draft", "published": "Publish"}
for column, target in zip(st.columns(3), reviews.TRANSITIONS[review.status], strict=False):
    if column.button(moves[target], key=f"move_{target}", type="primary" if target == "published" else "secondary"):
        try:
            reviews.set_status(db, review.id, target, roster=roster)
        except PublishRefused as e:
            st.error(plain.md(e))  # it may quote the review's text
            st.stop()
        queries.after_write()
        st.session_state["review_checked"] = f"The review is now {reviewing.STATUS_LABELS[target].lower()}."
        st.rerun()
if review.status == "published":
    st.download_button("Download as Markdown", reviews.review_markdown(review), f"review-{review.id}.md",
                       "text/markdown", key="review_markdown", on_click="ignore")  # fmt: skip
