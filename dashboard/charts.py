"""Altair charts. Colour-blind-safe palette (Okabe-Ito); colour never carries meaning alone.

Every function takes a frame the page also shows as a table, so each chart has its table behind it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#BBBBBB"
# Red / amber / green drawn as vermillion / yellow / bluish green, with the letter in each cell too.
STATUS_COLOURS = {"Red": OKABE_ITO[5], "Amber": OKABE_ITO[6], "Green": OKABE_ITO[2]}


def score_bars(frame: pd.DataFrame, low: float, high: float, title: str) -> alt.LayerChart:
    """Latest score per team as a point with its 90% interval."""
    base = alt.Chart(frame).encode(y=alt.Y("team:N", sort="-x", title=None))
    interval = base.mark_rule(color=OKABE_ITO[4], strokeWidth=3).encode(
        x=alt.X("ci_low:Q", scale=alt.Scale(domain=[low, high]), title=title), x2="ci_high:Q"
    )
    point = base.mark_point(filled=True, size=90, color=OKABE_ITO[0]).encode(
        x="mean:Q",
        tooltip=[
            alt.Tooltip("team:N"),
            alt.Tooltip("mean:Q", format=".2f"),
            alt.Tooltip("ci_low:Q", format=".2f", title="90% low"),
            alt.Tooltip("ci_high:Q", format=".2f", title="90% high"),
            alt.Tooltip("n:Q"),
            alt.Tooltip("period:N"),
        ],
    )
    return (interval + point).properties(height=alt.Step(26))


def trend_chart(
    frame: pd.DataFrame,
    low: float,
    high: float,
    columns: int = 1,
    height: int = 220,
    width: int = 300,
    actions: pd.DataFrame | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """One small chart per dimension: the mean with its 90% band (and the smoothed level, dashed, when
    ``frame`` has an ``ewma`` column); suppressed periods are grey gaps.

    ``frame`` is ``TrendsPage.trend`` (``dashboard.queries.coaching``) (optionally filtered to some dimensions). A
    period below k, or still open, is drawn as a shaded span with no line through it, never as zero.
    ``actions`` (``period``, ``dimension``, ``what``, ``owner``, ``status``) are drawn as dotted purple
    rules on their dimension's chart, at the period after the round they followed.
    """
    frame = _with_actions(frame, actions)
    y_scale = alt.Scale(domain=[low, high], nice=False)
    x = alt.X("period:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0))
    shown = alt.datum.state == "shown"
    band = (
        alt.Chart()
        .mark_area(opacity=0.25, color=OKABE_ITO[4])
        .encode(x=x, y=alt.Y("ci_low:Q", scale=y_scale, title=None), y2="ci_high:Q", detail="segment:N")
        .transform_filter(shown)
    )
    line = (
        alt.Chart()
        .mark_line(color=OKABE_ITO[0], point=alt.OverlayMarkDef(color=OKABE_ITO[0], size=30))
        .encode(
            x=x,
            y=alt.Y("mean:Q", scale=y_scale),
            detail="segment:N",
            tooltip=[
                alt.Tooltip("period:T", title="from", format="%Y-%m-%d"),
                alt.Tooltip("period_end:T", title="to", format="%Y-%m-%d"),
                alt.Tooltip("mean:Q", format=".2f"),
                alt.Tooltip("ci_low:Q", format=".2f", title="90% low"),
                alt.Tooltip("ci_high:Q", format=".2f", title="90% high"),
                alt.Tooltip("n:Q", title="responses"),
                alt.Tooltip("note:N"),
            ],
        )
        .transform_filter(shown)
    )
    level = (
        alt.Chart()
        .mark_line(color=OKABE_ITO[5], strokeDash=[5, 3], strokeWidth=1.5)
        .encode(x=x, y=alt.Y("ewma:Q", scale=y_scale), detail="segment:N")
        .transform_filter(shown)
    )
    gaps = (
        alt.Chart()
        .mark_rect(color=GREY, opacity=0.35)
        .encode(
            x=x,
            x2="period_end:T",
            tooltip=[alt.Tooltip("period:T", title="from", format="%Y-%m-%d"), alt.Tooltip("note:N")],
        )
        .transform_filter((alt.datum.state == "suppressed") | (alt.datum.state == "open"))
    )
    marked = (
        alt.Chart()
        .mark_rule(color=OKABE_ITO[3], strokeDash=[2, 2], strokeWidth=2.5)
        .encode(
            x=x,
            tooltip=[
                alt.Tooltip("what:N", title="action"),
                alt.Tooltip("owner:N"),
                alt.Tooltip("status:N"),
                alt.Tooltip("period:T", title="decided before", format="%Y-%m-%d"),
            ],
        )
        .transform_filter(alt.datum.state == "action")
    )
    smoothed = [level] if "ewma" in frame else []
    markers = [marked] if (frame["state"] == "action").any() else []
    layers = alt.layer(gaps, band, *smoothed, line, *markers, data=frame)
    if frame["dimension"].nunique() == 1:
        return layers.properties(height=height)  # a single chart stretches to the page; facets cannot
    return (
        layers.properties(height=height, width=width)
        .facet(
            facet=alt.Facet("label:N", sort=alt.SortField("order"), title=None, header=alt.Header(labelFontSize=13)),
            columns=columns,
        )
        .resolve_axis(x="independent")
    )


def _with_actions(frame: pd.DataFrame, actions: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` with one row per action (``state`` "action") on its dimension's chart, so a faceted
    chart draws each marker in its own panel; actions about dimensions not charted are left out."""
    if actions is None or actions.empty:
        return frame
    panels = frame.drop_duplicates("dimension").set_index("dimension")
    keep = [c for c in ("label", "order", "segment") if c in panels]
    marks = actions[actions["dimension"].isin(panels.index)].copy()
    if marks.empty:
        return frame
    for column in keep:
        marks[column] = marks["dimension"].map(panels[column])
    marks["period"] = pd.to_datetime(marks["period"])
    marks["state"] = "action"
    return pd.concat([frame, marks], ignore_index=True)


