"""Staff sign-in and sign-out. Team members never need an account."""

import streamlit as st

from dashboard import auth
from dashboard.widgets import plain

st.title("Staff")
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
    auth.sign_out()
    st.rerun()
