"""Admin: the calendar. What runs when, schedules per team group, and one-click pauses."""

from datetime import date, timedelta

import streamlit as st

from dashboard import auth, queries
from dashboard.queries import schedules as data
from dashboard.state import database, database_path
from dashboard.widgets import page
from pulse import schedules

auth.require("admin")
db, path = database(), database_path()
st.title("Calendar")
page.flash()
menu = queries.catalogue(path)
names, tribes = menu.instrument_names, sorted({t.tribe for t in menu.teams if t.tribe})
weeks = st.segmented_control("Weeks ahead", [4, 8, 13, 26], default=8, key="calendar_weeks") or 8
first = data.monday(date.today())
grid = data.calendar(path, first, weeks)
if grid.empty:
    st.info("Nothing is scheduled yet: add a schedule below, and rounds open and close on their own.")
else:
    st.caption("▶ a round opens (invitations go out), ✉ a reminder, ☀ a holiday (nothing opens or is sent), ‖ paused.")
    st.dataframe(grid.assign(instrument=grid["instrument"].map(names)), hide_index=True, key="calendar_grid")

paused_teams, holidays = data.paused(path)
left, right = st.columns(2)
with left:
    st.subheader("Pause a team")
    for team in menu.team_names:
        on = st.toggle(team, value=team in paused_teams, key=f"pause_{team}")
        if on != (team in paused_teams):
            schedules.pause_team(db, team, paused=on)
            queries.after_write()
            st.rerun()
with right:
    st.subheader("Holiday weeks")
    st.caption("In a holiday week nothing opens and nothing is sent, for any team: a round due then opens after it.")
    for w in range(weeks):
        week = first + timedelta(weeks=w)
        on = st.toggle(f"Week of {week:%d %b %Y}", value=week in holidays, key=f"holiday_{week}")
        if on != (week in holidays):
            schedules.pause_week(db, week, paused=on)
            queries.after_write()
            st.rerun()

st.subheader("Schedules")
for row in data.schedule_rows(path):
    cols = st.columns([6, 1, 1])
    state = " (paused)" if row["paused"] else ""
    cols[0].markdown(
        f"**{names.get(row['instrument'], row['instrument'])}** {row['cadence']} for {row['group']}{state}"
    )
    if cols[1].button("Resume" if row["paused"] else "Pause", key=f"schedule_pause_{row['id']}"):
        schedules.pause_schedule(db, row["id"], paused=not row["paused"])
        queries.after_write()
        st.rerun()
    if cols[2].button("Remove", key=f"schedule_remove_{row['id']}"):
        schedules.remove_schedule(db, row["id"])
        queries.after_write()
        st.rerun()

with st.form("add_schedule"):
    st.markdown("**Add a schedule**")
    key = st.selectbox("Instrument", list(names), format_func=names.get, key="schedule_instrument")
    cadence = st.selectbox("Every", ["fortnightly", "weekly", "monthly", "quarterly"], key="schedule_cadence")
    tribe = st.selectbox("For a tribe", ["(listed teams)", *tribes], key="schedule_tribe")
    teams = st.multiselect("Or for these teams", menu.team_names, key="schedule_teams")
    if st.form_submit_button("Add schedule", type="primary", key="schedule_add"):
        group = {"tribe": tribe} if tribe != "(listed teams)" else {"teams": teams}
        added = schedules.add_schedule(db, key, cadence, **group)
        queries.after_write()
        page.flash(f"Schedule added: {names[key]} {added.every} for {added.group}.")
        st.rerun()
