"""Schedules: a cadence per group and instrument, rounds that open and close by themselves, pauses,
holiday weeks and the calendar; and `teampulse schedule`/`tick` on top."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pulse import rounds, schedules, teams
from pulse.errors import PulseError, ScheduleConflict, UnknownSchedule
from pulse.rounds import Cadence, list_rounds
from teampulse.cli import main

MONDAY = date(2027, 1, 4)


def _org(db):
    for name, tribe in (("Atlas", "Payments"), ("Comet", "Payments"), ("Nova", "Search")):
        teams.add_team(db, name, tribe=tribe)


@given(
    st.sampled_from(["week", "month"]),
    st.integers(1, 12),
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    st.dates(date(2015, 1, 1), date(2035, 12, 31)),
    st.dates(date(2015, 1, 1), date(2035, 12, 31)),
)
def test_periods_hold_their_day_and_never_overlap(unit, every, anchor, one, other):
    anchor = anchor - timedelta(days=anchor.weekday()) if unit == "week" else anchor.replace(day=1)
    cadence = Cadence(unit, every, anchor)
    a, b = cadence.period(one), cadence.period(other)
    assert a[0] <= one <= a[1] and b[0] <= other <= b[1]
    assert a == b or a[1] < b[0] or b[1] < a[0]
    first, last = sorted((one, other))
    spans = cadence.periods(first, last)
    assert all(left[1] + timedelta(days=1) == right[0] for left, right in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fortnightly", ("week", 2)),
        ("every 2 weeks", ("week", 2)),
        ("Monthly", ("month", 1)),
        ("quarterly", ("month", 3)),
    ]
    + [("3m", ("month", 3)), ("1 week", ("week", 1))],
)
def test_cadences_read_as_a_coach_types_them(text, expected):
    assert schedules.parse_cadence(text) == expected


def test_a_cadence_nobody_can_read_is_refused_with_the_words_that_work():
    with pytest.raises(PulseError, match="'every other tuesday': use weekly, fortnightly, monthly, quarterly"):
        schedules.parse_cadence("every other tuesday")


def test_three_instruments_three_period_lengths_and_every_round_opens_and_closes_by_itself(db):
    _org(db)
    schedules.add_schedule(db, "psych-safety", "fortnightly", tribe="Payments", anchor=MONDAY)
    schedules.add_schedule(db, "health-check", "monthly", teams=["Atlas", "Nova"], anchor=date(2027, 1, 1))
    schedules.add_schedule(db, "enps", "quarterly", teams=["Comet"], anchor=date(2027, 1, 1))
    for offset in range(35):  # to Sunday 7 February
        schedules.tick(db, MONDAY + timedelta(days=offset))
    got = {(r.team, r.instrument): [] for r in list_rounds(db.cursor())}
    for r in list_rounds(db.cursor()):
        got[(r.team, r.instrument)].append((r.period_start, r.period_end, r.status))
    fortnights = [
        (MONDAY, date(2027, 1, 17), "closed"),
        (date(2027, 1, 18), date(2027, 1, 31), "closed"),
        (date(2027, 2, 1), date(2027, 2, 14), "open"),
    ]
    assert got[("Atlas", "psych-safety")] == fortnights and got[("Comet", "psych-safety")] == fortnights
    months = [(date(2027, 1, 1), date(2027, 1, 31), "closed"), (date(2027, 2, 1), date(2027, 2, 28), "open")]
    assert got[("Atlas", "health-check")] == months and got[("Nova", "health-check")] == months
    assert got[("Comet", "enps")] == [(date(2027, 1, 1), date(2027, 3, 31), "open")]
    assert ("Nova", "psych-safety") not in got  # Nova is in another tribe


def test_a_team_that_joins_the_tribe_later_is_scheduled_from_its_next_tick(db):
    _org(db)
    schedules.add_schedule(db, "psych-safety", "fortnightly", tribe="Payments", anchor=MONDAY)
    schedules.tick(db, MONDAY)
    teams.add_team(db, "Orbit", tribe="Payments")
    opened = schedules.tick(db, MONDAY + timedelta(days=1)).opened
    assert [(r.team, r.period_start) for r in opened] == [("Orbit", MONDAY)]


def test_a_retired_team_gets_no_scheduled_round_and_no_place_on_the_calendar(db):
    teams.add_team(db, "Alpha", "Tribe1", 6)
    teams.add_team(db, "Beta", "Tribe1", 6)
    schedules.add_schedule(db, "enps", "2 weeks", tribe="Tribe1", anchor=date(2026, 6, 1), today=date(2026, 6, 1))
    teams.retire_team(db, "Beta")
    assert [r.team for r in schedules.open_due_rounds(db, date(2026, 6, 1))] == ["Alpha"]
    assert {p.team for p in schedules.plan(db.cursor(), date(2026, 6, 1), date(2026, 8, 1))} == {"Alpha"}
    teams.retire_team(db, "Beta", retired=False)  # brought back: scheduled again from the next tick
    assert [r.team for r in schedules.open_due_rounds(db, date(2026, 6, 2))] == ["Beta"]


def test_all_due_teams_open_in_one_transaction(db, monkeypatch):
    _org(db)
    schedules.add_schedule(db, "psych-safety", "fortnightly", tribe="Payments", anchor=MONDAY)
    real = schedules.open_period
    calls = []

    def failing_second(cur, *args):
        calls.append(args)
        if len(calls) == 2:
            raise PulseError("disk full")
        return real(cur, *args)

    monkeypatch.setattr(schedules, "open_period", failing_second)
    with pytest.raises(PulseError, match="disk full"):
        schedules.open_due_rounds(db, MONDAY)
    assert list_rounds(db.cursor()) == []  # the first team's round went back with the second's failure


def test_a_paused_team_and_holiday_weeks_and_the_calendar_says_so(db):
    _org(db)
    schedule = schedules.add_schedule(db, "psych-safety", "fortnightly", tribe="Payments", anchor=MONDAY)
    schedules.pause_team(db, "Comet")
    holiday = schedules.pause_week(db, MONDAY + timedelta(days=16))  # everyone: the second fortnight's first week
    assert holiday == MONDAY + timedelta(days=14)
    schedules.pause_week(db, MONDAY + timedelta(days=28), team="Atlas")  # Atlas: the whole third fortnight
    schedules.pause_week(db, MONDAY + timedelta(days=35), team="Atlas")
    plan = {
        (p.team, p.period_start): (p.state, p.opens_on)
        for p in schedules.plan(db.cursor(), MONDAY, MONDAY + timedelta(41))
    }
    assert plan == {
        ("Atlas", MONDAY): ("runs", MONDAY),
        ("Comet", MONDAY): ("team paused", MONDAY),
        ("Atlas", MONDAY + timedelta(14)): ("runs", MONDAY + timedelta(21)),  # opens after the holiday
        ("Comet", MONDAY + timedelta(14)): ("team paused", MONDAY + timedelta(21)),
        ("Atlas", MONDAY + timedelta(28)): ("holiday", MONDAY + timedelta(28)),  # wholly in holidays: skipped
        ("Comet", MONDAY + timedelta(28)): ("team paused", MONDAY + timedelta(28)),
    }
    opened_on = {}
    for offset in range(42):
        for rnd in schedules.tick(db, MONDAY + timedelta(days=offset)).opened:
            opened_on[(rnd.team, rnd.period_start)] = MONDAY + timedelta(days=offset)
    assert opened_on == {("Atlas", MONDAY): MONDAY, ("Atlas", MONDAY + timedelta(14)): MONDAY + timedelta(21)}
    schedules.pause_team(db, "Comet", paused=False)
    schedules.pause_schedule(db, schedule.id)
    assert {p.state for p in schedules.plan(db.cursor(), MONDAY, MONDAY)} == {"schedule paused"}
    assert schedules.tick(db, MONDAY + timedelta(days=43)).opened == []
    schedules.pause_schedule(db, schedule.id, paused=False)
    assert [r.team for r in schedules.tick(db, MONDAY + timedelta(days=43)).opened] == ["Atlas", "Comet"]


def test_nothing_is_sent_in_a_holiday_week(db):
    from pulse import invitations

    _org(db)
    schedules.add_schedule(db, "psych-safety", "fortnightly", teams=["Atlas"], anchor=MONDAY, reminders=[3, 8])
    invitations.set_roster(db, "Atlas", invitations.parse_roster("ann@example.org"))
    schedules.tick(db, MONDAY)  # opens the round; nothing sent without an outbox
    schedules.pause_week(db, MONDAY)
    assert invitations.due_messages(db.cursor(), MONDAY + timedelta(days=3)) == []
    (rnd,) = list_rounds(db.cursor())
    assert invitations.due_messages(db.cursor(), MONDAY + timedelta(days=7)) == [(rnd.id, "invitation", 1)]


def test_a_team_keeps_one_calendar_per_instrument(db):
    _org(db)
    schedules.add_schedule(db, "psych-safety", "fortnightly", tribe="Payments", anchor=MONDAY)
    with pytest.raises(ScheduleConflict, match="Atlas already has a psych-safety schedule"):
        schedules.add_schedule(db, "psych-safety", "monthly", teams=["Atlas"])
    with pytest.raises(ScheduleConflict):
        schedules.add_schedule(db, "psych-safety", "monthly", tribe="Payments")
    schedules.add_schedule(db, "psych-safety", "monthly", teams=["Nova"], anchor=date(2027, 1, 1))  # another tribe
    with pytest.raises(PulseError, match="tribe or for a list of teams"):
        schedules.add_schedule(db, "enps", "quarterly")
    with pytest.raises(PulseError, match="starts on a Monday"):
        schedules.add_schedule(db, "enps", "weekly", teams=["Atlas"], anchor=MONDAY + timedelta(days=1))
    with pytest.raises(UnknownSchedule):
        schedules.pause_schedule(db, 99)


def test_a_scheduled_period_never_overlaps_a_round_opened_by_hand(db):
    _org(db)
    atlas = teams.get_team(db.cursor(), "Atlas")
    with db.transaction() as cur:  # an admin's fortnight on the organisation's calendar, before the schedule
        manual = rounds.open_period(cur, atlas.id, "health-check", MONDAY - timedelta(days=7), MONDAY + timedelta(6))
    schedules.add_schedule(db, "health-check", "monthly", teams=["Atlas"], anchor=date(2027, 1, 1))
    assert schedules.tick(db, MONDAY).opened == []  # January would overlap the manual round
    assert [r.id for r in list_rounds(db.cursor(), "Atlas")] == [manual.id]
    # A round opened for a scheduled series by hand (or an import) follows the schedule's months.
    with db.transaction() as cur:
        rnd = rounds.ensure_round(cur, atlas.id, "health-check", date(2027, 3, 10), today=date(2027, 3, 10))
    assert (rnd.period_start, rnd.period_end) == (date(2027, 3, 1), date(2027, 3, 31))


def test_the_command_line_adds_lists_pauses_and_ticks(tmp_path):
    path = str(tmp_path / "cli.duckdb")
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(main, ["--db", path, *args], catch_exceptions=False)
        return result.exit_code, result.output  # stdout and stderr, as a terminal shows them

    assert run("team", "add", "Atlas", "--tribe", "Payments")[0] == 0
    code, out = run("schedule", "add", "psych-safety", "fortnightly", "--tribe", "Payments", "--anchor", "2027-01-04")
    assert code == 0 and "schedule #1: psych-safety every 2 weeks for tribe Payments, from 2027-01-04" in out
    code, out = run("schedule", "add", "psych-safety", "monthly", "--team", "Atlas")
    assert code == 1 and out.count("\n") == 1 and "Atlas already has a psych-safety schedule" in out
    code, out = run("schedule", "holiday", "2027-01-20")
    assert code == 0 and "week of 2027-01-18: holiday for every team" in out
    code, out = run("schedule", "calendar", "--start", "2027-01-04", "--weeks", "4", "--format", "csv")
    assert out.splitlines()[1:] == [
        '2027-01-04,2027-01-17,2027-01-04,Atlas,psych-safety,runs,"2027-01-08, 2027-01-13"',
        '2027-01-18,2027-01-31,2027-01-25,Atlas,psych-safety,runs,"2027-01-22, 2027-01-27"',  # after the holiday
    ]
    code, out = run("tick", "--today", "2027-01-05")
    assert code == 0 and "closed 0 round(s), opened 1 round(s)" in out and "no messages sent" in out
    code, out = run("schedule", "pause", "1")
    assert code == 0 and "schedule #1 paused" in out
    code, out = run("roster", "set", "Atlas", "-")
    assert code != 0  # an empty roster is refused
    result = runner.invoke(
        main, ["--db", path, "roster", "set", "Atlas", "-"], input="ann@example.org\nben@example.org\n"
    )
    assert result.exit_code == 0 and "Atlas: 2 member(s) on the roster" in result.output
    code, out = run("roster", "list", "--format", "csv")
    assert out.splitlines() == ["team,email,slack,teams", "Atlas,2,,"]
