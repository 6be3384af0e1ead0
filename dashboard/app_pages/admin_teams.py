"""Admin: teams and the tribes they roll up into; renaming and retiring a team."""

import pandas as pd
import streamlit as st

from dashboard import auth, queries
from dashboard.state import database
from dashboard.widgets import page, plain
from pulse.teams import add_team, rename_team, retire_team

auth.require("admin")
db = database()
st.title("Teams and tribes")
page.flash()
teams = queries.catalogue(db.path).teams
if teams:
    frame = pd.DataFrame(
        [
            {"Team": t.name, "Tribe": t.tribe or "", "Members": t.size, "Status": "Retired" if t.retired else "Active"}
            for t in teams
        ]
    )
    st.dataframe(frame, hide_index=True, key="teams_table",
                 column_config={"Members": st.column_config.NumberColumn(format="%d")})  # fmt: skip
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

if teams:
    st.subheader("Rename or retire a team")
    st.caption(
        "A new name is only a change of display: results, rounds, codes, links and reviews stay with the team."
        " A retired team keeps its history and results but takes no new rounds; it can be brought back."
    )
    names = [t.name for t in teams]
    chosen = st.selectbox("Team", names, key="team_change_pick")
    current = next(t for t in teams if t.name == chosen)
    with st.form("rename_team", clear_on_submit=True):
        new_name = st.text_input("New name", key="team_new_name")
        renamed = st.form_submit_button("Rename", key="team_rename")
    if renamed:
        team = rename_team(db, chosen, new_name)
        queries.after_write()
        page.flash(f"Renamed {chosen} to {team.name}.")
        st.rerun()
    label = "Bring back" if current.retired else "Retire"
    if st.button(f"{label} {plain.md(chosen)}", key="team_retire"):
        team = retire_team(db, chosen, retired=not current.retired)
        queries.after_write()
        page.flash(f"{team.name} is retired: no new rounds." if team.retired else f"{team.name} is active again.")
        st.rerun()
