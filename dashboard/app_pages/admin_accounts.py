"""Admin: staff accounts, roles and the teams each coach reads. Passwords are shown once."""

import streamlit as st

from dashboard import auth, queries
from dashboard.state import database, database_path
from dashboard.widgets import page, plain
from pulse import accounts, sessions

me = auth.require("admin")
db, path = database(), database_path()
st.title("Accounts")
page.flash()
if secret := st.session_state.pop("new_password", None):
    st.warning(f"Password for **{plain.md(secret[0])}**: `{secret[1]}`. Pass it on now: it is not shown again.")
everyone = accounts.list_accounts(db.cursor())
cur = db.cursor()
st.dataframe(
    [
        {"name": a.name, "role": a.role, "teams": ", ".join(a.teams), "signed in on": sessions.live_sessions(cur, a.id)}
        for a in everyone
    ],
    hide_index=True,
    column_config={"signed in on": st.column_config.NumberColumn("signed-in browsers", format="%d")},
)
st.caption(
    "Coaches read only their teams; admins read every team; facilitators run reviews. Team members never have accounts."
    " A new password, role or set of teams, or removing the account, signs it out in every browser."
)
teams = queries.catalogue(path).team_names

st.subheader("Add an account")
with st.form("add_account", clear_on_submit=True):
    name = st.text_input("Name", key="account_name")
    role = st.selectbox("Role", accounts.ROLES, key="account_role")
    chosen = st.multiselect("Teams (coaches only)", teams, key="account_teams")
    if st.form_submit_button("Add account", type="primary", key="account_add"):
        password = accounts.generate_password()
        created = accounts.create_account(db, name, role, password, chosen)
        st.session_state["new_password"] = (created.name, password)
        st.rerun()

coaches = [a for a in everyone if a.role == "coach"]
if coaches:
    st.subheader("A coach's teams")
    coach = st.selectbox("Coach", [a.name for a in coaches], key="coach_pick")
    current = next(a.teams for a in coaches if a.name == coach)
    with st.form("coach_teams"):
        picked = st.multiselect("Teams", teams, default=list(current), key=f"coach_teams_{coach}")
        if st.form_submit_button("Save teams", key="coach_teams_save"):
            accounts.set_teams(db, coach, picked)
            page.flash(f"{coach} now reads: {', '.join(picked) or 'no team'}.")
            st.rerun()

st.subheader("Reset a password or remove an account")
with st.form("account_admin"):
    target = st.selectbox("Account", [a.name for a in everyone], key="account_target")
    confirm = st.checkbox("Yes, remove this account", key="account_confirm_remove")
    reset, remove = st.columns(2)
    if reset.form_submit_button("New random password", key="account_reset"):
        password = accounts.generate_password()
        accounts.set_password(db, target, password)
        st.session_state["new_password"] = (target, password)
        st.rerun()
    if remove.form_submit_button("Remove account", key="account_remove"):
        if not confirm or target == me.name:
            st.warning("Tick the box to confirm; you cannot remove your own account while signed in with it.")
        else:
            accounts.delete_account(db, target)
            page.flash(f"Removed {target}.")
            st.rerun()
