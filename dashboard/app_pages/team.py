"""The team's own page: no sign-in, opened with the team's results link (or a member's personal link
once its round has closed). It shows what a coach of the team sees, never more: this period's
results, the trend, the comment themes, the actions and whether they helped; nothing for fewer
than k people. The link only reads, so opening it from many browsers changes no count.
"""

import streamlit as st

from dashboard import charts, queries, throttle
from dashboard.queries import team as team_queries
from dashboard.state import database_path, link_rate_limit
from dashboard.widgets import actions, figures, plain
from pulse.errors import PulseError

if linked := st.query_params.get("results"):  # keep the token in this session's memory, not in the address
    st.session_state["team_token"] = linked.strip()
    del st.query_params["results"]
path = database_path()
token = st.session_state.get("team_token")
if not token:
    st.title("Your team's page")
    st.info(
        "This page opens with your team's link: the personal link you answered with opens it once the round has"
        " closed, or ask your coach for the team's results link.",
        icon=":material/link:",
    )
    st.stop()
try:
    team = team_queries.team_of_link(path, token)
    link_rate_limit().take(f"team:{team}")  # only real links are counted: a guess leaves nothing in memory
except PulseError as e:
    throttle.wrong_entry()
    st.session_state.pop("team_token", None)
    st.error(str(e))
    st.stop()

st.title(plain.md(f"{team}: how the team is doing"))
choices = team_queries.team_instruments(path, team)
if not choices:
    st.info("No round of your team has closed yet: results appear here once one has.", icon=":material/hourglass:")
    st.stop()
names = {i.key: plain.md(i.name) for i in queries.catalogue(path).instruments}
key = st.segmented_control("Survey", choices, format_func=names.get, default=choices[0], key="team_instrument")
inst = queries.catalogue(path).instrument(key or choices[0])
page = team_queries.team_page(path, team, inst.key)
k = page.k
st.caption(
    f"The same figures your coach sees, and never for fewer than {k} people: a period with fewer answers shows"
    " nothing, and small teams are pooled over consecutive rounds. Nobody can see one person's answers."
)

st.subheader("This period")
if page.latest.empty:
    st.info(f"Nothing to show yet: results appear once at least {k} people have answered a round that has closed.")
else:
    composite = page.latest[page.latest["dimension"] == "score"]
    score = (composite if not composite.empty else page.latest).iloc[0]
    period = f"{score['period']:%d %b} to {score['period_end']:%d %b %Y}"
    st.metric(plain.md(score["label"]), f"{score['mean']:.2f}", help=f"{int(score['n'])} responses, {period}")
    st.dataframe(
        figures.figures_table(page.latest), hide_index=True, key="team_latest", width="stretch", placeholder=""
    )

if not page.latest.empty:
    trend = page.trends.trend
    st.subheader("Over time")
    low, high = inst.score_range
    score_trend = trend[trend["dimension"] == "score"]
    marks = page.markers.assign(dimension="score")
    chart = charts.trend_chart(score_trend, low, high, height=240, actions=marks)
    figures.chart_with_table(chart, figures.figures_table(score_trend), "team_trend")
    st.markdown(plain.md(page.trends.headline))  # the coach's headline sentence; it names the team
    st.caption("Dotted purple lines: actions the team decided after that period (hover for what).")
    st.subheader("What people wrote, grouped")
    figures.theme_list(page.trends.themes, k)

st.subheader("What we decided, and how it went")
actions.action_list(page.actions, "No actions yet: your coach adds them with the team after looking at results.")
