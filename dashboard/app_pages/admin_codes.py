"""Admin: personal links and one-time codes. Each is a code, shown once and stored only as a keyed hash.

A personal link is a code inside the dashboard's address: it works once, like a code on a slip, so
every answer that counts towards k is one person's. Shared team links are gone for that reason.
"""

import streamlit as st

from dashboard import auth
from dashboard.code_sheets import codes_csv, codes_html
from dashboard.queries import catalogue
from dashboard.state import database, database_path
from dashboard.widgets import plain
from dashboard.widgets.page import app_url
from pulse.rounds import list_rounds
from pulse.teams import get_team
from pulse.tokens import links
from pulse.tokens.codes import issue_codes, suggested_count

auth.require("admin")
db, path = database(), database_path()
st.title("Personal links and codes")
names = catalogue(path).instrument_names
open_rounds = {r.id: r for r in list_rounds(db.cursor()) if r.accepts_answers()}
sheet = st.session_state.get("code_sheet")
if sheet:
    st.success(
        f"{len(sheet['codes'])} codes for {plain.md(sheet['team'])}, {plain.md(sheet['survey'])}."
        " They are shown this once only."
    )
    csv_bytes = codes_csv(sheet["codes"], sheet["team"], sheet["survey"])
    page = codes_html(sheet["codes"], sheet["team"], sheet["survey"], app_url())
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
    st.caption("The codes, for slips handed out at random:")
    st.code("\n".join(sheet["codes"]), language=None)
    st.caption("The same codes as personal links, to send one to each person (each works once):")
    st.code("\n".join(links.pulse_link(app_url(), c) for c in sheet["codes"]), language=None)
    st.stop()

st.subheader("Issue personal links and codes")
if not open_rounds:
    st.info("No round is open: open one under Admin > Rounds first.")
    st.stop()
labels = {
    i: f"{r.team}, {names.get(r.instrument, r.instrument)}, until {r.period_end:%d %b}" for i, r in open_rounds.items()
}
chosen = st.selectbox("Round", list(labels), format_func=labels.get, key="codes_round")
rnd = open_rounds[chosen]
size = get_team(db.cursor(), rnd.team).size
st.caption(
    "Issue about 20% more than the team has members and hand them out at random (slips) or send one link to"
    " each member: the spares hide who did not answer. Each link or code answers once, so only people count."
)
count = st.number_input("How many", 1, 1000, suggested_count(size), key=f"codes_count_{chosen}")
if st.button("Issue links and codes", type="primary", key="codes_issue"):
    st.session_state["code_sheet"] = {
        "codes": issue_codes(db, chosen, int(count)),
        "team": rnd.team,
        "survey": names.get(rnd.instrument, rnd.instrument),
    }
    st.rerun()
