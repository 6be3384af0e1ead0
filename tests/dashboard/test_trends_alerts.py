"""The Team trends page tells one story: a headline on the whole series, then one alert per episode."""

from tests.dashboard_testing import app_db_fixture, run_app, shown, texts  # noqa: F401  (the app_db fixture)


def test_atlas_reads_as_one_fall_with_the_composite_first_and_the_detail_one_click_away(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/trends.py", query={"team": "Atlas"})
    assert not at.exception and not at.error
    page = texts(at)
    # The headline under the chart reads the whole year, not the last six periods.
    assert "Atlas's psychological safety score fell by about" in page and "no clear direction" not in page
    alerts = [shown(w.value) for w in at.warning if "fell" in w.value]
    assert 1 <= len(alerts) <= 2, alerts  # one episode (the reorg), not one alert per item
    assert alerts[0].startswith("Atlas's psychological safety score fell by about")
    assert "fell most" in alerts[0]

    # Each dimension is behind a toggle: off, no item chart; on, which dimensions fell and their charts.
    def dimension_tables():
        tables = [d.value for d in at.dataframe if {"responses", "dimension"} <= set(d.value.columns)]
        return [t for t in tables if t["dimension"].nunique() > 1]

    assert not dimension_tables()
    at.toggle(key="trends_dimensions").set_value(True).run()
    assert not at.exception
    detail = [d.value for d in at.dataframe if list(d.value.columns) == ["episode", "dimension", "fall"]][0]
    assert len(detail) == 7 and set(detail["episode"]) == {"Score from 29 Dec 2025"}
    assert dimension_tables()  # each dimension's figures (the table behind their chart)
    assert detail["fall"].iloc[0] >= detail["fall"].iloc[-1]


def test_a_recovering_team_is_told_as_rising_without_an_alert(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/trends.py")
    at.selectbox(key="trends_team").select("Beacon").run()
    assert not at.exception
    page = texts(at)
    assert "Beacon's psychological safety score has risen from about" in page
    assert any("No sustained drop in Beacon's" in shown(s.value) for s in at.success)
