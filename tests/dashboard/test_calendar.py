"""The calendar and invitations pages: what runs when, one-click pauses, rosters and counts only."""

from __future__ import annotations

from datetime import date, timedelta

from pulse import invitations, schedules
from tests.dashboard_testing import app_db_fixture, run_app, texts  # noqa: F401 (the app_db fixture)


def test_the_calendar_shows_what_runs_when_and_pauses_a_team_in_one_click(app_db):
    schedules.add_schedule(app_db, "health-check", "monthly", tribe="Payments")
    at = run_app(app_db, "demo-admin", "app_pages/admin_calendar.py")
    assert not at.exception
    grid = at.dataframe[0].value
    assert sorted(grid["team"]) == ["Atlas", "Beacon", "Comet", "Delta"]  # the tribe's teams
    assert list(grid.columns[:3]) == [
        "team",
        "instrument",
        f"{date.today() - timedelta(days=date.today().weekday()):%d %b}",
    ]
    assert "▶ opens" in "".join(grid[grid["team"] == "Atlas"].astype(str).sum(axis=1))
    at.toggle(key="pause_Atlas").set_value(True).run()
    assert not at.exception
    assert ("Atlas", None) in schedules.pauses(app_db.cursor())
    row = at.dataframe[0].value.set_index("team").loc["Atlas"]
    assert "‖ team paused" in "".join(row.astype(str)) and "▶ opens" not in "".join(row.astype(str))


def test_a_holiday_week_is_one_click_and_the_calendar_marks_it(app_db):
    schedules.add_schedule(app_db, "enps", "weekly", teams=["Atlas"])
    at = run_app(app_db, "demo-admin", "app_pages/admin_calendar.py")
    toggles = [t for t in at.toggle if t.key.startswith("holiday_")]
    toggles[1].set_value(True).run()
    assert not at.exception
    monday = date.fromisoformat(toggles[1].key.removeprefix("holiday_"))
    assert (None, monday) in schedules.pauses(app_db.cursor())
    assert "☀ holiday" in "".join(at.dataframe[0].value.astype(str).sum(axis=1))


def test_the_invitations_page_stores_a_roster_and_shows_counts_only(app_db):
    at = run_app(app_db, "demo-admin", "app_pages/admin_invitations.py")
    assert not at.exception and "never stored" in texts(at)
    at.text_area(key="roster_text").set_value("ann@example.org\nslack:U012AB3CD\n")
    at.button(key="roster_save").click().run()
    assert not at.exception
    team = at.selectbox(key="roster_team").value
    assert invitations.roster_sizes(app_db.cursor())[team] == {"email": 1, "slack": 1}
    at.text_area(key="roster_text").set_value("ann@example.org\nnot an address\n")
    at.button(key="roster_save").click().run()
    assert "line 2: 'not an address' is not an email address" in texts(at)
