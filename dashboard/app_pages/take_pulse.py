"""Take a pulse: no sign-in. Reached by a personal link (?code=...) or a one-time code typed in.

Nothing about the person is kept: the code waits in this session's memory only until the answers
are sent (it leaves the address bar at once), the confirmation does not repeat them, and the form
is replaced by a fresh one on sending. Every code that opens nothing gets the same message, so the
page never tells a spent code from an unknown one.
"""

import streamlit as st

from dashboard import throttle
from dashboard.queries import public
from dashboard.state import database, database_path
from dashboard.widgets import plain
from dashboard.widgets.questions import missing_required, question_widgets, what_is_stored
from pulse.errors import CodeError, PulseError
from pulse.instruments import instrument_for
from pulse.responses import MAX_COMMENT, submit_response
from pulse.tokens import codes, links


def refuse(error: PulseError) -> None:
    if isinstance(error, CodeError):
        throttle.wrong_entry()
    st.session_state.pop("pulse_code", None)
    st.error(str(error))
    st.stop()


if plink := st.query_params.get("plink"):  # a perspective link opened without its page path
    st.switch_page("app_pages/perspective.py", query_params={"plink": plink})
if linked := st.query_params.get("code"):  # a personal link: keep the code in memory, not in the address
    st.session_state["pulse_code"] = linked.strip()
    del st.query_params["code"]
db = database()
st.title("Take a pulse")
if st.query_params.get("link"):  # a shared link from before links became personal: say so, then ask for a code
    st.warning(links.SHARED_LINK_RETIRED, icon=":material/link_off:")
    del st.query_params["link"]
with st.expander("What is stored, and who sees what", icon=":material/lock:", expanded=True):
    st.markdown(what_is_stored(public.k(database_path())))
if st.session_state.pop("pulse_sent", False):
    st.success(
        "Thank you: your answers are in. Nothing about you was stored with them. They are written together"
        ' with others\' once enough have arrived (see "What is stored" above).',
        icon=":material/check:",
    )
code = st.session_state.get("pulse_code")
try:
    if code:
        rnd = codes.round_for_code(db, code)
    else:
        with st.form("code_form", clear_on_submit=True):
            entered = st.text_input("Your one-time code", key="code_entry", placeholder="XXXX-XXXX-XXXX-XXXX")
            if st.form_submit_button("Continue", type="primary", key="code_continue") and entered.strip():
                codes.round_for_code(db, entered)
                st.session_state["pulse_code"] = entered.strip()
                st.rerun()
        st.caption("Got a personal link instead of a code? Open it: it brings you straight to the questions.")
        st.stop()
except PulseError as e:
    refuse(e)

inst = instrument_for(db, rnd.instrument)
st.subheader(f"{plain.md(inst.name)}: team {plain.md(rnd.team)}")
st.caption(f"{plain.md(inst.description)} There are no right answers; the questions are about the team, not about you.")
form_id = st.session_state.setdefault("pulse_form_id", 0)  # a new id gives a fresh, empty form
with st.form(f"pulse_form_{form_id}"):
    answers = question_widgets(inst, f"pulse{form_id}")
    comment = st.text_area(
        "Anything to add? (optional)", key=f"pulse{form_id}_comment", max_chars=MAX_COMMENT,
        help="Please don't write names: names, emails, @handles and phone numbers are removed before anyone reads it.",
    )  # fmt: skip
    sent = st.form_submit_button("Send my answers", type="primary", key=f"pulse{form_id}_send")
if sent:
    missing = missing_required(inst, answers)
    if missing:
        st.warning(f"Please answer question {', '.join(map(str, missing))} before sending.")
        st.stop()
    try:
        submit_response(db, answers, code=code, comment=comment)
    except PulseError as e:
        refuse(e)
    for key in [k for k in st.session_state if str(k).startswith(f"pulse{form_id}_")] + ["pulse_code"]:
        st.session_state.pop(key, None)  # drop the answers from memory now, not when Streamlit gets to it
    st.session_state["pulse_form_id"] = form_id + 1
    st.session_state["pulse_sent"] = True
    public.after_pulse()
    st.rerun()
if code and st.button("Use a different code", key="pulse_other_code"):
    st.session_state.pop("pulse_code", None)
    st.rerun()
