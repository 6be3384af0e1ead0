"""Actions as markers on the trend chart (issue 14): the chart draws them, and the pages pass them."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa

from dashboard import charts
from pulse import actions
from pulse.rounds import list_rounds
from pulse.tokens import team_links
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app  # noqa: F401  (the app_db fixture)

ACTION_FILTER = "(datum.state === 'action')"


def trend(dimensions=("score",)) -> pd.DataFrame:
    """Three shown fortnights per dimension, as ``TrendsPage.trend`` has them."""
    starts = pd.to_datetime(["2026-05-04", "2026-05-18", "2026-06-01"])
    return pd.DataFrame(
        [
            {
                "dimension": d, "label": d.title(), "order": i, "segment": 0, "state": "shown", "note": "",
                "period": s, "period_end": s + pd.Timedelta(days=13), "mean": 5.0, "ci_low": 4.5, "ci_high": 5.5,
                "n": 6,
            }
            for i, d in enumerate(dimensions)
            for s in starts
        ]
    )  # fmt: skip


def marks(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"period": pd.Timestamp(p), "dimension": d, "what": w, "owner": "tech lead", "status": "Open"}
            for p, d, w in rows
        ]
    )


def action_layers(spec: dict) -> list[dict]:
    """The layers that draw action markers (on a faceted chart they sit under ``spec``)."""
    layers = spec.get("layer") or spec["spec"]["layer"]
    return [layer for layer in layers if {"filter": ACTION_FILTER} in layer.get("transform", [])]


def action_rows(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r.get("state") == "action"]


def inline_rows(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def test_an_action_is_a_dotted_rule_at_its_date_with_what_was_decided():
    spec = charts.trend_chart(trend(), 1, 7, actions=marks(("2026-06-15", "score", "Rotate the retro host"))).to_dict()
    (layer,) = action_layers(spec)
    assert layer["mark"]["type"] == "rule" and layer["mark"]["strokeDash"]
    assert layer["encoding"]["x"]["field"] == "period"
    assert {"field": "what", "title": "action", "type": "nominal"} in layer["encoding"]["tooltip"]
    (row,) = action_rows(inline_rows(spec))
    assert row["what"] == "Rotate the retro host" and row["period"].startswith("2026-06-15")


def test_no_action_no_marker_layer():
    assert action_layers(charts.trend_chart(trend(), 1, 7).to_dict()) == []
    assert action_layers(charts.trend_chart(trend(), 1, 7, actions=marks()).to_dict()) == []


def test_on_the_dimension_charts_a_marker_lands_in_its_own_panel_and_uncharted_ones_are_left_out():
    frame = trend(("trust", "voice"))
    given = marks(("2026-06-15", "voice", "Ask for dissent first"), ("2026-06-15", "pace", "Not charted here"))
    spec = charts.trend_chart(frame, 1, 7, columns=2, actions=given).to_dict()
    assert len(action_layers(spec)) == 1
    (row,) = action_rows(inline_rows(spec))
    assert (row["what"], row["label"]) == ("Ask for dissent first", "Voice")  # the facet is by label


# --- the pages pass their actions -----------------------------------------------------------------


def drawn_charts(at) -> list[tuple[dict, list[dict]]]:
    """Each chart a page drew: its Vega-Lite spec and the rows Streamlit sent with it."""
    out = []
    for element in at.get("vega_lite_chart"):
        rows = []
        for dataset in element.proto.datasets:
            rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pandas().to_dict("records")
        out.append((json.loads(element.proto.spec), rows))
    return out


def add_atlas_action(db, what: str):
    closed = [r for r in list_rounds(db.cursor(), "Atlas", "psych-safety") if r.status == "closed"]
    rnd = max(closed, key=lambda r: r.period_start)
    actions.add_action(db, "Atlas", what, "the team", instrument="psych-safety", dimension="score", round_id=rnd.id)
    return rnd


def test_the_team_page_marks_its_action_on_the_trend_after_the_round_it_followed(app_db):
    rnd = add_atlas_action(app_db, "Hold a blameless incident review")
    at = run_app(app_db)
    at.query_params["results"] = team_links.team_token(app_db, "Atlas")
    at.switch_page("app_pages/team.py").run()
    no_trouble(at)
    (spec, rows), *_ = drawn_charts(at)
    assert len(action_layers(spec)) == 1
    (row,) = action_rows(rows)
    assert row["what"] == "Hold a blameless incident review" and row["owner"] == "the team"
    assert pd.Timestamp(row["period"]).date() == rnd.period_end + pd.Timedelta(days=1)


def test_team_trends_marks_the_action_on_the_coachs_actions_chart(app_db):
    add_atlas_action(app_db, "Hold a blameless incident review")
    at = run_app(app_db, "demo-coach", "app_pages/trends.py")
    at.toggle(key="trends_actions").set_value(True).run()
    no_trouble(at)
    marked = [rows for spec, rows in drawn_charts(at) if action_layers(spec)]
    assert [[r["what"] for r in action_rows(rows)] for rows in marked] == [["Hold a blameless incident review"]]
