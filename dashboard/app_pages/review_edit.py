"""Edit a review: details, timeline, contributing factors and actions. Saves keep versions, not editors."""

import streamlit as st

from dashboard import auth, queries
from dashboard.state import database
from dashboard.widgets import plain, reviewing
from pulse import reviews

auth.require("facilitator", "admin")
db = database()
st.title("Edit review")
review = reviewing.pick_review(db, "edit_review_pick")
reviewing.header(review, "app_pages/review_edit.py")
if saved := st.session_state.pop("review_saved", None):
    st.success(saved, icon=":material/check:")
locked = review.status == "published"
if locked:
    st.info("Published: the text is fixed. Move it back to in review (Blame check page) to correct it.")

v = f"review{review.id}v{review.version}"  # widget keys change with each saved version: fresh values
with st.form(f"{v}_form"):
    title = st.text_input("Title", review.title, disabled=locked, key=f"{v}_title")
    summary = st.text_area("Summary: what happened?", review.summary, height=120, disabled=locked, key=f"{v}_summary")
    went_well = st.text_area("What went well?", review.went_well, disabled=locked, key=f"{v}_went_well")
    was_hard = st.text_area("What was hard or surprising?", review.was_hard, disabled=locked, key=f"{v}_was_hard")
    st.markdown("**Timeline** (a time, date-time or offset such as T+15m; roles, never names)")
    timeline = st.data_editor(
        reviewing.rows(review.timeline, ["at", "what"]), num_rows="dynamic", disabled=locked, width="stretch",
        key=f"{v}_timeline",
        column_config={"at": st.column_config.TextColumn("When", width="small"), "what": "What happened"},
    )  # fmt: skip
    st.markdown("**Contributing factors**")
    factors = st.data_editor(
        reviewing.rows(review.factors, ["category", "detail"]), num_rows="dynamic", disabled=locked, width="stretch",
        key=f"{v}_factors",
        column_config={"category": st.column_config.SelectboxColumn("Factor", options=list(reviews.FACTORS))},
    )  # fmt: skip
    st.markdown("**Actions** (owner: a role or a team)")
    actions = st.data_editor(
        reviewing.rows(review.actions, ["id", "what", "owner", "due", "status", "link"]), num_rows="dynamic",
        width="stretch", disabled=["id"] if not locked else True, key=f"{v}_actions",
        column_config={
            "id": None, "due": st.column_config.DateColumn("Due"),
            "status": st.column_config.SelectboxColumn("Status", options=list(reviews.ACTION_STATUSES)),
        },
    )  # fmt: skip
    save = st.form_submit_button("Save", type="primary", disabled=locked, key="review_save")
if save:
    reviews.update_review(
        db, review.id, expected_version=review.version, title=title, summary=summary, went_well=went_well,
        was_hard=was_hard, timeline=reviewing.records(timeline), factors=reviewing.records(factors),
        actions=reviewing.records(actions),
    )  # fmt: skip
    queries.after_write()
    st.session_state["review_saved"] = "Saved. Run the blame check before publishing."
    st.rerun()
if locked and review.actions:
    st.subheader("Track actions")
    for action in review.actions:
        status = st.selectbox(plain.md(action.what), reviews.ACTION_STATUSES, key=f"action_status_{action.id}",
                              index=reviews.ACTION_STATUSES.index(action.status))  # fmt: skip
        if status != action.status:
            reviews.set_action(db, action.id, status=status)
            queries.after_write()
            st.rerun()
