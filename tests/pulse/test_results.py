"""The one query door: rules 4 to 7 of DESIGN.md, checked on random organisations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulse import closing, results, rounds, teams
from pulse.errors import ConfigError
from pulse.responses import Submission, submit_response, write_submissions
from pulse.results import ALL_TEAMS
from pulse.settings import min_group_size, set_min_group_size
from pulse.store import Database

TODAY = date(2026, 6, 15)
PERIODS = [date(2026, 1, 5) + timedelta(days=14 * i) for i in range(5)]


def build(db, org: dict, instrument: str = "enps") -> None:
    """org: {tribe or None: {team: [responses per period]}} with eNPS answers 0..10 cycling."""
    with db.transaction() as cur:
        closed = []
        value = 0
        for tribe, members in org.items():
            for team_name, counts in members.items():
                team = teams.create_team(cur, team_name, tribe)
                for day, n in zip(PERIODS, counts, strict=False):
                    rnd = rounds.ensure_round(cur, team.id, instrument, day, today=TODAY)
                    subs = []
                    for _ in range(n):
                        subs.append(Submission(rnd.id, {"enps": value % 11}))
                        value += 3
                    write_submissions(cur, subs)
                    closed.append(rnd.id)
        closing.freeze_statistics(cur, closed)


organisations = st.dictionaries(
    keys=st.sampled_from(["Tribe A", "Tribe B", "Tribe C", None]),
    values=st.dictionaries(
        keys=st.text("abcdefgh", min_size=1, max_size=3),
        values=st.lists(st.integers(0, 9), min_size=1, max_size=len(PERIODS)),
        min_size=1,
        max_size=5,
    ),
    min_size=1,
    max_size=4,
)


def unique_team_names(org):
    seen, out = set(), {}
    for tribe, members in org.items():
        out[tribe] = {}
        for name, counts in members.items():
            label = f"{tribe or 'none'}-{name}"
            if label not in seen:
                seen.add(label)
                out[tribe][label] = counts
    return out


HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(org=organisations, k=st.integers(3, 6))
def test_no_output_shows_a_figure_for_fewer_than_k(org, k):
    db = Database(":memory:")  # closed by garbage collection; one per example
    set_min_group_size(db, k)
    build(db, unique_team_names(org))
    everything = (
        results.team_results(db, scope=ALL_TEAMS)
        + results.group_results(db, "tribe")
        + results.group_results(db, "organisation")
    )
    for fig in everything:
        if fig.mean is not None:
            assert fig.n >= k, fig
            assert fig.ci_low is not None and fig.ci_low <= fig.mean <= fig.ci_high
        else:
            assert fig.ci_low is None and fig.ci_high is None and fig.note


@HYPOTHESIS
@given(org=organisations, k=st.integers(3, 6))
def test_parent_minus_shown_children_never_leaves_anything(org, k):
    """A tribe or the organisation is exactly the pool of the team figures shown alone for that period,
    so subtracting shown figures (parents, children, pooled blocks) can never isolate a suppressed team."""
    db = Database(":memory:")
    set_min_group_size(db, k)
    org = unique_team_names(org)
    build(db, org)
    team_figs = [
        f for f in results.team_results(db, scope=ALL_TEAMS) if f.dimension == "score" and f.rounds == 1 and f.shown
    ]
    tribe_figs = [f for f in results.group_results(db, "tribe") if f.dimension == "score" and f.shown]
    org_figs = [f for f in results.group_results(db, "organisation") if f.dimension == "score" and f.shown]
    tribe_of = {team: tribe for tribe, members in org.items() for team in members}

    def pooled(figures):
        n = sum(f.n for f in figures)
        return n, sum(f.mean * f.n for f in figures) / n

    for parent in tribe_figs:
        children = [f for f in team_figs if f.period == parent.period and tribe_of[f.team] == parent.team]
        assert (parent.n, parent.mean) == pytest.approx(pooled(children))
    for parent in org_figs:
        children = [f for f in team_figs if f.period == parent.period]
        assert (parent.n, parent.mean) == pytest.approx(pooled(children))


def test_a_round_inside_a_pooled_block_is_left_out_of_its_tribe(db):
    """Team B: round 1 has 3 answers, round 2 has 6, so they are shown pooled. If the tribe counted
    round 2 on its own, the block minus round 2 would reveal round 1's three answers."""
    set_min_group_size(db, 5)
    build(db, {"Tribe": {"A": [6, 6], "B": [3, 6]}})
    b = [f for f in results.team_results(db, team="B", scope=ALL_TEAMS) if f.dimension == "score"]
    assert len(b) == 1 and b[0].rounds == 2 and b[0].n == 9
    tribe = [f for f in results.group_results(db, "tribe") if f.dimension == "score"]
    assert [f.n for f in tribe] == [6, 6]
    assert all("leaves out 1 team" in f.note for f in tribe)


