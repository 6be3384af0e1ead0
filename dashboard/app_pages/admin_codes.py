"""Admin: one-time code sheets and team links. Codes and links are shown once and stored only as hashes."""

import streamlit as st

from dashboard import auth, data, views
from dashboard.code_sheets import codes_csv, codes_html
from dashboard.state import database, database_path
from pulse.rounds import list_rounds
from pulse.teams import get_team
from pulse.tokens import links
from pulse.tokens.codes import issue_codes, suggested_count

auth.require("admin")
db, path = database(), database_path()
st.title("Codes and links")
names = {i.key: i.name for i in data.instruments(path)}
open_rounds = {r.id: r for r in list_rounds(db.cursor()) if r.accepts_answers()}
sheet = st.session_state.get("code_sheet")
if sheet:
    st.success(f"{len(sheet['codes'])} codes for {sheet['team']}, {sheet['survey']}. They are shown this once only.")
    csv_bytes = codes_csv(sheet["codes"], sheet["team"], sheet["survey"])
    page = codes_html(sheet["codes"], sheet["team"], sheet["survey"], views.app_url())
    left, right, done = st.columns(3)
    left.download_button(
        "Download CSV", csv_bytes, "teampulse-codes.csv", "text/csv", key="codes_csv", on_click="ignore"
    )
    right.download_button(
        "Printable page", page, "teampulse-codes.html", "text/html", key="codes_html", on_click="ignore"
    )
    if done.button("I have saved them: forget these codes", key="codes_forget", type="primary"):
        del st.session_state["code_sheet"]
        st.rerun()
    st.code("\n".join(sheet["codes"]), language=None)
    st.stop()

st.subheader("Issue one-time codes")
if not open_rounds:
    st.info("No round is open: open one under Admin > Rounds first.")
else:
    labels = {
        i: f"{r.team}, {names.get(r.instrument, r.instrument)}, until {r.period_end:%d %b}"
        for i, r in open_rounds.items()
    }
    chosen = st.selectbox("Round", list(labels), format_func=labels.get, key="codes_round")
    rnd = open_rounds[chosen]
    size = get_team(db.cursor(), rnd.team).size
    st.caption(
        "Print about 20% more codes than the team has members and hand them out at random:"
        " the spares hide who did not answer."
    )
    count = st.number_input("How many codes", 1, 1000, suggested_count(size), key=f"codes_count_{chosen}")
    if st.button("Issue codes", type="primary", key="codes_issue"):
        codes = issue_codes(db, chosen, int(count))
        st.session_state["code_sheet"] = {
            "codes": codes,
            "team": rnd.team,
            "survey": names.get(rnd.instrument, rnd.instrument),
        }
        st.rerun()

st.subheader("Team links")
st.caption(
    "A team link answers whichever round of that team and instrument is open, once per browser session and"
    " rate-limited. Anyone holding it can answer: codes are stricter."
)
with st.form("team_link"):
    team = st.selectbox("Team", data.team_names(path), key="link_team")
    key = st.selectbox("Instrument", list(names), format_func=names.get, key="link_instrument")
    make, revoke = st.columns(2)
    created = make.form_submit_button("Create a link", type="primary", key="link_create")
    revoked = revoke.form_submit_button("Revoke this team's links", key="link_revoke")
if created:
    st.code(f"{views.app_url()}/?link={links.create_link(db, team, key)}", language=None)
    st.caption("Copy it now: the link is stored only as a hash and is not shown again.")
if revoked:
    st.success(f"Revoked {links.revoke_links(db, team, key)} link(s) of {team}.")
live = links.live_links(db.cursor())
if live:
    st.dataframe([{"team": t, "instrument": names.get(i, i), "live links": n} for t, i, n in live], hide_index=True)
