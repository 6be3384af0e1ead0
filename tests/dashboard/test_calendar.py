"""The calendar and invitations pages: what runs when, one-click pauses, rosters and counts only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pulse import invitations, schedules
from pulse.errors import PulseError
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app, shown, texts  # noqa: F401 (the app_db fixture)

CALENDAR = "app_pages/calendar.py"
COACH_TEAMS = ("Atlas", "Beacon", "Comet")  # demo-coach's; Delta is in the same tribe (Payments) but not theirs


def test_the_calendar_shows_what_runs_when_and_pauses_a_team_in_one_click(app_db):
    schedules.add_schedule(app_db, "health-check", "monthly", tribe="Payments")
    at = run_app(app_db, "demo-admin", CALENDAR)
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
    at = run_app(app_db, "demo-admin", CALENDAR)
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


def add_through_the_form(at, instrument: str, cadence: str, tribe: str | None = None, teams=()):
    at.selectbox(key="schedule_instrument").set_value(instrument)
    at.selectbox(key="schedule_cadence").set_value(cadence)
    if tribe:
        at.selectbox(key="schedule_tribe").set_value(tribe)
    at.multiselect(key="schedule_teams").set_value(list(teams))
    at.button(key="schedule_add").click().run()


def grid_rows(at) -> dict[str, str]:
    """Calendar grid: team -> everything its rows show."""
    grid = at.dataframe[0].value  # the only table on the page
    return {team: "".join(rows.astype(str).sum(axis=1)) for team, rows in grid.groupby("team")}


def test_an_admin_adds_a_schedule_through_the_form_and_the_calendar_shows_it(app_db):
    at = run_app(app_db, "demo-admin", CALENDAR)
    assert "Nothing is scheduled yet" in texts(at)
    add_through_the_form(at, "psych-safety", "fortnightly", tribe="Payments")
    no_trouble(at)
    assert "Schedule added: Psychological safety every 2 weeks for tribe Payments." in texts(at)
    assert "Psychological safety** every 2 weeks for tribe Payments" in texts(at)  # in the list of schedules
    rows = grid_rows(at)
    assert sorted(rows) == ["Atlas", "Beacon", "Comet", "Delta"]
    assert all("▶ opens" in cells and "✉ reminder" in cells for cells in rows.values())


@pytest.mark.parametrize(
    ("tribe", "teams"), [(None, ()), ("Payments", ("Atlas",))], ids=["no group", "tribe and teams"]
)
def test_a_schedule_for_no_group_or_for_two_is_refused_in_one_line(app_db, tribe, teams):
    at = run_app(app_db, "demo-admin", CALENDAR)
    add_through_the_form(at, "enps", "quarterly", tribe=tribe, teams=teams)
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "a schedule is for a tribe or for a list of teams: give exactly one of them"
    ]
    assert schedules.list_schedules(app_db.cursor()) == []


def test_a_team_already_on_a_schedule_gets_a_one_line_error_naming_it(app_db):
    schedules.add_schedule(app_db, "enps", "quarterly", teams=["Atlas"])
    at = run_app(app_db, "demo-admin", CALENDAR)
    add_through_the_form(at, "enps", "monthly", teams=["Atlas", "Beacon"])
    (error,) = at.error
    assert shown(error.value).startswith("Atlas already has a enps schedule")
    assert len(schedules.list_schedules(app_db.cursor())) == 1


def test_a_coach_schedules_and_pauses_their_own_teams_on_the_calendar(app_db):
    schedules.add_schedule(app_db, "health-check", "monthly", teams=["Delta"])  # not the coach's team
    at = run_app(app_db, "demo-coach", CALENDAR)
    no_trouble(at)
    assert "Nothing is scheduled yet" in texts(at)  # Delta's schedule is not theirs to see
    assert at.multiselect(key="schedule_teams").options == list(COACH_TEAMS)
    assert not [s for s in at.selectbox if s.key == "schedule_tribe"]  # a tribe's schedule is an admin's
    add_through_the_form(at, "psych-safety", "weekly", teams=["Atlas", "Comet"])
    no_trouble(at)
    assert sorted(grid_rows(at)) == ["Atlas", "Comet"]
    assert {t.label for t in at.toggle if t.key.startswith("pause_")} == set(COACH_TEAMS)
    at.toggle(key="pause_Atlas").set_value(True).run()
    no_trouble(at)
    assert ("Atlas", None) in schedules.pauses(app_db.cursor())
    assert "‖ team paused" in grid_rows(at)["Atlas"]
    mine = [s for s in schedules.list_schedules(app_db.cursor()) if s.teams == ("Atlas", "Comet")]
    at.button(key=f"schedule_remove_{mine[0].id}").click().run()
    no_trouble(at)
    assert [s.teams for s in schedules.list_schedules(app_db.cursor())] == [("Delta",)]
    assert all(t.disabled for t in at.toggle if t.key.startswith("holiday_"))  # holidays for everyone: an admin's


def test_a_coach_cannot_touch_another_teams_schedule(app_db):
    delta = schedules.add_schedule(app_db, "health-check", "monthly", teams=["Delta"])
    mixed = schedules.add_schedule(app_db, "enps", "quarterly", teams=["Atlas", "Delta"])
    tribe = schedules.add_schedule(app_db, "psych-safety", "fortnightly", tribe="Payments")
    scope = COACH_TEAMS
    for schedule in (delta, mixed, tribe):
        with pytest.raises(PulseError, match="not one of your teams' schedules"):
            schedules.pause_schedule(app_db, schedule.id, scope=scope)
        with pytest.raises(PulseError, match="not one of your teams' schedules"):
            schedules.remove_schedule(app_db, schedule.id, scope=scope)
    with pytest.raises(PulseError, match="Delta is not one of your teams"):
        schedules.add_schedule(app_db, "psych-safety", "weekly", teams=["Delta"], scope=scope)
    with pytest.raises(PulseError, match="Delta is not one of your teams"):
        schedules.pause_team(app_db, "Delta", scope=scope)
    with pytest.raises(PulseError, match="Delta is not one of your teams"):
        schedules.pause_week(app_db, date.today(), "Delta", scope=scope)
    with pytest.raises(PulseError, match="a holiday week for everyone is an admin's"):
        schedules.pause_week(app_db, date.today(), scope=scope)
    with pytest.raises(PulseError, match="a tribe's schedule is an admin's"):
        schedules.add_schedule(app_db, "psych-safety", "weekly", tribe="Growth", scope=scope)
    cur = app_db.cursor()
    assert schedules.list_schedules(cur) == [delta, mixed, tribe] and schedules.pauses(cur) == []
    # The page lists what covers the coach's teams, without buttons for what is not all theirs.
    at = run_app(app_db, "demo-coach", CALENDAR)
    no_trouble(at)
    said = texts(at)
    assert "every 3 months for Atlas, Delta" in said and "every 2 weeks for tribe Payments" in said
    assert "Squad health check" not in said  # Delta's own schedule is not listed
    assert not [b for b in at.button if b.key.startswith(("schedule_pause_", "schedule_remove_"))]
    assert sorted(grid_rows(at)) == list(COACH_TEAMS)  # Delta's rows stay off the coach's calendar
