"""Latest psychological-safety score of each readable team, through the query layer."""

import streamlit as st

from dashboard import auth, charts
from dashboard.queries import coaching
from dashboard.state import database_path
from dashboard.widgets import plain
from pulse.instruments import PSYCH_SAFETY

account = auth.require("coach", "admin")
st.title("Psychological safety, latest showable period")
page = coaching.overview_page(database_path(), account.scope)
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
    st.altair_chart(charts.score_bars(frame, *PSYCH_SAFETY.score_range, "psych-safety score"), width="stretch")
    table = frame[["team", "period", "period_end", "n", "mean", "ci_low", "ci_high", "note"]]
    st.dataframe(table, hide_index=True, key="latest_table")
if missing := sorted(set(page.teams) - set(frame["team"])):
    st.warning(plain.md(f"No showable result yet (fewer than {page.k} responses): {', '.join(missing)}"))
