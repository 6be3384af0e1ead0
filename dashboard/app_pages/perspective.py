"""Share a perspective on a review: no sign-in; by the facilitator's link (?plink=...) or a one-time code.

Like a pulse: one perspective per browser session and link, the code held in memory only until sent.
"""

import hashlib

import streamlit as st

from dashboard import throttle
from dashboard.state import database
from pulse.errors import CodeError, PulseError
from pulse.reviews import perspectives


def refuse(error: PulseError) -> None:
    if isinstance(error, CodeError):
        throttle.wrong_entry()
    st.session_state.pop("perspective_code", None)
    st.error(str(error))
    st.stop()


db = database()
st.title("Share your perspective")
st.markdown(
    "What did you see, and what made sense at the time? Describe roles and conditions, not people.\n\n"
    "**What is stored:** your text, with the review it belongs to, under a random id. **Not stored:** who you"
    " are, when you wrote it, or which link or code you used. The facilitator reads the perspectives only after"
    f" collection closes, only if at least {perspectives.MIN_SHOWN} were written, in random order and with names,"
    " emails, @handles and phone numbers removed."
)
if st.session_state.pop("perspective_sent", False):
    st.success("Thank you: your perspective is in. Nothing about you was stored with it.", icon=":material/check:")
token = st.query_params.get("plink")
code = st.session_state.get("perspective_code")
answered = st.session_state.setdefault("perspective_links_answered", set())
try:
    if token:
        invitation = perspectives.invitation_for_link(db, token)
        if hashlib.sha256(token.encode()).hexdigest() in answered:
            st.info("This browser has already sent a perspective with this link. Thank you!")
            st.stop()
    elif code:
        invitation = perspectives.invitation_for_code(db, code)
    else:
        with st.form("perspective_code_form", clear_on_submit=True):
            entered = st.text_input("Your one-time code", key="perspective_code_entry")
            if st.form_submit_button("Continue", type="primary", key="perspective_continue") and entered.strip():
                perspectives.invitation_for_code(db, entered)
                st.session_state["perspective_code"] = entered.strip()
                st.rerun()
        st.stop()
except PulseError as e:
    refuse(e)

st.subheader(f"{invitation.title} (team {invitation.team})")
form_id = st.session_state.setdefault("perspective_form_id", 0)
with st.form(f"perspective_form_{form_id}"):
    text = st.text_area("Your perspective", height=220, max_chars=perspectives.MAX_PERSPECTIVE,
                        key=f"perspective{form_id}_text")  # fmt: skip
    sent = st.form_submit_button("Send", type="primary", key=f"perspective{form_id}_send")
if sent:
    try:
        perspectives.submit_perspective(db, text, link=token or None, code=None if token else code)
    except PulseError as e:
        refuse(e)
    if token:
        answered.add(hashlib.sha256(token.encode()).hexdigest())
    for key in (f"perspective{form_id}_text", "perspective_code"):
        st.session_state.pop(key, None)
    st.session_state["perspective_form_id"] = form_id + 1
    st.session_state["perspective_sent"] = True
    st.rerun()
