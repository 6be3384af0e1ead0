"""Team trends (coaches and admins): each dimension over time, alerts, health-check grid, participation."""

import streamlit as st

from analysis.labels import dimension_title
from dashboard import auth, charts, queries
from dashboard.queries import coaching
from dashboard.queries import organisation as org_queries
from dashboard.state import database_path
from dashboard.widgets import actions, figures, health, plain

account = auth.require("coach", "admin")
path = database_path()
menu = queries.catalogue(path)
st.title("Team trends")
teams = auth.readable_teams(account, menu.team_names)
wanted = st.query_params.get("team")
if wanted and wanted not in teams:
    st.error("You can only open the teams assigned to you. Ask an admin if a team is missing.")
    st.stop()
if not teams:
    st.info("No team is assigned to you yet: an admin assigns teams under Admin > Accounts.")
    st.stop()
left, right = st.columns([1, 2])
team = left.selectbox("Team", teams, index=teams.index(wanted) if wanted else 0, key="trends_team")
names = {key: plain.md(name) for key, name in menu.instrument_names.items()}
key = right.segmented_control(
    "Instrument", list(names), format_func=names.get, default="psych-safety", key="trends_instrument"
)
inst = menu.instrument(key or "psych-safety")
page = coaching.trends_page(path, team, inst.key)
frame, k = page.trend, page.k
if frame.empty:
    st.info(plain.md(f"{team} has no {inst.name} rounds yet.") + " An admin opens one under Admin > Rounds.")
    st.stop()

figures.suppression_note(frame, k)
low, high = inst.score_range
score = frame[frame["dimension"] == "score"]
st.subheader(plain.md(dimension_title(inst, "score")))
st.caption("Blue: mean per period, shaded 90% interval. Dashed: smoothed level. Grey: fewer than k, or still open.")
chart = charts.trend_chart(score, low, high, height=260)
# The averages read every readable team's series: drawn on request, so the page opens within its budget.
if st.toggle("Compare with the organisation and tribe averages", key="trends_averages"):
    chart = charts.with_averages(chart, org_queries.average_lines(path, account.scope, team, inst.key), low, high)
figures.chart_with_table(chart, figures.figures_table(score), "trend_score")
st.markdown(plain.md(page.headline))  # it names a team

st.subheader("Alerts")
found = page.alerts
figures.alert_list(
    found[found["instrument"] == inst.key], f"No sustained drop in {team}'s {inst.name} results.", menu.instruments
)
if others := int((found["instrument"] != inst.key).sum()):
    st.caption(plain.md(f"{figures.plural(others, 'more alert')} on {team}'s other instruments."))

dims = frame[frame["dimension"] != "score"]
# The detail behind the headline, one click away: which dimensions fell, and each one's chart.
if not dims.empty and st.toggle("Show each dimension", key="trends_dimensions"):
    if not page.alert_detail.empty:
        st.caption("How far each dimension fell across each alert's change, in points, largest first.")
        figures.table(page.alert_detail, "trends_alert_detail")  # "Score from 29 Dec 2025"
    q = inst.questions[0]
    chart = charts.trend_chart(dims, q.scale_min, q.scale_max, columns=3, height=130, width=240)
    figures.chart_with_table(chart, figures.figures_table(dims), "trend_dims")
if inst.key == "health-check":
    st.subheader("Health check, latest periods")
    grid = page.health
    if grid.empty:
        st.info(plain.md(f"No health-check period of {team} has reached {k} responses yet."))
    else:
        st.caption("R / A / G: red, amber or green by the mean of 1-3; the arrow is the team's own view of the trend.")
        health.health_cards(grid)  # one card per dimension: colour and trend together
        with st.expander("Table", icon=":material/table:"):
            figures.table(grid[["label", "period", "status", "mean", "arrow", "n"]], "grid_table")

st.subheader("Comment themes")
st.caption("Comments of periods that reached k, grouped by meaning; names, emails and @handles are scrubbed.")
figures.theme_list(page.themes, k)
actions.action_panel(path, team, inst, page)  # the team's actions, and adding one from a dimension or theme

st.subheader("Participation")
taking_part = page.participation.assign(instrument=inst.name, rate=page.participation["rate"].map(figures.percent))
figures.chart_with_table(charts.participation_chart(page.participation), taking_part, "participation")