@HYPOTHESIS
@given(counts=st.lists(st.integers(0, 9), min_size=1, max_size=len(PERIODS)), k=st.integers(3, 6))
def test_small_teams_are_pooled_in_blocks_that_never_overlap(counts, k):
    db = Database(":memory:")  # closed by garbage collection; one per example
    set_min_group_size(db, k)
    build(db, {None: {"Solo": counts}})
    blocks = [f for f in results.team_results(db, scope=ALL_TEAMS) if f.dimension == "score"]
    spans = sorted((date.fromisoformat(f.period), date.fromisoformat(f.period_end)) for f in blocks)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end < start
    assert sum(f.n for f in blocks) == sum(counts)
    for fig in blocks:
        assert fig.shown == (fig.n >= k and not fig.note.startswith("suppressed")), fig


def test_blocks_do_not_change_when_later_rounds_close():
    assert results.assign_blocks([2, 2, 1, 6, 3], 5) == ([0, 0, 0, 1, 2], [True, True, True, True, False])
    assert results.assign_blocks([2, 2, 1, 6, 3, 4], 5)[0][:5] == [0, 0, 0, 1, 2]


def test_an_open_round_shows_its_count_but_no_figure(db):
    teams.add_team(db, "Orion")
    rnd = rounds.open_round(db, "Orion", "enps")
    for value in range(8):
        submit_response(db, {"enps": value}, round_id=rnd.id)
    rows = results.team_results(db, scope=ALL_TEAMS)
    assert {f.n for f in rows} == {8}
    assert all(f.mean is None and "open" in f.note for f in rows)
    closing.close_round(db, rnd.id)
    score = [f for f in results.team_results(db, scope=ALL_TEAMS) if f.dimension == "score"][0]
    assert score.shown and score.n == 8


def test_scores_follow_the_instrument_rules(db):
    build(db, {None: {"Orion": [10]}}, instrument="enps")
    score = next(f for f in results.team_results(db, scope=ALL_TEAMS) if f.dimension == "score")
    # Values cycle 0,3,6,9,1,4,7,10,2,5: promoters 9,10 (2), detractors <= 6 (7): eNPS = (2 - 7) / 10.
    assert score.mean == pytest.approx(-50.0)
    assert -100 <= score.ci_low < score.mean < score.ci_high <= 100


def test_reverse_items_are_keyed_so_higher_is_safer(db):
    teams.add_team(db, "Orion")
    rnd = rounds.open_round(db, "Orion", "psych-safety")
    for _ in range(5):
        submit_response(db, {"ps1": 1, "ps2": 7, "ps3": 1, "ps4": 7, "ps5": 1, "ps6": 7, "ps7": 7}, round_id=rnd.id)
    closing.close_round(db, rnd.id)
    figures = {f.dimension: f.mean for f in results.team_results(db, scope=ALL_TEAMS)}
    assert figures["ps1"] == figures["score"] == 7.0


def test_k_is_configurable_but_never_below_three(db):
    with pytest.raises(ConfigError, match="at least 3"):
        set_min_group_size(db, 2)
    set_min_group_size(db, 8)
    assert min_group_size(db.cursor()) == 8
    build(db, {None: {"Orion": [7]}})
    assert not any(f.shown for f in results.team_results(db, scope=ALL_TEAMS))


def test_comments_only_for_showable_blocks_and_scrubbed(db):
    teams.add_team(db, "Orion")
    teams.add_team(db, "Vega")
    for team, n in (("Orion", 5), ("Vega", 4)):
        rnd = rounds.open_round(db, team, "enps")
        for i in range(n):
            submit_response(db, {"enps": 8}, round_id=rnd.id, comment=f"mail me at jo{i}@example.com or @jo{i}")
        closing.close_round(db, rnd.id)
    blocks = results.comments(db, "Orion", scope=ALL_TEAMS)
    assert len(blocks) == 1 and len(blocks[0].comments) == 5
    assert all("example.com" not in c and "@jo" not in c for c in blocks[0].comments)
    assert results.comments(db, "Vega", scope=ALL_TEAMS) == []


def test_scope_limits_a_coach_to_assigned_teams(demo_db):
    figures = results.team_results(demo_db, scope=["Atlas"])
    assert figures and {f.team for f in figures} == {"Atlas"}
    assert results.team_results(demo_db, team="Beacon", scope=["Atlas"]) == []
