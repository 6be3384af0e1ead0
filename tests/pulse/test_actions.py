"""Actions from results and reviews (one model), team results links, and the follow-up question."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulse import actions, closing, reviews, rounds, teams
from pulse.errors import InvalidAction, InvalidAnswer, LinkInvalid, UnknownAction
from pulse.responses import submit_response
from pulse.results import ALL_TEAMS
from pulse.results.followups import followup_results
from pulse.settings import period_days, set_min_group_size
from pulse.store import Database
from pulse.tokens import team_links

ENPS = "enps"


def closed_round(db, team: str, answers: int, on: date | None = None):
    rnd = rounds.open_round(db, team, ENPS, on=on)
    for i in range(answers):
        submit_response(db, {"enps": 5 + i % 5}, round_id=rnd.id)
    closing.close_round(db, rnd.id)
    return rnd


def next_period(db) -> date:
    return date.today() + timedelta(days=period_days(db.cursor()))


@pytest.fixture
def orion(db):
    teams.add_team(db, "Orion", size=8)
    return closed_round(db, "Orion", 6)


def test_an_action_from_a_dimension_is_listed_for_its_team(db, orion):
    added = actions.add_action(
        db, "Orion", "Hold a retro on how on-call handovers work", "the team",
        due="2030-01-31", instrument=ENPS, dimension="score", round_id=orion.id,
    )  # fmt: skip
    assert added.id and added.status == "open" and added.due == date(2030, 1, 31)
    assert added.period == orion.period_start and added.period_end == orion.period_end
    listed = actions.list_actions(db, "Orion")
    assert [a.what for a in listed] == ["Hold a retro on how on-call handovers work"]
    assert actions.set_status(db, added.id, "in progress").status == "in-progress"


@pytest.mark.parametrize(
    ("what", "owner"),
    [
        ("Ask Dana to fix the deploy script", "tech lead"),
        ("Fix the deploy script", "Dana Whitfield"),
        ("Mail ops@example.com about paging", "coach"),
        ("Ping @dana about paging", "coach"),
    ],
)
def test_an_action_that_names_a_person_is_refused(db, orion, what, owner):
    with pytest.raises(InvalidAction, match="role"):
        actions.add_action(db, "Orion", what, owner)
    assert actions.list_actions(db, "Orion") == []


def test_an_action_names_what_prompted_it_correctly(db, orion):
    with pytest.raises(InvalidAction, match="not a dimension"):
        actions.add_action(db, "Orion", "Improve onboarding", "coach", instrument=ENPS, dimension="ps1")
    with pytest.raises(InvalidAction, match="needs the round"):
        actions.add_action(db, "Orion", "Improve onboarding", "coach", followup=True)
    with pytest.raises(InvalidAction, match="not a date"):
        actions.add_action(db, "Orion", "Improve onboarding", "coach", due="next week")
    with pytest.raises(InvalidAction, match="unknown action status"):
        actions.add_action(db, "Orion", "Improve onboarding", "coach", status="maybe")
    teams.add_team(db, "Vega", size=6)
    with pytest.raises(InvalidAction, match="not one of Vega"):
        actions.add_action(db, "Vega", "Improve onboarding", "coach", round_id=orion.id)


def test_a_coach_changes_only_actions_of_their_teams(db, orion):
    added = actions.add_action(db, "Orion", "Pair on the release checklist", "tech lead")
    with pytest.raises(UnknownAction):
        actions.set_status(db, added.id, "done", scope=["Vega"])
    assert actions.get_action(db, added.id).status == "open"


def test_review_actions_use_the_same_model(db, orion):
    review = reviews.create_review(
        db, "Orion", "Checkout outage", "2026-03-02",
        actions=[{"what": "Add an alert on queue depth", "owner": "on-call engineer", "due": "2026-04-01"}],
    )  # fmt: skip
    stored = db.cursor().execute("SELECT team_id, review_id, what FROM actions").fetchall()
    assert [(r[1], r[2]) for r in stored] == [(review.id, "Add an alert on queue depth")]
    # A draft review's actions are not yet the team's; a published one's are.
    assert actions.list_actions(db, "Orion") == []
    db.cursor().execute("UPDATE reviews SET status = 'published' WHERE id = ?", [review.id])
    assert [a.review_id for a in actions.list_actions(db, "Orion")] == [review.id]
    tracked = reviews.set_action(db, review.actions[0].id, status="done")
    assert tracked.status == "done" and actions.get_action(db, tracked.id).status == "done"


def test_the_migration_moves_review_actions_and_keeps_their_ids(tmp_path):
    import duckdb

    from pulse.store import migrations

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_on DATE NOT NULL)"
    )
    for migration in migrations.discover():
        if migration.version > 6:
            break
        migration.run(con)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, current_date)", [migration.version, migration.name])
    con.execute("INSERT INTO teams (name, size) VALUES ('Orion', 8)")
    con.execute("INSERT INTO reviews (team_id, title, event_date, kind) VALUES (1, 'Outage', '2026-01-05', 'incident')")
    con.execute("SELECT nextval('review_action_ids')")  # ids need not start at 1
    con.execute(
        "INSERT INTO review_actions (review_id, position, what, owner, status)"
        " VALUES (1, 0, 'Add a runbook', 'sre', 'done')"
    )
    con.close()
    db = Database(path)
    try:
        row = db.cursor().execute("SELECT id, team_id, review_id, what, owner, status FROM actions").fetchone()
        assert row == (2, 1, 1, "Add a runbook", "sre", "done")
        assert reviews.get_review(db, 1).actions[0].id == 2
        fresh = actions.add_action(db, "Orion", "Write the runbook down", "the team")
        assert fresh.id == 3
    finally:
        db.close()


# --- team results links -------------------------------------------------------------------------


def test_a_team_link_opens_its_team_and_nothing_else(db):
    teams.add_team(db, "Orion", size=8)
    teams.add_team(db, "Vega", size=8)
    token = team_links.team_token(db, "Orion")
    assert len(token) == 26 and team_links.team_token(db, "Orion") == token  # stable across rounds
    assert team_links.team_for_token(db, token) == "Orion"
    assert team_links.team_for_token(db, token.upper()) == "Orion"
    assert team_links.team_token(db, "Vega") != token
    stored = db.cursor().execute("SELECT hash FROM team_results_links").fetchall()
    assert token not in {r[0] for r in stored}  # only a keyed hash is stored
    for wrong in ("", "x" * 26, token[:-1], token[:-1] + ("a" if token[-1] != "a" else "b"), None):
        with pytest.raises(LinkInvalid):
            team_links.team_for_token(db, wrong)
    new = team_links.retire_team_link(db, "Orion")
    assert new != token and team_links.team_for_token(db, new) == "Orion"
    with pytest.raises(LinkInvalid):
        team_links.team_for_token(db, token)
    link = team_links.member_link("https://pulse.example.org/", "ABCD-EFGH-JKMN-PQRS", new)
    assert link == f"https://pulse.example.org/?code=ABCD-EFGH-JKMN-PQRS&results={new}"
    assert team_links.team_results_link("https://pulse.example.org", new).endswith(f"/team?results={new}")


# --- the follow-up question ---------------------------------------------------------------------


def followed_up(db, team: str, answered: int, helped: int) -> tuple[int, int]:
    """An action with a follow-up after the current round; ``answered`` people answer the next one,
    ``helped`` of them say it helped. Returns the action's id and the next round's."""
    first = closed_round(db, team, 6)
    action = actions.add_action(
        db, team, "Rotate who runs the stand-up", "the team", instrument=ENPS, round_id=first.id, followup=True
    )
    second = rounds.open_round(db, team, ENPS, on=next_period(db))
    assert [a.id for a in actions.followups_for_round(db, second.id)] == [action.id]
    for i in range(answered):
        submit_response(db, {"enps": 7}, round_id=second.id, followups={action.id: 3 if i < helped else 1})
    return action.id, second.id


def test_the_follow_up_is_asked_in_the_next_round_and_counted_after_it_closes(db):
    teams.add_team(db, "Orion", size=8)
    action_id, second = followed_up(db, "Orion", 6, 4)
    row = followup_results(db, "Orion", scope=["Orion"]).iloc[0]
    assert row["n"] == 0 and "open round" in row["note"]  # no live counting
    closing.close_round(db, second)
    row = followup_results(db, "Orion", scope=["Orion"]).iloc[0]
    assert (row["action_id"], row["n"], row["yes"], row["no"], row["a_little"]) == (action_id, 6, 4, 2, 0)
    assert followup_results(db, "Orion", scope=["Vega"]).empty  # another team's reader sees nothing


def test_follow_up_answers_are_checked(db):
    teams.add_team(db, "Orion", size=8)
    action_id, second = followed_up(db, "Orion", 0, 0)
    with pytest.raises(InvalidAnswer, match="missing answer to the follow-up"):
        submit_response(db, {"enps": 7}, round_id=second, followups={})
    with pytest.raises(InvalidAnswer, match="not one of"):
        submit_response(db, {"enps": 7}, round_id=second, followups={action_id: 9})
    with pytest.raises(InvalidAnswer, match="not a follow-up question"):
        submit_response(db, {"enps": 7}, round_id=second, followups={action_id: 3, action_id + 1: 3})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    k=st.integers(3, 6),
    size=st.integers(3, 10),
    answered=st.integers(0, 10),
    skipped=st.integers(0, 4),
)
def test_a_follow_up_shows_only_what_k_people_answered_and_nothing_by_subtraction(k, size, answered, skipped):
    db = Database(":memory:")
    try:
        set_min_group_size(db, k)
        teams.add_team(db, "Orion", size=size)
        action_id, second = followed_up(db, "Orion", answered, answered // 2)
        for _ in range(skipped):  # respondents of the round who did not get the question (an older page)
            submit_response(db, {"enps": 7}, round_id=second)
        closing.close_round(db, second)
        row = followup_results(db, "Orion", scope=ALL_TEAMS).iloc[0]
        shown = row["yes"] == row["yes"]  # not NaN
        respondents = answered + skipped
        if shown:
            assert answered >= k and size >= k and respondents <= size
            assert skipped == 0 or skipped >= k
            assert row["yes"] + row["no"] + row["a_little"] == answered
        elif answered >= k and size >= k and respondents <= size and skipped in (0,) and respondents >= k:
            pytest.fail(f"suppressed without a reason: {row.to_dict()}")
    finally:
        db.close()
