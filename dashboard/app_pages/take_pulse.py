"""Take a pulse: no sign-in. Reached by a personal link (?code=...&results=...) or a one-time code typed in.

Nothing about the person is kept: the code waits in this session's memory only until the answers
are sent (it leaves the address bar at once), the confirmation does not repeat them, and the form
is replaced by a fresh one on sending. Every code that opens nothing gets the same message, so the
page never tells a spent code from an unknown one. A personal link also carries the team's results
link: once its code opens nothing (the round closed, or it was used), the link opens the team's page.
"""

import streamlit as st

from dashboard import throttle
from dashboard.queries import public
from dashboard.state import database, database_path
from dashboard.widgets import plain
from dashboard.widgets.questions import missing_required, question_widgets, what_is_stored
from pulse.actions import FOLLOWUP_QUESTION, FOLLOWUP_SCALE, followups_for_round
from pulse.errors import CodeError, PulseError
from pulse.instruments import instrument_for
from pulse.responses import MAX_COMMENT, submit_response
from pulse.tokens import codes, links

TEAM_PAGE = "app_pages/team.py"
ABOUT = """
**TeamPulse** asks a team a few short questions every couple of weeks (how safe it feels to speak
up, how the team is doing, whether people would recommend it as a place to work) and shows the
answers back to the team and its coach, anonymously: only for groups of people, never for anyone
alone.

**Where to start**
- *Invited to answer?* Open the personal link you received: it brings you straight to the questions.
  Got a one-time code on paper instead? Type it below.
- *Want to see how your team is doing?* The same personal link opens your team's page once the round
  has closed, or ask your coach for the team's results link.
- *Coach, facilitator or admin?* Sign in under **Staff sign-in** in the menu.
- *Trying TeamPulse out?* `teampulse demo` builds a demo organisation and prints codes, a team link
  and staff accounts to try every side.
"""


def refuse(error: PulseError) -> None:
    if isinstance(error, CodeError):
        throttle.wrong_entry()
    st.session_state.pop("pulse_code", None)
    if isinstance(error, CodeError) and st.session_state.get("team_token"):
        # Spent, unknown or closed alike: the link's team page, which shows only what a coach sees.
        st.switch_page(TEAM_PAGE, query_params={"results": st.session_state["team_token"]})
    st.error(str(error))
    st.stop()


def team_page_link(label: str) -> None:
    if token := st.session_state.get("team_token"):
        st.page_link(TEAM_PAGE, label=label, icon=":material/groups:", query_params={"results": token})


if plink := st.query_params.get("plink"):  # a perspective link opened without its page path
    st.switch_page("app_pages/perspective.py", query_params={"plink": plink})
if linked := st.query_params.get("code"):  # a personal link: keep the code in memory, not in the address
    st.session_state["pulse_code"] = linked.strip()
    del st.query_params["code"]
if team_link := st.query_params.get("results"):  # the team's results link inside a personal link
    st.session_state["team_token"] = team_link.strip()
    del st.query_params["results"]
db = database()
visitor = not st.session_state.get("pulse_code") and not st.session_state.get("pulse_sent")
st.title("Take a pulse")
if st.query_params.get("link"):  # a shared link from before links became personal: say so, then ask for a code
    st.warning(links.SHARED_LINK_RETIRED, icon=":material/link_off:")
    del st.query_params["link"]
if visitor:  # nothing in hand: what this is and where to start, before anything else
    st.markdown(ABOUT)
    team_page_link("Open your team's page")
# Folded to one line (on a phone the open panel filled the first screen); it opens with a tap.
with st.expander("Anonymous: what is stored, and who sees what", icon=":material/lock:"):
    st.markdown(what_is_stored(public.k(database_path())))
sent_before = st.session_state.pop("pulse_sent", False)
if sent_before:
    st.success(
        "Thank you: your answers are in. Nothing about you was stored with them. They are written together"
        ' with others\' once enough have arrived (see "What is stored" above).',
        icon=":material/check:",
    )
    st.markdown(
        "**What happens next.** When the round closes, your team's results appear on the team's page: the"
        " figures, the themes of what people wrote, and what the team decides to do about them."
    )
    team_page_link("Open your team's page")
    if not st.session_state.get("team_token"):
        st.caption("Your personal link opens the team's page once the round has closed.")
code = st.session_state.get("pulse_code")
try:
    if code:
        rnd = codes.round_for_code(db, code)
    else:
        box = st.expander("Have another code?", icon=":material/pin:") if sent_before else st.container()
        with box, st.form("code_form", clear_on_submit=True):
            entered = st.text_input("Your one-time code", key="code_entry", placeholder="XXXX-XXXX-XXXX-XXXX")
            if st.form_submit_button("Continue", type="primary", key="code_continue") and entered.strip():
                codes.round_for_code(db, entered)
                st.session_state["pulse_code"] = entered.strip()
                st.rerun()
        if not sent_before:
            st.caption("Got a personal link instead of a code? Open it: it brings you straight to the questions.")
        st.stop()
except PulseError as e:
    refuse(e)

inst = instrument_for(db, rnd.instrument)
st.subheader(f"{plain.md(inst.name)}: team {plain.md(rnd.team)}")
st.caption(f"{plain.md(inst.description)} There are no right answers; the questions are about the team, not about you.")
form_id = st.session_state.setdefault("pulse_form_id", 0)  # a new id gives a fresh, empty form
asked = followups_for_round(db, rnd.id)
with st.form(f"pulse_form_{form_id}"):
    answers = question_widgets(inst, f"pulse{form_id}")
    followups = {}
    for action in asked:
        followups[action.id] = st.radio(
            f"{plain.md(FOLLOWUP_QUESTION)} *{plain.md(action.what)}*",
            options=list(FOLLOWUP_SCALE),
            format_func=FOLLOWUP_SCALE.__getitem__,
            index=None,
            horizontal=True,
            key=f"pulse{form_id}_followup_{action.id}",
        )
    comment = st.text_area(
        "Anything to add? (optional)", key=f"pulse{form_id}_comment", max_chars=MAX_COMMENT,
        help="Please don't write names: names, emails, @handles and phone numbers are removed before anyone reads it.",
    )  # fmt: skip
    sent = st.form_submit_button("Send my answers", type="primary", key=f"pulse{form_id}_send")
if sent:
    missing = missing_required(inst, answers)
    if missing or None in followups.values():
        st.warning(
            f"Please answer question {', '.join(map(str, missing))} before sending."
            if missing
            else "Please answer whether the team's action helped before sending."
        )
        st.stop()
    try:
        submit_response(db, answers, code=code, comment=comment, followups=followups if asked else None)
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
