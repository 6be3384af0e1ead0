"""Team trends (coaches and admins): each dimension over time, alerts, health-check grid, participation."""

import streamlit as st

from dashboard import auth, charts, data, views
from dashboard.state import database_path

account = auth.require("coach", "admin")
path = database_path()
k = data.k(path)
st.title("Team trends")
teams = auth.readable_teams(account, data.team_names(path))
wanted = st.query_params.get("team")
if wanted and wanted not in teams:
    st.error("You can only open the teams assigned to you. Ask an admin if a team is missing.")
    st.stop()
if not teams:
    st.info("No team is assigned to you yet: an admin assigns teams under Admin > Accounts.")
    st.stop()
left, right = st.columns([1, 2])
team = left.selectbox("Team", teams, index=teams.index(wanted) if wanted else 0, key="trends_team")
names = {i.key: i.name for i in data.instruments(path)}
key = right.segmented_control(
    "Instrument", list(names), format_func=names.get, default="psych-safety", key="trends_instrument"
)
inst = data.instrument(path, key or "psych-safety")
frame = data.team_trend(path, team, inst.key)
if frame.empty:
    st.info(f"{team} has no {inst.name} rounds yet. An admin opens one under Admin > Rounds.")
    st.stop()

views.suppression_note(frame, k)
low, high = inst.score_range
score = frame[frame["dimension"] == "score"]
st.subheader(f"{inst.name}: {data.label(inst, 'score')}")
st.caption("Blue: mean per period, shaded 90% interval. Dashed: smoothed level. Grey: fewer than k, or still open.")
views.chart_with_table(charts.trend_chart(score, low, high, height=260), views.figures_table(score), "trend_score")
if sentence := views.slope_sentence(data.team_slopes(path, team, inst.key)):
    st.markdown(sentence)

st.subheader("Alerts")
found = data.drop_alerts(path, account.scope, team)
views.alert_list(found[found["instrument"] == inst.key], f"No sustained drop in {team}'s {inst.name} results.")
if others := int((found["instrument"] != inst.key).sum()):
    st.caption(f"{others} more alert(s) on {team}'s other instruments.")

dims = frame[frame["dimension"] != "score"]
if not dims.empty:
    st.subheader("Each dimension")
    q = inst.questions[0]
    chart = charts.trend_chart(dims, q.scale_min, q.scale_max, columns=3, height=130, width=240)
    views.chart_with_table(chart, views.figures_table(dims), "trend_dims")
if inst.key == "health-check":
    st.subheader("Health check, latest periods")
    grid = data.health_grid(path, team)
    if grid.empty:
        st.info(f"No health-check period of {team} has reached {k} responses yet.")
    else:
        st.caption("R / A / G: red, amber or green by the mean of 1-3; the arrow is the team's own view of the trend.")
        views.chart_with_table(
            charts.health_grid(grid), grid[["label", "period", "status", "mean", "arrow", "n"]], "grid"
        )

st.subheader("Comment themes")
st.caption("Comments of periods that reached k, grouped by meaning; names, emails and @handles are scrubbed.")
views.theme_list(data.comment_themes(path, team, inst.key), k)

st.subheader("Participation")
taking_part = data.participation(path, (team,))
taking_part = taking_part[taking_part["instrument"] == inst.key]
views.chart_with_table(charts.participation_chart(taking_part), taking_part, "participation")
