"""Admin: the threshold k and the retention purge."""

import streamlit as st

from dashboard import auth, queries
from dashboard.state import database, database_path
from dashboard.widgets import figures, page
from pulse import settings
from pulse.ops import retention

auth.require("admin")
db, path = database(), database_path()
st.title("Threshold and retention")
page.flash()
k = queries.catalogue(path).k

st.subheader("Threshold k")
st.markdown(
    f"No figure is shown for fewer than **k = {k}** responses: not a mean, a distribution, a comment list or a"
    f" theme's snippets. Raising k hides more small groups; it can never go below {settings.MIN_GROUP_SIZE_FLOOR}."
)
with st.form("threshold"):
    new_k = st.number_input("k", min_value=settings.MIN_GROUP_SIZE_FLOOR, max_value=50, value=k, key="k_value")
    if st.form_submit_button("Save k", type="primary", key="k_save"):
        settings.set_min_group_size(db, int(new_k))
        queries.after_write()
        page.flash(f"k is now {int(new_k)}. Every page applies it from now on.")
        st.rerun()

st.subheader("Retention purge")
st.markdown(
    "Delete the raw answers and comments of rounds that ended more than the given number of days ago. Their"
    " results stay: every figure shown before the purge is shown after it. This cannot be undone."
)
with st.form("purge"):
    days = st.number_input("Older than (days)", min_value=0, max_value=3650, value=365, key="purge_days")
    confirm = st.checkbox("Yes, delete the raw rows for good", key="purge_confirm")
    if st.form_submit_button("Purge", key="purge_submit"):
        if not confirm:
            st.warning("Tick the box to confirm the purge.")
            st.stop()
        report = retention.purge(db, int(days))
        queries.after_write()
        page.flash(
            f"Purged {figures.plural(report.rounds, 'round')} that ended before {report.cutoff}:"
            f" {figures.plural(report.responses, 'response')}, {figures.plural(report.answers, 'answer')} and"
            f" {figures.plural(report.comments, 'comment')} deleted."
        )
        st.rerun()
