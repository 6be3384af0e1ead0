"""Staff sign-in, sign-out and changing your own password. Team members never need an account."""

import streamlit as st

from dashboard import auth
from dashboard.state import database
from dashboard.widgets import plain
from pulse import accounts
from pulse.errors import PulseError

st.title("Staff")
if st.session_state.pop("password_changed", False):
    st.success("Password changed. Every session of this account has ended: sign in with the new password.",
               icon=":material/check:")  # fmt: skip
account = auth.current_account()
if account is None:
    auth.login_form("Coaches, facilitators and admins sign in here.")
    st.stop()

st.success(f"Signed in as **{plain.md(account.name)}**, {account.role}.", icon=":material/verified_user:")
if account.role == "coach":
    teams = plain.md(", ".join(account.teams)) or "none yet: ask an admin to assign your teams"
    st.markdown(f"You read the results of these teams: {teams}.")
    st.page_link("app_pages/trends.py", label="Team trends", icon=":material/show_chart:")
    st.page_link("app_pages/organisation.py", label="Organisation", icon=":material/grid_view:")
elif account.role == "admin":
    st.markdown("You manage teams, rounds, codes, instruments, accounts, retention and exports, and read every team.")
    st.page_link("app_pages/admin_rounds.py", label="Rounds", icon=":material/event:")
    st.page_link("app_pages/trends.py", label="Team trends", icon=":material/show_chart:")
else:
    st.markdown("You run blameless reviews.")
    st.page_link("app_pages/reviews.py", label="Reviews", icon=":material/list:")
st.caption("Results never show a group smaller than k, and must never be used to assess individuals.")
if st.button("Sign out", key="sign_out", icon=":material/logout:"):
    auth.end_session()
    st.rerun()

with st.expander("Change my password", icon=":material/password:"):
    with st.form("own_password", clear_on_submit=True):
        current = st.text_input("Current password", type="password", key="own_password_current",
                                autocomplete="current-password")  # fmt: skip
        new = st.text_input(f"New password (at least {accounts.MIN_PASSWORD_LENGTH} characters)", type="password",
                            key="own_password_new", autocomplete="new-password")  # fmt: skip
        again = st.text_input("New password again", type="password", key="own_password_again",
                              autocomplete="new-password")  # fmt: skip
        change = st.form_submit_button("Change password", key="own_password_change")
    st.caption("Changing it signs this account out everywhere, this browser included.")
if change:
    if new != again:
        st.error("The two new passwords differ: nothing was changed.")
        st.stop()
    try:
        accounts.change_own_password(database(), account.name, current, new)
    except PulseError as e:
        st.error(f"Password not changed: {plain.md(e)}.")
        st.stop()
    auth.end_session()
    st.session_state["password_changed"] = True
    st.rerun()