def health_grid(grid: pd.DataFrame) -> alt.LayerChart:
    """Dimensions by period: red / amber / green with the letter and the trend arrow in each cell."""
    base = alt.Chart(grid).encode(
        x=alt.X("period:O", title=None, timeUnit="yearmonthdate", axis=alt.Axis(format="%d %b", labelAngle=0)),
        y=alt.Y("label:N", sort=alt.SortField("order"), title=None),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(title=None, orient="top"),
        ),
        tooltip=[
            alt.Tooltip("label:N", title="dimension"),
            alt.Tooltip("period:T", format="%Y-%m-%d"),
            alt.Tooltip("status:N"),
            alt.Tooltip("mean:Q", format=".2f", title="mean (1-3)"),
            alt.Tooltip("arrow:N", title="trend"),
            alt.Tooltip("n:Q", title="responses"),
        ],
    )
    text = base.mark_text(fontSize=13, color="black").encode(text="cell:N")
    return (cells + text).properties(height=alt.Step(24))


def participation_chart(frame: pd.DataFrame) -> alt.Chart:
    """Responses per round; the team size, where known, as a tick."""
    x = alt.X("period_start:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0))
    bars = (
        alt.Chart(frame)
        .mark_bar(color=OKABE_ITO[0], opacity=0.8)
        .encode(
            x=x,
            y=alt.Y("responses:Q", title="responses"),
            tooltip=[
                alt.Tooltip("period_start:T", title="from", format="%Y-%m-%d"),
                alt.Tooltip("responses:Q"),
                alt.Tooltip("team_size:Q", title="team size"),
                alt.Tooltip("rate:Q", format=".0%"),
            ],
        )
    )
    size = alt.Chart(frame).mark_tick(color=OKABE_ITO[5], thickness=2).encode(x=x, y="team_size:Q")
    return (bars + size).properties(height=180)


def factor_bars(frame: pd.DataFrame) -> alt.Chart:
    """How often each contributing factor was named, per period, stacked by factor."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None, timeUnit="yearmonth", axis=alt.Axis(format="%b %Y", labelAngle=0)),
            y=alt.Y("count:Q", title="times named"),
            color=alt.Color("label:N", scale=alt.Scale(range=OKABE_ITO), title="factor"),
            tooltip=["label:N", alt.Tooltip("period:T", format="%Y-%m-%d"), "count:Q", "reviews:Q"],
        )
        .properties(height=220)
    )


def trust_chart(frame: pd.DataFrame, event: str, published: str | None, low: float, high: float) -> alt.LayerChart:
    """The team's psych-safety figures around an event: points with intervals, the event (and the
    review's publication) as vertical rules. Suppressed periods are simply absent."""
    shown = frame[frame["mean"].notna()]
    x = alt.X("period:T", title=None, axis=alt.Axis(format="%d %b %Y", labelAngle=0))
    y_scale = alt.Scale(domain=[low, high], nice=False)
    bars = (
        alt.Chart(shown)
        .mark_rule(color=OKABE_ITO[4], strokeWidth=3)
        .encode(x=x, y=alt.Y("ci_low:Q", scale=y_scale, title="psych-safety score"), y2="ci_high:Q")
    )
    points = (
        alt.Chart(shown)
        .mark_point(filled=True, size=70, color=OKABE_ITO[0])
        .encode(x=x, y=alt.Y("mean:Q", scale=y_scale), tooltip=["period:T", alt.Tooltip("mean:Q", format=".2f"), "n:Q"])
    )
    marks = pd.DataFrame(
        [{"date": event, "what": "event"}] + ([{"date": published, "what": "published"}] * bool(published))
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3])
        .encode(x="date:T", color=alt.Color("what:N", scale=alt.Scale(range=[OKABE_ITO[5], OKABE_ITO[2]]), title=None))
    )
    return (rules + bars + points).properties(height=240)


