"""Latest psychological-safety score of each team, through the query layer."""

import pandas as pd
import streamlit as st

from dashboard.charts import score_bars
from dashboard.state import database
from pulse import privacy
from pulse.instruments import PSYCH_SAFETY
from pulse.settings import min_group_size
from pulse.teams import list_teams

st.title("Psychological safety, latest showable period")
db = database()
k = min_group_size(db.cursor())
figures = privacy.latest_scores(db, "psych-safety")
all_teams = [t.name for t in list_teams(db.cursor())]

if not all_teams:
    st.info("No teams yet. Run `teampulse demo` for a demo organisation, or `teampulse import FILE` to load responses.")
    st.stop()

st.caption(
    f"Mean of the seven items (1-7, reverse-worded items flipped) with a 90% interval. "
    f"No figure is shown for fewer than {k} responses; small teams are pooled over consecutive rounds."
)
frame = pd.DataFrame([f.as_dict() for f in figures])
if frame.empty:
    st.info(f"No team has a closed round with at least {k} responses yet.")
else:
    st.altair_chart(score_bars(frame, *PSYCH_SAFETY.score_range, "psych-safety score"), width="stretch")
    table = frame[["team", "period", "period_end", "n", "mean", "ci_low", "ci_high", "note"]]
    st.dataframe(table, hide_index=True, key="latest_table")
missing = sorted(set(all_teams) - {f.team for f in figures})
if missing:
    st.warning(f"No showable result yet (fewer than {k} responses): {', '.join(missing)}")
