"""Actions on a page: the list with follow-ups, the coach's form to add one, and the team's link.

An action is added from a dimension's chart or a comment theme, follows the team's latest closed
round (the trend chart marks it there), names an owner role, and may ask the team in the next round
whether it helped. Texts are checked for names by ``pulse.actions`` before anything is stored.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.queries import team as team_queries
from dashboard.queries.coaching import TrendsPage
from dashboard.widgets import page as page_widgets
from dashboard.widgets import plain
from pulse.actions import OWNER_ROLES, STATUS_LABELS
from pulse.errors import PulseError
from pulse.instruments import Instrument
from pulse.tokens.team_links import team_results_link

SHOWN = {"what": "action", "owner": "owner", "due": "due", "status": "status", "about": "about"}
SHOWN |= {"followup": "did it help?", "source": "from"}


def action_list(actions: pd.DataFrame, empty: str) -> None:
    """Actions as cards (what, owner role, due date, status, follow-up), open ones first."""
    if actions.empty:
        st.info(empty, icon=":material/flag:")
        return
    for row in actions.itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"**{plain.md(row.what)}**")
            due = f" · due {row.due:%d %b %Y}" if row.due is not None and row.due == row.due else ""
            about = f" · about {plain.md(row.about)}" if row.about else ""
            st.caption(f"{row.status} · owner: {plain.md(row.owner)}{due}{about} · from the {row.source}")
            if row.followup:
                st.caption(f"Did it help? {plain.md(row.followup)}")
    with st.expander("Table", icon=":material/table:"):
        st.dataframe(actions[list(SHOWN)].rename(columns=SHOWN), hide_index=True, width="stretch")


def action_panel(path: str, team: str, inst: Instrument, trends: TrendsPage) -> None:
    """The coach's actions for ``team``: the score trend with actions marked, the list, status
    changes, a form to add one from a dimension or a theme, and the team's results link."""
    st.subheader("Actions")
    page_widgets.flash()
    # Behind a toggle: the page's cold read stays within its statement budget until the coach asks.
    if not st.toggle("Show the team's actions, and add one from a dimension or a theme", key="trends_actions"):
        st.caption("What the team decided after its results: shown here, on the trend, and on the team's own page.")
        return
    page = team_queries.team_page(path, team, inst.key)
    score = trends.trend[trends.trend["dimension"] == "score"]
    if not page.markers.empty and not score.empty:
        low, high = inst.score_range
        marks = page.markers.assign(dimension="score")
        st.altair_chart(charts.trend_chart(score, low, high, height=200, actions=marks), key="actions_chart")
    action_list(page.actions, f"No actions for {team} yet.")
    _status_form(path, team, page.actions)
    _add_form(path, team, inst, trends)
    with st.expander("The team's results link", icon=":material/link:"):
        token = team_queries.team_link(path, team)
        st.caption(
            "Anyone holding it sees this team's page: the same figures you see, nothing below k, and these actions."
            " Personal links in invitations carry it too, so after a round closes the member's link opens the page."
        )
        st.code(team_results_link(page_widgets.app_url(), token), language=None)
        if st.button("Replace the team's link", key="replace_team_link", help="For a link that went beyond the team"):
            team_queries.replace_team_link(path, team)
            st.toast("The old link no longer opens anything; share the new one with the team.")
            st.rerun()


def _add_form(path: str, team: str, inst: Instrument, trends: TrendsPage) -> None:
    round_id = team_queries.latest_closed_round(path, team, inst.key)
    if round_id is None:
        st.caption(plain.md(f"Actions follow results: add one once a {inst.name} round of {team} has closed."))
        return
    dims = trends.trend.drop_duplicates("dimension")
    about = [("dimension", d, label) for d, label in zip(dims["dimension"], dims["label"], strict=True)]
    about += [("theme", label, f"theme: {label}") for label in trends.themes.get("label", pd.Series([]))]
    with st.form(f"action_form_{team}_{inst.key}", clear_on_submit=True):
        st.markdown("**Add an action**")
        what = st.text_input("What will the team do?", key="action_what", max_chars=500)
        left, middle, right = st.columns(3)
        picked = left.selectbox(
            "About", range(len(about)), format_func=lambda i: about[i][2], key="action_about"
        )  # fmt: skip
        owner = middle.selectbox(
            "Owner (a role, not a name)", OWNER_ROLES, key="action_owner", accept_new_options=True
        )  # fmt: skip
        due = right.date_input("Due", value=None, key="action_due")
        followup = st.checkbox("Ask the team in the next round whether it helped", value=True, key="action_followup")
        sent = st.form_submit_button("Add the action", type="primary", key="action_add")
    if sent:
        kind, value, _ = about[picked] if about else ("dimension", "score", "")
        try:
            team_queries.add_action(
                path, team, what, owner or "", due=due, instrument=inst.key, round_id=round_id, followup=followup,
                dimension=value if kind == "dimension" else None, theme=value if kind == "theme" else None,
            )  # fmt: skip
        except PulseError as e:
            st.error(str(e))
            return
        page_widgets.flash(f"Action added for {team}.")
        st.rerun()


def _status_form(path: str, team: str, actions: pd.DataFrame) -> None:
    own = actions[actions["source"] == "results"]
    if own.empty:
        return
    with st.form(f"action_status_{team}"):
        left, right = st.columns([3, 1])
        ids = own["id"].tolist()
        whats = dict(zip(ids, own["what"], strict=True))
        chosen = left.selectbox("Action", ids, format_func=lambda i: whats[i], key="action_status_pick")
        status = right.selectbox(
            "Status", list(STATUS_LABELS), format_func=STATUS_LABELS.get, key="action_status_value"
        )  # fmt: skip
        if st.form_submit_button("Update the status", key="action_status_save"):
            try:
                team_queries.set_action_status(path, int(chosen), status, [team])
            except PulseError as e:
                st.error(str(e))
                return
            page_widgets.flash("Status updated.")
            st.rerun()
