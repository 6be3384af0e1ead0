"""Organisation (coaches and admins): teams by dimension, archetypes, drivers and alerts across teams."""

import streamlit as st

from dashboard import auth, charts, queries
from dashboard.queries import coaching
from dashboard.state import database_path
from dashboard.widgets import figures, plain

account = auth.require("coach", "admin")
path, scope = database_path(), account.scope
st.title("Organisation")
page = coaching.organisation_page(path, scope)
teams, k = page.teams, page.k
if not teams:
    st.info("No team is assigned to you yet: an admin assigns teams under Admin > Accounts.")
    st.stop()
if scope is not None:
    st.caption(plain.md(f"Only the teams assigned to you: {', '.join(teams)}."))
menu = queries.catalogue(path)
names = {key: plain.md(name) for key, name in menu.instrument_names.items()}
key = st.segmented_control(
    "Instrument", list(names), format_func=names.get, default="health-check", key="org_instrument"
)
inst = menu.instrument(key or "health-check")
profiles = page.profiles[inst.key]

st.subheader("Teams by dimension, latest showable period")
if profiles.empty:
    st.info(plain.md(f"No team has a closed {inst.name} period with at least {k} responses yet."))
else:
    st.caption(f"Each team's most recent period (or pooled block) with at least {k} responses; hover for its dates.")
    q = next(q for q in inst.questions if q.in_score)
    low, high = (q.scale_min, q.scale_max) if profiles["dimension"].nunique() > 1 else inst.score_range
    table = profiles.pivot_table(index="team", columns="label", values="mean", sort=False).round(2).reset_index()
    figures.chart_with_table(charts.heatmap(profiles, low, high), table, "org_heatmap")
if missing := sorted(set(teams) - set(profiles["team"])):
    st.caption(plain.md(f"Not shown, no period with at least {k} responses yet: {', '.join(missing)}."))

st.subheader("Team archetypes")
found = page.archetypes
if found.teams.empty:
    st.info(
        f"No archetypes: {plain.md(found.note)}. They need several teams with showable health-check and"
        " psych-safety results."
    )
else:
    st.caption(f"{plain.md(found.note)}. Teams close together have similar health-check and psych-safety profiles.")
    figures.chart_with_table(charts.archetype_map(found.teams), found.archetypes.round(2), "archetypes")

st.subheader("Alerts across teams")
st.caption(
    "Sustained drops only: a CUSUM chart per team and dimension, tuned to stay quiet about round-to-round noise."
)
figures.alert_list(page.alerts, "No sustained drop in any team you can see.")

st.subheader("What moves with psychological safety")
st.caption("A bootstrap over teams: a few seconds the first time, then kept for an hour for everyone.")
if not st.toggle("Estimate which health-check dimensions move with psych safety", key="org_drivers"):
    st.stop()
with st.spinner("Estimating (2,000 bootstrap samples of teams)..."):
    driving = coaching.drivers(path, scope)
if driving.empty:
    st.info("Not enough teams with both health-check and psych-safety results yet.")
else:
    st.caption("Associations across teams and within teams over time, with 90% intervals: never proof of cause.")
    figures.chart_with_table(charts.driver_chart(driving), driving, "drivers")
