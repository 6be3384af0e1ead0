"""Staff sign-in for the dashboard. Team members never sign in.

A signed-in session keeps only the account id and the credential version it signed in with. Every
page calls ``require`` on every run, which reads the account again from the database: when the
account was removed, or its password, role or teams changed since (the version moved on), the session
is signed out at the next click.

A reload or a bookmark opens a new Streamlit session: it signs in again from the browser's staff
session cookie (``pulse.sessions``), read once per session from ``st.context.cookies``. A page cannot
set an HTTP-only cookie, so after a sign-in the page hands the browser a one-time ticket, which a
script posts to the server's session route (``dashboard/server/session.py``); signing out ends the
session in the database first, then asks the route to clear the cookie.

The menu (``app.py``) and the page's ``require`` both ask on every run; they share one read per run,
memoised against the run's own marker (Streamlit makes a new one at the start of every run), so a
change made between two clicks is always seen at the next one.
"""

from __future__ import annotations

import json
import threading
import weakref
from urllib.parse import urlsplit

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.state import database
from dashboard.widgets import plain
from dashboard.widgets.page import app_url
from pulse import accounts, sessions
from pulse.errors import PulseError

SESSION_KEY = "account_id"
VERSION_KEY = "account_credential_version"
ENDED_KEY = "_session_ended"
COOKIE_TRIED_KEY = "_session_cookie_tried"  # this Streamlit session has looked at the browser's cookie
COOKIE_KEY = "_session_cookie"  # the cookie this session signed in from (kept in server memory only)
TICKET_KEY = "_session_ticket"  # the ticket of this session's sign-in (ends its cookie at sign-out)
HAND_OVER_KEY = "_session_hand_over"  # "start" or "end": a script to run once in the browser
SESSION_ROUTE = "/_teampulse/session"  # dashboard/server/session.py serves it
ROLE_NAMES = {"coach": "coaches", "facilitator": "facilitators", "admin": "admins"}

# This run's reads: (account id, credential version) -> the account, under the run's marker. An entry
# goes when Streamlit drops the marker at the next run, so no read outlives the run it was made in.
_READS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_READS_LOCK = threading.Lock()  # sessions run their scripts in threads of their own
_UNREAD = object()


def current_account() -> accounts.Account | None:
    """The signed-in account as the database has it now (read once per script run), or ``None``."""
    _hand_over()
    account_id = st.session_state.get(SESSION_KEY)
    if account_id is None:
        account_id = _from_cookie()
    if account_id is None:
        return None
    run, version = _this_run(), st.session_state.get(VERSION_KEY)
    key = (account_id, version)
    with _READS_LOCK:
        reads = _READS.get(run, {}) if run is not None else {}
        found = reads.get(key, _UNREAD)
    if found is _UNREAD:
        found = accounts.account_by_id(database().cursor(), account_id)
        if VERSION_KEY not in st.session_state:
            # Only code on the server writes session state, and sign-in stores both keys; a session given
            # an id alone (the page tests do) is pinned to the account's version as it is now.
            version = st.session_state[VERSION_KEY] = found.credential_version if found else None
            key = (account_id, version)
        if run is not None:
            with _READS_LOCK:
                _READS.setdefault(run, {})[key] = found
    account = found if found is not None and found.credential_version == version else None
    if account is None:
        sign_out()
        st.session_state[ENDED_KEY] = True
    return account


def browser_cookie() -> str | None:
    """The staff session cookie the browser sent when this Streamlit session connected (HTTP-only, so
    only the server sees it)."""
    return st.context.cookies.get(sessions.COOKIE)


def _from_cookie() -> int | None:
    """Sign this Streamlit session in from the browser's cookie, once per session; the account id or None."""
    if st.session_state.get(COOKIE_TRIED_KEY):
        return None
    st.session_state[COOKIE_TRIED_KEY] = True
    cookie = browser_cookie()
    account = sessions.resume(database(), cookie) if cookie else None
    if account is None:
        return None
    st.session_state[SESSION_KEY] = account.id
    st.session_state[VERSION_KEY] = account.credential_version
    st.session_state[COOKIE_KEY] = cookie
    return account.id


def _hand_over() -> None:
    """Run the pending cookie script in the browser: collect the cookie after a sign-in, or clear it."""
    what = st.session_state.pop(HAND_OVER_KEY, None)
    if what is None:
        return
    route = f"{urlsplit(app_url()).path}{SESSION_ROUTE}"
    if what == "start":
        body, route = json.dumps(st.session_state.get(TICKET_KEY, "")), json.dumps(route)
    else:
        body, route = '""', json.dumps(f"{route}/end")
    st.html(
        f"<script>fetch({route}, {{method: 'POST', body: {body}, credentials: 'same-origin'}});</script>",
        unsafe_allow_javascript=True, width="content",
    )  # fmt: skip


def _this_run() -> object | None:
    """A marker unique to the current script run, or None outside one (then nothing is memoised).

    Streamlit creates a fresh, single-use fragment coordinator at the start of every run; holding it
    only weakly, an entry keyed by it can never be mistaken for a later run's.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    return getattr(ctx, "parallel_coordinator", None) if ctx is not None else None


def login_form(intro: str = "This page is for TeamPulse staff. Please sign in.") -> None:
    if st.session_state.pop(ENDED_KEY, False):
        st.warning("You were signed out: this account's password, role or teams changed, or it was removed.")
    st.info(intro)
    with st.form("login_form", clear_on_submit=True):
        name = st.text_input("Account name", key="login_name", autocomplete="username")
        password = st.text_input("Password", type="password", key="login_password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary", key="login_submit")
    if submitted:
        try:
            account = accounts.authenticate(database(), name, password)
        except PulseError as e:
            st.error(str(e))
            return
        st.session_state[SESSION_KEY] = account.id
        st.session_state[VERSION_KEY] = account.credential_version
        st.session_state[TICKET_KEY] = sessions.begin(database(), account)
        st.session_state[HAND_OVER_KEY] = "start"
        st.rerun()
    st.caption("Team members never need an account: a pulse is answered with a team link or a one-time code.")


def require(*roles: str) -> accounts.Account:
    """The signed-in account if its role may see this page; otherwise a login form or a refusal, then stop."""
    account = current_account()
    if account is None:
        login_form()
        st.stop()
    if account.role not in roles:
        allowed = " and ".join(ROLE_NAMES[r] for r in roles)
        st.error(f"This page is for {allowed}. You are signed in as {plain.md(account.name)} ({account.role}).")
        st.stop()
    return account


def readable_teams(account: accounts.Account, all_teams: list[str]) -> list[str]:
    """The teams this account may read, in the order given."""
    return [t for t in all_teams if account.can_read(t)]


def sign_out() -> None:
    """Forget the account in this Streamlit session (its browser session is ended by ``end_session``)."""
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(VERSION_KEY, None)


def end_session() -> None:
    """Sign out for good: the browser session ends in the database, and its cookie is cleared."""
    cookie, ticket = st.session_state.pop(COOKIE_KEY, None), st.session_state.pop(TICKET_KEY, None)
    sessions.end(database(), cookie=cookie or browser_cookie(), ticket=ticket)
    sign_out()
    st.session_state[COOKIE_TRIED_KEY] = True  # the cookie this session connected with is dead now
    st.session_state[HAND_OVER_KEY] = "end"
