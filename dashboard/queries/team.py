"""The team page's bundle, and the actions a coach adds from results.

A member reaches the team page with the team's results link; a coach opens the same bundle for an
assigned team. Both see exactly the coach's figures: the trend, themes and slopes come from the
Team trends bundle (``coaching.trends_page``) with the one team as scope, so the page can show
nothing a coach could not. Follow-up counts come from ``pulse.results.followups``, through the door.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.labels import dimension_title
from dashboard.queries import TTL, after_write, catalogue
from dashboard.queries.coaching import TrendsPage, trends_page
from dashboard.state import open_database
from pulse import actions as action_model
from pulse.results.followups import followup_results
from pulse.rounds import list_rounds
from pulse.tokens import team_links

ACTION_COLUMNS = ["id", "what", "owner", "due", "status", "about", "after", "source", "followup", "helped"]


@dataclass(frozen=True)
class TeamPage:
    """What the team page draws for one team and instrument."""

    team: str
    instrument: str
    trends: TrendsPage  # the coach's bundle for this team: the same figures, themes and k
    latest: pd.DataFrame  # the charted dimensions of the latest shown period (empty when none)
    actions: pd.DataFrame  # ACTION_COLUMNS, open first
    markers: pd.DataFrame  # actions on the trend chart: period, dimension, label, what, owner, status

    @property
    def k(self) -> int:
        return self.trends.k


def team_of_link(path: str, token: str) -> str:
    """The team a results link opens (``LinkInvalid`` otherwise). Not cached: a retired link stops at once."""
    return team_links.team_for_token(open_database(path), token)


@st.cache_data(ttl=TTL, show_spinner=False)
def team_link(path: str, team: str) -> str:
    """The team's results token (made on first use): for a coach to share with the team."""
    return team_links.team_token(open_database(path), team)


def replace_team_link(path: str, team: str) -> str:
    """Retire the team's results link (it went beyond the team) and return the new token.

    The old link stops at once (``team_of_link`` is not cached); members' personal links carry the
    old token too, so the next invitations carry the new one.
    """
    token = team_links.retire_team_link(open_database(path), team)
    team_link.clear()
    return token


@st.cache_data(ttl=TTL, show_spinner=False)
def team_instruments(path: str, team: str) -> list[str]:
    """The instruments the team has closed rounds of, in the catalogue's order."""
    closed = {r.instrument for r in list_rounds(open_database(path).cursor(), team) if r.status == "closed"}
    return [i.key for i in catalogue(path).instruments if i.key in closed]


@st.cache_data(ttl=TTL, show_spinner=False)
def latest_closed_round(path: str, team: str, instrument: str) -> int | None:
    """The team's latest closed round of ``instrument``: what a new action follows."""
    closed = [r for r in list_rounds(open_database(path).cursor(), team, instrument) if r.status == "closed"]
    return max(closed, key=lambda r: r.period_start).id if closed else None


@st.cache_data(ttl=TTL, show_spinner=False)
def team_page(path: str, team: str, instrument: str) -> TeamPage:
    """One team's page: the coach's trend bundle, the latest shown period, the actions and their follow-ups."""
    db = open_database(path)
    inst = catalogue(path).instrument(instrument)
    trends = trends_page(path, team, instrument)
    trend = trends.trend
    shown = trend[trend["state"] == "shown"]
    latest = shown[shown["period"] == shown["period"].max()] if not shown.empty else shown
    found = action_model.list_actions(db, team)
    helped = followup_results(db, team, scope=[team])
    table = _action_table(found, helped, inst)
    return TeamPage(team, instrument, trends, latest.reset_index(drop=True), table, _markers(found, trend, instrument))


def _action_table(found: list, helped: pd.DataFrame, inst) -> pd.DataFrame:
    by_action = {int(r.action_id): r for r in helped.itertuples(index=False)}
    rows = []
    for a in found:
        about = dimension_title(inst, a.dimension) if a.dimension and a.instrument == inst.key else ""
        about = about or (f"theme: {a.theme}" if a.theme else "")
        rows.append(
            {
                "id": a.id,
                "what": a.what,
                "owner": a.owner,
                "due": a.due,
                "status": a.status_label,
                "about": about,
                "after": a.period_end,
                "source": "review" if a.review_id else "results",
                "followup": _followup_text(a, by_action.get(a.id)),
                "helped": _helped_share(by_action.get(a.id)),
            }
        )
    return pd.DataFrame(rows, columns=ACTION_COLUMNS)


def _followup_text(action, row) -> str:
    if not action.followup:
        return ""
    if row is None:
        return "asked in the next round"
    if row.yes != row.yes:  # NaN: suppressed or still open
        return row.note
    return f"{int(row.yes)} yes, {int(row.a_little)} a little, {int(row.no)} no (of {int(row.n)})"


def _helped_share(row) -> float | None:
    if row is None or row.yes != row.yes or not row.n:
        return None
    return (row.yes + 0.5 * row.a_little) / row.n


def _markers(found: list, trend: pd.DataFrame, instrument: str) -> pd.DataFrame:
    """Actions that followed a round of this instrument, at the start of the period after it."""
    columns = ["period", "dimension", "what", "owner", "status"]
    rows = [
        {
            "period": pd.Timestamp(a.period_end) + pd.Timedelta(days=1),
            "dimension": a.dimension if a.dimension in set(trend["dimension"]) else "score",
            "what": a.what,
            "owner": a.owner,
            "status": a.status_label,
        }
        for a in found
        if a.instrument == instrument and a.period_end is not None
    ]
    return pd.DataFrame(rows, columns=columns)


# --- writes -------------------------------------------------------------------------------------


def add_action(path: str, team: str, what: str, owner: str, **details) -> action_model.TeamAction:
    """Store an action (``pulse.actions.add_action``) and clear the cached pages that show actions."""
    added = action_model.add_action(open_database(path), team, what, owner, **details)
    after_write()
    return added


def set_action_status(path: str, action_id: int, status: str, scope: list[str]) -> action_model.TeamAction:
    changed = action_model.set_status(open_database(path), action_id, status, scope=scope)
    after_write()
    return changed
