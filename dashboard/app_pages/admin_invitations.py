"""Admin: rosters and invitations. A roster is used only to send; the send log holds counts only."""

import streamlit as st

from dashboard import auth, queries
from dashboard.queries import schedules as data
from dashboard.state import database, database_path
from dashboard.widgets import figures, page
from pulse import invitations

auth.require("admin")
db, path = database(), database_path()
st.title("Invitations")
page.flash()
st.markdown(
    "Each member gets a personal link that works once, when a scheduled round opens, and two reminders"
    " (with the same link, thanking those who have already answered), so each member can answer once."
    " **Which link went to whom is never stored**: each link is derived from the round's key and the"
    " address, sent and forgotten; the key is deleted when the round closes, and the log below keeps"
    " counts only."
)
ready = data.configured_channels()
st.caption(
    "Senders configured on this server: "
    + ", ".join(f"{c} {'✓' if ready[c] else '✗'}" for c in ("email", "slack", "teams"))
    + ("" if ready["links"] else ". Set TEAMPULSE_BASE_URL so links point at this dashboard.")
    + " See docs/integrations.md."
)

menu = queries.catalogue(path)
if not menu.team_names:
    st.info("Add a team first (Admin > Teams).")
    st.stop()
st.subheader("Rosters")
st.dataframe(data.roster_sizes(path), hide_index=True, key="roster_sizes")
with st.form("roster_form", clear_on_submit=True):
    team = st.selectbox("Team", menu.team_names, key="roster_team")
    typed = st.text_area(
        "Addresses, one a line",
        key="roster_text",
        placeholder="ann@example.org\nslack:U012AB3CD\nteams:ben@example.org",
    )
    uploaded = st.file_uploader("Or a CSV file with an email column", type=["csv", "txt"], key="roster_file")
    if st.form_submit_button("Replace the roster", type="primary", key="roster_save"):
        text = uploaded.getvalue().decode("utf-8-sig") if uploaded else typed
        kept = invitations.set_roster(db, team, invitations.parse_roster(text))
        queries.after_write()
        page.flash(
            f"{team}: {figures.plural(kept, 'member')} on the roster. Other columns (such as names) were not stored."
        )
        st.rerun()

st.subheader("Sent")
log = data.send_log(path)
if log.empty:
    st.info("Nothing sent yet. Invitations go out when a scheduled round opens for a team with a roster.")
else:
    st.dataframe(log, hide_index=True, key="send_log")
