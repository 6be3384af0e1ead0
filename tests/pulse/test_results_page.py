"""A team's page in one read (issue 10): the same figures, participation and comments as the three
readers called apart, for a handful of statements."""

from __future__ import annotations

import pandas as pd
import pytest

from pulse import results, rounds, teams
from pulse.responses import submit_response
from pulse.results import ALL_TEAMS


def comment_texts(blocks) -> list[tuple]:
    """Blocks with their comments sorted: the order within a block is random on purpose."""
    return [(b.team, b.instrument, b.period, b.n, sorted(b.comments)) for b in blocks]


@pytest.mark.parametrize("instrument", [None, "psych-safety", "health-check", "enps"])
def test_a_team_page_is_the_three_readers_in_one(demo_db, instrument):
    for team in [t.name for t in teams.list_teams(demo_db.cursor())]:
        page = results.team_page(demo_db, team, instrument, scope=[team])
        pd.testing.assert_frame_equal(page.figures, results.team_frame(demo_db, team, scope=ALL_TEAMS))
        pd.testing.assert_frame_equal(page.participation, results.participation(demo_db, scope=[team]))
        alone = results.comments(demo_db, team, instrument, scope=ALL_TEAMS)
        assert comment_texts(page.comments) == comment_texts(alone)


def test_a_team_page_reads_the_rounds_and_k_once(demo_db):
    results.team_page(demo_db, "Atlas", scope=["Atlas"])  # instrument definitions are cached per Database
    before = demo_db.statements
    page = results.team_page(demo_db, "Atlas", "psych-safety", scope=["Atlas"])
    assert page.comments and not page.figures.empty
    assert demo_db.statements - before == 4  # k, the rounds, the block statistics, the comments


def test_a_team_page_outside_the_scope_is_empty(demo_db):
    page = results.team_page(demo_db, "Beacon", scope=["Atlas"])
    assert page.figures.empty and page.participation.empty and page.comments == []


def test_an_open_round_shows_its_live_count_on_the_page(db):
    teams.add_team(db, "Orion")
    rnd = rounds.open_round(db, "Orion", "enps")
    for value in range(4):
        submit_response(db, {"enps": value}, round_id=rnd.id, comment="more focus time")
    page = results.team_page(db, "Orion", "enps", scope=["Orion"])
    assert page.participation["responses"].tolist() == [4]
    assert page.figures["mean"].isna().all() and page.comments == []
