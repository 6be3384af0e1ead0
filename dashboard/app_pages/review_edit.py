"""Edit a review as a document: one form per section, then its status. Saves keep versions, not editors."""

import streamlit as st

from dashboard import auth, queries
from dashboard.state import database
from dashboard.widgets import plain, review_form, reviewing
from dashboard.widgets.review_form import ACTION_STATUS_LABELS, ACTIONS, FACTORS, TIMELINE, list_section
from pulse import reviews
from pulse.errors import PulseError

auth.require("facilitator", "admin")
db = database()
st.title("Edit review")
review = reviewing.pick_review(db, "edit_review_pick")
reviewing.header(review, "app_pages/review_edit.py")
if saved := st.session_state.pop("review_saved", None):
    st.success(saved, icon=":material/check:")
locked = review.status == "published"
if locked:
    st.info("Published: the text is fixed. Move it back to in review (below) to correct it.")


def store(section: str, **changes) -> None:
    try:
        reviews.update_review(db, review.id, expected_version=review.version, **changes)
    except PulseError as e:
        st.error(f"{section} not saved: {e}")
        return
    queries.after_write()
    st.session_state["review_saved"] = f"{section} saved. Run the blame check before publishing."
    st.rerun()


st.subheader("What happened")
texts = (review.title, review.summary, review.went_well, review.was_hard)
key = review_form.section_key(review, "details", texts)
with st.form(f"{key}_form"):
    title = st.text_input("Title", review.title, disabled=locked, key=f"{key}_title")
    summary = st.text_area("Summary: what happened?", review.summary, height=120, disabled=locked, key=f"{key}_summary")
    went_well = st.text_area("What went well?", review.went_well, disabled=locked, key=f"{key}_went_well")
    was_hard = st.text_area("What was hard or surprising?", review.was_hard, disabled=locked, key=f"{key}_was_hard")
    if st.form_submit_button("Save details", type="primary", disabled=locked, key="review_save"):
        store("Details", title=title, summary=summary, went_well=went_well, was_hard=was_hard)

st.subheader("Timeline")
st.caption("A clock time, a date and time, or an offset such as T+15m; describe roles, never names.")
rows = review_form.as_rows(review.timeline, TIMELINE)
timeline = list_section(
    review_form.section_key(review, "timeline", rows), TIMELINE, rows, item="Moment", section="timeline",
    check=reviews.timeline_entry, locked=locked, empty="No moment yet: add the first one.",
)  # fmt: skip
if timeline is not None:
    store("Timeline", timeline=timeline)

st.subheader("Contributing factors")
rows = review_form.as_rows(review.factors, FACTORS)
factors = list_section(
    review_form.section_key(review, "factors", rows), FACTORS, rows, item="Factor", section="factors",
    check=review_form.check_factor, locked=locked, empty="No contributing factor yet.",
)  # fmt: skip
if factors is not None:
    store("Contributing factors", factors=factors)

st.subheader("Actions")
rows = review_form.as_rows(review.actions, ACTIONS, extra=("id",))
actions = list_section(
    review_form.section_key(review, "actions", rows), ACTIONS, rows, item="Action", section="actions",
    check=reviews.action, locked=locked, empty="No action yet: what changes now, and which role or team owns it?",
)  # fmt: skip
if actions is not None:
    store("Actions", actions=actions)
if locked and review.actions:
    st.caption("Published actions are still tracked: set their status here.")
    for action in review.actions:
        status = st.selectbox(
            plain.md(action.what), reviews.ACTION_STATUSES, format_func=ACTION_STATUS_LABELS.get,
            key=f"action_status_{action.id}", index=reviews.ACTION_STATUSES.index(action.status),
        )  # fmt: skip
        if status != action.status:
            reviews.set_action(db, action.id, status=status)
            queries.after_write()
            st.rerun()

st.subheader("Status")


def move(target: str) -> None:
    reviews.set_status(db, review.id, target)  # refuses to publish with open findings (the button is disabled too)
    queries.after_write()
    st.session_state["review_saved"] = f"The review is now {reviewing.STATUS_LABELS[target].lower()}."
    st.rerun()


review_form.status_controls(review, reviews.findings_for(review), move)
st.page_link("app_pages/review_check.py", label="Open the blame check", icon=":material/fact_check:",
             query_params={"review": str(review.id)})  # fmt: skip
