"""Anonymous perspectives on a review: collect by link or codes, close for good, then read them."""

import streamlit as st

from dashboard import auth, reviewing, views
from dashboard.code_sheets import codes_csv, codes_html
from dashboard.state import database
from pulse.reviews import perspectives

auth.require("facilitator", "admin")
db = database()
st.title("Perspectives")
review = reviewing.pick_review(db, "perspectives_review_pick")
reviewing.header(review, "app_pages/review_perspectives.py")
state = perspectives.collection_state(db, review.id)
if secret := st.session_state.pop("perspective_link", None):
    st.warning("The participants' link, shown this once only (it is stored as a hash):")
    st.code(f"{views.app_url()}/perspective?plink={secret}", language=None)
if sheet := st.session_state.get("perspective_codes"):
    url = f"{views.app_url()}/perspective"
    st.download_button("Code sheet (CSV)", codes_csv(sheet, review.team, review.title), "perspective-codes.csv",
                       "text/csv", key="perspective_codes_csv", on_click="ignore")  # fmt: skip
    page = codes_html(sheet, review.team, review.title, url)
    st.download_button("Printable code slips", page, "perspective-codes.html", "text/html",
                       key="perspective_codes_html", on_click="ignore")  # fmt: skip
    st.code("\n".join(sheet), language=None)
    if st.button("I have saved them: forget these codes", key="perspective_codes_forget"):
        del st.session_state["perspective_codes"]
        st.rerun()

st.markdown(
    f"Participants write what they saw, in their own words, without signing in. Nothing links a perspective to"
    f" its writer, link or code. You read them only after collection closes, and only if at least"
    f" {perspectives.MIN_SHOWN} were written. Closing is final."
)
if state.status == "not-open":
    if st.button("Start collecting perspectives", type="primary", key="collection_open"):
        st.session_state["perspective_link"] = perspectives.open_collection(db, review.id)
        st.rerun()
elif state.status == "open":
    st.metric("Perspectives so far", state.count)
    count = st.number_input("Codes to issue", 1, 1000, perspectives.suggested_code_count(db, review.id), key="pc_n")
    issue, relink, close = st.columns(3)
    if issue.button("Issue codes", key="perspective_issue"):
        st.session_state["perspective_codes"] = perspectives.issue_codes(db, review.id, int(count))
        st.rerun()
    if relink.button("Replace the link", key="perspective_relink"):
        st.session_state["perspective_link"] = perspectives.new_link(db, review.id)
        st.rerun()
    confirm = close.checkbox("Close for good", key="collection_confirm")
    if close.button("Close collection", key="collection_close", disabled=not confirm):
        perspectives.close_collection(db, review.id)
        st.session_state.pop("perspective_codes", None)
        st.rerun()
else:
    released = perspectives.release(db, review.id)
    if not released.shown:
        st.info(f"Collection closed with {released.n} perspective(s): {released.note}.")
        st.stop()
    st.subheader(f"{released.n} perspectives, in random order, names scrubbed")
    for theme in perspectives.group_into_themes(db, review.id):
        with st.expander(f"{theme.label} ({theme.size})", expanded=True):
            for text in theme.texts:
                st.markdown(f"> {text}")
