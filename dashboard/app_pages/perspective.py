"""Share a perspective on a review: no sign-in; by a personal link (?code=...) or a one-time code.

Like a pulse: the code is held in memory only until sent, and every code that opens nothing gets
the same message. Only codes count: a shared link let one person write any number of perspectives.
"""

import streamlit as st

from dashboard import throttle
from dashboard.state import database
from dashboard.widgets import plain
from pulse.errors import CodeError, PulseError
from pulse.reviews import perspectives
from pulse.tokens import links


def refuse(error: PulseError) -> None:
    if isinstance(error, CodeError):
        throttle.wrong_entry()
    st.session_state.pop("perspective_code", None)
    st.error(str(error))
    st.stop()


if linked := st.query_params.get("code"):  # a personal link: keep the code in memory, not in the address
    st.session_state["perspective_code"] = linked.strip()
    del st.query_params["code"]
db = database()
if st.query_params.get("plink"):  # a shared link from before links became personal: say so, then ask for a code
    st.warning(links.SHARED_LINK_RETIRED, icon=":material/link_off:")
    del st.query_params["plink"]
st.title("Share your perspective")
st.markdown(
    "What did you see, and what made sense at the time? Describe roles and conditions, not people.\n\n"
    "**What is stored:** your text, with the review it belongs to, under a random id. **Not stored:** who you"
    " are, when you wrote it, or which link or code you used. The facilitator reads the perspectives only after"
    f" collection closes, only if at least {perspectives.threshold(db)} were written, in random order and with"
    " names, emails, @handles and phone numbers removed."
)
if st.session_state.pop("perspective_sent", False):
    st.success("Thank you: your perspective is in. Nothing about you was stored with it.", icon=":material/check:")
code = st.session_state.get("perspective_code")
try:
    if code:
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

st.subheader(f"{plain.md(invitation.title)} (team {plain.md(invitation.team)})")
form_id = st.session_state.setdefault("perspective_form_id", 0)
with st.form(f"perspective_form_{form_id}"):
    text = st.text_area("Your perspective", height=220, max_chars=perspectives.MAX_PERSPECTIVE,
                        key=f"perspective{form_id}_text")  # fmt: skip
    sent = st.form_submit_button("Send", type="primary", key=f"perspective{form_id}_send")
if sent:
    try:
        perspectives.submit_perspective(db, text, code=code)
    except PulseError as e:
        refuse(e)
    for key in (f"perspective{form_id}_text", "perspective_code"):
        st.session_state.pop(key, None)
    st.session_state["perspective_form_id"] = form_id + 1
    st.session_state["perspective_sent"] = True
    st.rerun()
