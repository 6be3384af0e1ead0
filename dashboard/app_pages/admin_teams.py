"""Admin: teams and the tribes they roll up into."""

import pandas as pd
import streamlit as st

from dashboard import auth, queries
from dashboard.state import database
from dashboard.widgets import page
from pulse.teams import add_team

auth.require("admin")
db = database()
st.title("Teams and tribes")
page.flash()
teams = queries.catalogue(db.path).teams
if teams:
    frame = pd.DataFrame([{"team": t.name, "tribe": t.tribe, "members": t.size} for t in teams])
    st.dataframe(frame, hide_index=True, key="teams_table")
    st.caption("Tribes roll up their teams' results; a team's size gives participation rates and code counts.")
else:
    st.info("No teams yet. Add the first one below, or run `teampulse demo` for a demo organisation.")

st.subheader("Add a team")
tribes = sorted({t.tribe for t in teams if t.tribe})
with st.form("add_team", clear_on_submit=True):
    name = st.text_input("Team name", key="team_name")
    tribe = st.selectbox("Tribe", tribes, index=None, accept_new_options=True, key="team_tribe",
                         placeholder="none, or type a new tribe")  # fmt: skip
    size = st.number_input("Members (0 if unknown)", min_value=0, max_value=500, step=1, key="team_size")
    submitted = st.form_submit_button("Add team", type="primary", key="team_add")
if submitted:
    created = add_team(db, name, tribe or None, int(size) or None)
    queries.after_write()
    page.flash(f"Added team {created.name}" + (f" to {created.tribe}." if created.tribe else "."))
    st.rerun()
