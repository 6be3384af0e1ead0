"""Latest psychological-safety score of each readable team, through the query layer."""

import pandas as pd
import streamlit as st

from dashboard import auth, charts, data
from dashboard.state import database
from pulse.instruments import PSYCH_SAFETY

account = auth.require("coach", "admin")
st.title("Psychological safety, latest showable period")
db = database()
k = data.k(db.path)
teams = auth.readable_teams(account, data.team_names(db.path))
if not teams:
    st.info(
        "No teams to show. Admins: add teams (Admin > Teams) or run `teampulse demo`."
        " Coaches: ask an admin to assign your teams."
    )
    st.stop()
figures = data.latest_scores(db.path, account.scope)

st.caption(
    f"Mean of the seven items (1-7, reverse-worded items flipped) with a 90% interval. "
    f"No figure is shown for fewer than {k} responses; small teams are pooled over consecutive rounds."
)
frame = pd.DataFrame([f.as_dict() for f in figures])
if frame.empty:
    st.info(f"No team has a closed round with at least {k} responses yet.")
else:
    st.altair_chart(charts.score_bars(frame, *PSYCH_SAFETY.score_range, "psych-safety score"), width="stretch")
    table = frame[["team", "period", "period_end", "n", "mean", "ci_low", "ci_high", "note"]]
    st.dataframe(table, hide_index=True, key="latest_table")
missing = sorted(set(teams) - {f.team for f in figures})
if missing:
    st.warning(f"No showable result yet (fewer than {k} responses): {', '.join(missing)}")
