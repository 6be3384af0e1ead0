"""The calendar (coaches and admins): what runs when, schedules per team group, and one-click pauses.

A coach sees and changes the schedules of their own teams; ``pulse.schedules`` checks that scope on
every write. A tribe's schedule and a holiday week for everyone are an admin's.
"""

from datetime import date, timedelta

import streamlit as st

from dashboard import auth, queries
from dashboard.queries import schedules as data
from dashboard.state import database, database_path
from dashboard.widgets import page, plain
from pulse import schedules

account = auth.require("coach", "admin")
scope = account.scope
db, path = database(), database_path()
st.title("Calendar")
page.flash()
menu = queries.catalogue(path)
names, teams = menu.instrument_names, auth.readable_teams(account, menu.team_names)
tribes = sorted({t.tribe for t in menu.teams if t.tribe}) if scope is None else []
if not teams:
    st.info("No team yet: add teams under Admin > Teams." if scope is None else "No team is assigned to you yet.")
    st.stop()
weeks = st.segmented_control("Weeks ahead", [4, 8, 13, 26], default=8, key="calendar_weeks") or 8
first = data.monday(date.today())
grid = data.calendar(path, first, weeks)
grid = grid[grid["team"].isin(teams)]
if grid.empty:
    st.info("Nothing is scheduled yet: add a schedule below, and rounds open and close on their own.")
else:
    st.caption("▶ a round opens (invitations go out), ✉ a reminder, ☀ a holiday (nothing opens or is sent), ‖ paused.")
    st.dataframe(grid.assign(instrument=grid["instrument"].map(names)), hide_index=True, key="calendar_grid")

paused_teams, holidays = data.paused(path)
left, right = st.columns(2)
with left:
    st.subheader("Pause a team")
    for team in teams:
        on = st.toggle(team, value=team in paused_teams, key=f"pause_{team}")
        if on != (team in paused_teams):
            schedules.pause_team(db, team, paused=on, scope=scope)
            queries.after_write()
            st.rerun()
with right:
    st.subheader("Holiday weeks")
    st.caption("In a holiday week nothing opens and nothing is sent, for any team: a round due then opens after it.")
    if scope is not None:
        st.caption("An admin sets the holiday weeks; pause a team for anything of your own.")
    for w in range(weeks):
        week = first + timedelta(weeks=w)
        label, disabled = f"Week of {week:%d %b %Y}", scope is not None
        on = st.toggle(label, value=week in holidays, key=f"holiday_{week}", disabled=disabled)
        if on != (week in holidays):
            schedules.pause_week(db, week, paused=on, scope=scope)
            queries.after_write()
            st.rerun()

st.subheader("Schedules")
for s in data.schedule_list(path, scope):
    cols = st.columns([6, 1, 1])
    title = plain.md(names.get(s.instrument, s.instrument))
    cols[0].markdown(f"**{title}** {s.every} for {plain.md(s.group)}{' (paused)' * s.paused}")
    if not schedules.may_change(s, scope):
        cols[1].caption("an admin's")
        continue
    if cols[1].button("Resume" if s.paused else "Pause", key=f"schedule_pause_{s.id}"):
        schedules.pause_schedule(db, s.id, paused=not s.paused, scope=scope)
        queries.after_write()
        st.rerun()
    if cols[2].button("Remove", key=f"schedule_remove_{s.id}"):
        schedules.remove_schedule(db, s.id, scope=scope)
        queries.after_write()
        st.rerun()

with st.form("add_schedule"):
    st.markdown("**Add a schedule**")
    key = st.selectbox("Instrument", list(names), format_func=names.get, key="schedule_instrument")
    cadence = st.selectbox("Every", ["fortnightly", "weekly", "monthly", "quarterly"], key="schedule_cadence")
    tribe = st.selectbox("For a tribe", ["(listed teams)", *tribes], key="schedule_tribe") if tribes else None
    chosen = st.multiselect("Or for these teams" if tribes else "For these teams", teams, key="schedule_teams")
    if st.form_submit_button("Add schedule", type="primary", key="schedule_add"):
        tribe = None if tribe == "(listed teams)" else tribe
        added = schedules.add_schedule(db, key, cadence, tribe=tribe, teams=chosen, scope=scope)
        queries.after_write()
        page.flash(f"Schedule added: {names[key]} {added.every} for {added.group}.")
        st.rerun()