def driver_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Correlation of each dimension with psych safety, between teams and within teams, with 90% intervals."""
    long = pd.concat(
        [
            frame.assign(
                view="between teams", r=frame["between_r"], low=frame["between_low"], high=frame["between_high"]
            ),
            frame.assign(view="within a team", r=frame["within_r"], low=frame["within_low"], high=frame["within_high"]),
        ]
    )[["label", "view", "r", "low", "high", "between_r"]]
    base = alt.Chart(long).encode(
        y=alt.Y("label:N", sort=alt.SortField("between_r", order="descending"), title=None),
        yOffset=alt.YOffset("view:N"),
        # The legend above the chart, never over the data.
        color=alt.Color(
            "view:N",
            scale=alt.Scale(range=[OKABE_ITO[0], OKABE_ITO[1]]),
            title=None,
            legend=alt.Legend(orient="top", direction="horizontal"),
        ),
    )
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", scale=alt.Scale(domain=[-1, 1]), title="correlation with psych safety (r)"), x2="high:Q"
    )
    points = base.mark_point(filled=True, size=60).encode(
        x="r:Q",
        shape=alt.Shape("view:N", title=None, legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=["label:N", "view:N", alt.Tooltip("r:Q", format=".2f"), alt.Tooltip("low:Q", format=".2f"),
                 alt.Tooltip("high:Q", format=".2f")],
    )  # fmt: skip
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=GREY).encode(x="x:Q")
    return (zero + bars + points).properties(height=alt.Step(16))


def with_averages(chart, averages: pd.DataFrame, low: float, high: float):
    """``chart`` (a team's composite, ``trend_chart``) with the organisation's and the tribe's average
    per period as thin dashed grey lines, named in a legend above the chart.

    ``averages`` is ``dashboard.queries.organisation.average_lines``: sums of shown team figures only.
    """
    if averages.empty:
        return chart
    lines = (
        alt.Chart(averages)
        .mark_line(strokeWidth=1.5, strokeDash=[6, 3], point=alt.OverlayMarkDef(size=12))
        .encode(
            x=alt.X("period:T"),
            y=alt.Y("mean:Q", scale=alt.Scale(domain=[low, high], nice=False)),
            color=alt.Color(
                "line:N",
                scale=alt.Scale(range=["#555555", OKABE_ITO[3]]),
                title=None,
                legend=alt.Legend(orient="top", direction="horizontal", labelLimit=300),
            ),
            tooltip=[
                alt.Tooltip("line:N", title="average"),
                alt.Tooltip("period:T", title="from", format="%Y-%m-%d"),
                alt.Tooltip("mean:Q", format=".1f"),
                alt.Tooltip("teams:Q"),
                alt.Tooltip("n:Q", title="responses"),
            ],
        )
    )
    return alt.layer(lines, chart)


def score_spread(frame: pd.DataFrame, low: float, high: float, title: str) -> alt.Chart:
    """How many teams have each latest score, in bins of a fifth of a point: an organisation of
    thousands of teams in one chart of fixed height (each team's figure is in the table)."""
    return (
        alt.Chart(frame)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            x=alt.X("mean:Q", bin=alt.Bin(step=0.2, extent=[low, high]), title=title),
            y=alt.Y("count():Q", title="teams"),
            tooltip=[alt.Tooltip("count():Q", title="teams")],
        )
        .properties(height=220)
    )
