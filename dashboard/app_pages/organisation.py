"""Organisation (coaches and admins): teams by dimension for the latest showable period, roll-ups."""

import streamlit as st

from dashboard import auth, charts, data, views
from dashboard.state import database_path

account = auth.require("coach", "admin")
path = database_path()
k = data.k(path)
st.title("Organisation")
names = {i.key: i.name for i in data.instruments(path)}
key = st.segmented_control(
    "Instrument", list(names), format_func=names.get, default="health-check", key="org_instrument"
)
inst = data.instrument(path, key or "health-check")
scope = account.scope
profiles = data.latest_profiles(path, inst.key, scope)
teams = auth.readable_teams(account, data.team_names(path))
if not teams:
    st.info("No team is assigned to you yet: an admin assigns teams under Admin > Accounts.")
    st.stop()

st.subheader("Teams by dimension, latest showable period")
if profiles.empty:
    st.info(f"No team has a closed {inst.name} period with at least {k} responses yet.")
else:
    st.caption(
        f"Each team's most recent period (or pooled block) with at least {k} responses; hover for its dates."
        + ("" if scope is None else " Only the teams assigned to you are shown.")
    )
    q = next(q for q in inst.questions if q.in_score)
    low, high = (q.scale_min, q.scale_max) if len(profiles["dimension"].unique()) > 1 else inst.score_range
    table = profiles.pivot_table(index="team", columns="label", values="mean", sort=False).round(2).reset_index()
    views.chart_with_table(charts.heatmap(profiles, low, high), table, "org_heatmap")
missing = sorted(set(teams) - set(profiles["team"]))
if missing:
    st.caption(f"Not shown, no period with at least {k} responses yet: {', '.join(missing)}.")

st.subheader("Alerts across teams")
st.caption(
    "Sustained drops only: a CUSUM chart per team and dimension, tuned to stay quiet about round-to-round noise."
)
views.alert_list(data.drop_alerts(path, scope), "No sustained drop in any team you can see.")

st.subheader("Scale reliability")
scales = data.scale_reliability(path, scope)
if scales.empty:
    st.info(f"Not enough complete responses in showable rounds (at least {k}) to judge the scales yet.")
else:
    st.caption("Do the items of each instrument measure one thing consistently? 0.7 or more is usually enough.")
    for warning in scales["warning"].loc[scales["warning"].astype(bool)]:
        st.warning(warning)
    st.dataframe(scales[["instrument", "items", "n", "alpha", "alpha_low", "alpha_high", "omega"]], hide_index=True)
