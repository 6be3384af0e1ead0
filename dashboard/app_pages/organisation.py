"""Organisation (coaches and admins): teams by their latest score, per tribe; archetypes; alerts and drivers."""

import streamlit as st

from analysis.labels import dimension_label
from dashboard import auth, charts, queries
from dashboard.queries import organisation as org_queries
from dashboard.state import database_path
from dashboard.widgets import figures, health, plain

PAGE_ROWS = 50  # teams per page of the table: 2,000 teams are 40 pages, never one endless chart

account = auth.require("coach", "admin")
path, scope = database_path(), account.scope
st.title("Organisation")
page = org_queries.organisation_page(path, scope)
if not page.teams:
    st.info("No team is assigned to you yet: an admin assigns teams under Admin > Accounts.")
    st.stop()
if scope is not None:
    st.caption(plain.md(f"Only the teams assigned to you ({figures.plural(len(page.teams), 'team')})."))
left, right = st.columns([1, 2])
tribes = sorted(set(page.tribes.values()))
# A fixed filter (DESIGN.md rule 5): the product's tribes, never a free-form group of teams.
tribe = left.selectbox("Tribe", [org_queries.ALL_TRIBES, *tribes], key="org_tribe")
menu = queries.catalogue(path)
names = {key: plain.md(name) for key, name in menu.instrument_names.items()}
key = right.segmented_control(
    "Instrument", list(names), format_func=names.get, default="psych-safety", key="org_instrument"
)
inst = menu.instrument(key or "psych-safety")
teams = [t for t in page.teams if tribe == org_queries.ALL_TRIBES or page.tribes[t] == tribe]
in_view = set(teams)
latest = page.latest[inst.key]
latest = latest[latest["team"].isin(in_view)]
score_name = plain.md(dimension_label(inst, "score"))

st.subheader(f"Teams by their latest {score_name}")
if latest.empty:
    st.info(plain.md(f"No team here has a closed {inst.name} period with at least {page.k} responses yet."))
else:
    st.markdown(org_queries.tribe_sentence(latest, tribe, score_name, nps=inst.scoring == "nps"))
    st.caption(
        f"Each team's most recent period (or pooled block) with at least {page.k} responses, highest first."
        + (" R / A / G: red, amber or green by the mean of 1-3." if inst.key == "health-check" else "")
    )
    table = org_queries.latest_table(latest, page.profiles[inst.key], inst)
    pages = max(1, -(-len(table) // PAGE_ROWS))
    number = st.number_input(f"Page (of {pages})", 1, pages, 1, key="org_page") if pages > 1 else 1
    part = table.iloc[(number - 1) * PAGE_ROWS : number * PAGE_ROWS]
    coloured = [c for c in part.columns if c not in org_queries.LATEST_LABELS.values()]
    shown = health.styled(part, coloured) if inst.key == "health-check" else part
    st.dataframe(shown, hide_index=True, width="stretch", key="org_latest")
shown_teams = set(latest["team"])  # once: per team it made 2,000 teams take seconds
if missing := [t for t in teams if t not in shown_teams]:
    st.caption(plain.md(f"No figure (no period with at least {page.k} responses yet): {', '.join(missing)}."))

st.subheader("Kinds of team")
found = page.archetypes
if found.teams.empty:
    st.info(
        f"No groups yet: {plain.md(found.note)}. They need several teams with showable health-check and"
        " psych-safety results."
    )
else:
    st.caption(
        f"{plain.md(found.note).capitalize()}: teams grouped by their latest health check and psychological"
        " safety. Strengths and weak spots are where a group sits clearly above or below the average team."
    )
    for group in org_queries.archetype_groups(found, in_view):
        with st.container(border=True):
            st.markdown(plain.md(group["title"]))
            st.markdown(plain.md(group["traits"]))
            st.caption(plain.md(group["teams"]))

st.subheader("Alerts across teams")
st.caption("Sustained drops only, one alert per episode; each team's own page has the detail.")
if st.toggle("Look for sustained drops in every team shown", key="org_alerts", value=len(page.teams) <= 50):
    found_alerts = org_queries.organisation_alerts(path, scope)
    figures.alert_list(
        found_alerts[found_alerts["team"].isin(in_view)], "No sustained drop in these teams.", menu.instruments
    )

st.subheader("What moves with psychological safety")
st.caption("A bootstrap over teams: a few seconds the first time, then kept for an hour for everyone.")
if not st.toggle("Estimate which health-check dimensions move with psych safety", key="org_drivers"):
    st.stop()
with st.spinner("Estimating (2,000 bootstrap samples of teams)..."):
    driving = org_queries.drivers(path, scope)
if driving.empty:
    st.info("Not enough teams with both health-check and psych-safety results yet.")
else:
    st.caption("Associations across teams and within teams over time, with 90% intervals: never proof of cause.")
    figures.chart_with_table(charts.driver_chart(driving), org_queries.driver_table(driving), "drivers")
