"""Teams: clean unique names, renames that are only a change of display, and retiring."""

from datetime import date, timedelta

import pytest

from pulse import accounts, rounds, teams
from pulse.errors import DuplicateName, PulseError


def test_names_are_normalised_so_one_team_is_one_team(db):
    teams.add_team(db, "Zo\u00eb  Squad")
    with pytest.raises(DuplicateName):
        teams.add_team(db, "Zoe\u0308 Squad")  # the same name with a combining diaeresis
    assert teams.get_team(db.cursor(), "Zoe\u0308   Squad").name == "Zo\u00eb Squad"


@pytest.mark.parametrize("name", ["", "   ", "Ops\u202eevil", "Zero\u200bwidth", "Bell\x07", "x" * 101])
def test_disguised_or_empty_names_are_refused(db, name):
    with pytest.raises(PulseError):
        teams.add_team(db, name)


def test_sql_looking_names_are_stored_as_text(db):
    name = "Robert'); DROP TABLE teams;--"
    teams.add_team(db, name, tribe="T'; --", size=4)
    assert [t.name for t in teams.list_teams(db.cursor())] == [name]


def test_team_size_must_be_positive(db):
    with pytest.raises(PulseError, match="positive whole number"):
        teams.add_team(db, "Orion", size=0)


def test_a_rename_is_a_display_change_results_codes_and_reviews_follow(demo_db):
    from pulse import results, reviews
    from pulse.reviews import perspectives

    before = results.team_results(demo_db, scope=results.ALL_TEAMS)
    shown = {(f.instrument, f.dimension, f.period, f.n, f.mean) for f in before if f.team == "Atlas"}
    review = reviews.create_review(demo_db, "Atlas", "Outage", date(2026, 5, 1), "incident")
    perspectives.open_collection(demo_db, review.id)
    (code,) = perspectives.issue_codes(demo_db, review.id, 1)
    teams.rename_team(demo_db, "Atlas", "Atlas Payments")
    after = results.team_results(demo_db, scope=results.ALL_TEAMS)
    assert {(f.instrument, f.dimension, f.period, f.n, f.mean) for f in after if f.team == "Atlas Payments"} == shown
    assert not [f for f in after if f.team == "Atlas"]
    assert perspectives.invitation_for_code(demo_db, code).team == "Atlas Payments"  # a code handed out still works
    assert reviews.get_review(demo_db, review.id).team == "Atlas Payments"
    assert accounts.get_account(demo_db.cursor(), "demo-coach").teams[0] == "Atlas Payments"


def test_names_stay_unique_through_a_rename(db):
    teams.add_team(db, "Orion")
    teams.add_team(db, "Vega")
    with pytest.raises(DuplicateName):
        teams.rename_team(db, "Orion", " vega ".strip().capitalize())
    with pytest.raises(PulseError):
        teams.rename_team(db, "Orion", "Zero\u200bwidth")
    assert teams.rename_team(db, "Orion", "Orion").name == "Orion"  # the same name is no change


def test_a_retired_team_takes_no_new_round_but_keeps_its_history(demo_db):
    from pulse import results

    cur = demo_db.cursor()
    history = [f for f in results.team_results(demo_db, scope=results.ALL_TEAMS) if f.team == "Beacon"]
    retired = teams.retire_team(demo_db, "Beacon")
    assert retired.retired and teams.get_team(cur, "Beacon").retired
    with pytest.raises(teams.TeamRetired, match="'Beacon' is retired"):
        rounds.open_round(demo_db, "Beacon", "enps", on=date.today() + timedelta(days=60))
    assert [f for f in results.team_results(demo_db, scope=results.ALL_TEAMS) if f.team == "Beacon"] == history
    teams.retire_team(demo_db, "Beacon", retired=False)
    assert rounds.open_round(demo_db, "Beacon", "enps", on=date.today() + timedelta(days=60)).team == "Beacon"
