"""Latest psychological-safety score of each readable team, through the query layer."""

import streamlit as st

from dashboard import auth, charts
from dashboard.queries import organisation as org_queries
from dashboard.state import database_path
from dashboard.widgets import figures, plain
from pulse.instruments import PSYCH_SAFETY

MAX_BARS = 60  # teams drawn one row each; more are drawn as a spread

account = auth.require("coach", "admin")
st.title("Psychological safety, latest showable period")
page = org_queries.overview_page(database_path(), account.scope)
if not page.teams:
    st.info(
        "No teams to show. Admins: add teams (Admin > Teams) or run `teampulse demo`."
        " Coaches: ask an admin to assign your teams."
    )
    st.stop()

st.caption(
    f"Mean of the seven items (1-7, reverse-worded items flipped) with a 90% interval. "
    f"No figure is shown for fewer than {page.k} responses; small teams are pooled over consecutive rounds."
)
frame = page.latest
if frame.empty:
    st.info(f"No team has a closed round with at least {page.k} responses yet.")
else:
    low, high = PSYCH_SAFETY.score_range
    if len(frame) <= MAX_BARS:
        st.altair_chart(charts.score_bars(frame, low, high, "psych-safety score"), width="stretch")
    else:  # a row per team would be a chart thousands of pixels tall: how the teams spread instead
        st.altair_chart(charts.score_spread(frame, low, high, "psych-safety score"), width="stretch")
    table = frame.sort_values("mean", ascending=False)[["team", "mean", "ci_low", "ci_high", "n", "period", "note"]]
    table = table.assign(**{c: table[c].round(1) for c in ("mean", "ci_low", "ci_high")})
    figures.table(table.rename(columns={"team": "Team", "mean": "Score", "period": "from"}), "latest_table")
if missing := sorted(set(page.teams) - set(frame["team"])):
    st.warning(plain.md(f"No showable result yet (fewer than {page.k} responses): {', '.join(missing)}"))
