"""Admin: open and close rounds. Figures of a round appear only once it is closed."""

import streamlit as st

from dashboard import auth, queries
from dashboard.queries import admin
from dashboard.state import database, database_path
from dashboard.widgets import page
from pulse.closing import close_round
from pulse.rounds import list_rounds, open_round

auth.require("admin")
db, path = database(), database_path()
st.title("Rounds")
page.flash()
menu = queries.catalogue(path)
names, teams = menu.instrument_names, menu.team_names
if not teams:
    st.info("Add a team first (Admin > Teams).")
    st.stop()

st.subheader("Open a round")
st.caption("A round is one team answering one instrument for the current two-week period.")
with st.form("open_round"):
    team = st.selectbox("Team", teams, key="open_team")
    key = st.selectbox("Instrument", list(names), format_func=names.get, key="open_instrument")
    submitted = st.form_submit_button("Open round", type="primary", key="round_open")
if submitted:
    rnd = open_round(db, team, key)
    queries.after_write()
    page.flash(f"Round {rnd.id} is open: {rnd.team}, {names[key]}, until {rnd.period_end:%d %b %Y}. Issue codes next.")
    st.rerun()

open_rounds = [r for r in list_rounds(db.cursor()) if r.status == "open"]
st.subheader("Open rounds")
if not open_rounds:
    st.info("No round is open.")
    st.stop()
counts = admin.participation(path)
live = counts[~counts["closed"]].set_index(["team", "instrument"])["responses"].to_dict()
st.dataframe(
    [{"round": r.id, "team": r.team, "instrument": names.get(r.instrument, r.instrument),
      "until": r.period_end, "responses so far": live.get((r.team, r.instrument), 0)} for r in open_rounds],
    hide_index=True, key="open_rounds_table",
)  # fmt: skip
st.caption("Closing a round early freezes its figures now; rounds also close by themselves when their period ends.")
with st.form("close_round"):
    labels = {r.id: f"{r.id}: {r.team}, {names.get(r.instrument, r.instrument)}, from {r.period}" for r in open_rounds}
    chosen = st.selectbox("Round", list(labels), format_func=labels.get, key="close_choice")
    if st.form_submit_button("Close round", key="round_close"):
        closed = close_round(db, chosen)
        queries.after_write()
        page.flash(f"Round {closed.id} of {closed.team} is closed; its figures show where it reaches k.")
        st.rerun()
