"""Anonymous perspectives on a review: collect through personal links or codes, close for good, then read."""

import streamlit as st

from analysis.themes import ThemeModel
from dashboard import auth
from dashboard.code_sheets import codes_csv, codes_html
from dashboard.state import database
from dashboard.widgets import figures, plain, reviewing
from dashboard.widgets.page import app_url
from pulse.reviews import perspectives
from pulse.tokens import links

auth.require("facilitator", "admin")
db = database()
st.title("Perspectives")
review = reviewing.pick_review(db, "perspectives_review_pick")
reviewing.header(review, "app_pages/review_perspectives.py")
state = perspectives.collection_state(db, review.id)
k = perspectives.threshold(db)
if sheet := st.session_state.get("perspective_codes"):
    url = f"{app_url()}/perspective"
    st.download_button("Code sheet (CSV)", codes_csv(sheet, review.team, review.title), "perspective-codes.csv",
                       "text/csv", key="perspective_codes_csv", on_click="ignore")  # fmt: skip
    page = codes_html(sheet, review.team, review.title, url)
    st.download_button("Printable code slips", page, "perspective-codes.html", "text/html",
                       key="perspective_codes_html", on_click="ignore")  # fmt: skip
    st.caption("The codes, shown this once only (they are stored as hashes):")
    st.code("\n".join(sheet), language=None)
    st.caption("The same codes as personal links, one for each participant (each works once):")
    st.code("\n".join(links.perspective_link(app_url(), c) for c in sheet), language=None)
    if st.button("I have saved them: forget these codes", key="perspective_codes_forget"):
        del st.session_state["perspective_codes"]
        st.rerun()

st.markdown(
    "Participants write what they saw, in their own words, without signing in, each through a personal link"
    " or one-time code that works once. Nothing links a perspective to its writer or code. You read them only"
    f" after collection closes, and only if at least {k} were written. Closing is final."
)
if state.status == "not-open" and review.status == "published":
    st.info(
        "This review is published: perspectives are collected while it is a draft or in review, so they can still"
        " shape it. To collect them now, move it back to in review on the Edit page."
    )
elif state.status == "not-open":
    if st.button("Start collecting perspectives", type="primary", key="collection_open"):
        perspectives.open_collection(db, review.id)
        st.rerun()
elif state.status == "open":
    st.metric("Perspectives so far", state.count)
    count = st.number_input(
        "Personal links and codes to issue", 1, 1000, perspectives.suggested_code_count(db, review.id), key="pc_n"
    )
    issue, close = st.columns(2)
    if issue.button("Issue links and codes", key="perspective_issue"):
        st.session_state["perspective_codes"] = perspectives.issue_codes(db, review.id, int(count))
        st.rerun()
    confirm = close.checkbox("Close for good", key="collection_confirm")
    if close.button("Close collection", key="collection_close", disabled=not confirm):
        perspectives.close_collection(db, review.id)
        st.session_state.pop("perspective_codes", None)
        st.rerun()
else:
    released = perspectives.release(db, review.id)
    if not released.shown:
        st.info(f"Collection closed with {figures.plural(released.n, 'perspective')}: {released.note}.")
        st.stop()
    st.subheader(f"{released.n} perspectives, in random order, names scrubbed")
    for theme in perspectives.group_into_themes(db, review.id, model=ThemeModel()):
        with st.expander(f"{plain.md(theme.label)} ({theme.size})", expanded=True):
            for text in theme.texts:
                plain.quote(text)
