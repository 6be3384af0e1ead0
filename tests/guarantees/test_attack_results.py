"""Issue 11, items 2, 4, 5 and 9: attacks on shown figures, replayed against the query door.

Each test builds the situation the attack needs and checks that no pair of shown figures (before
and after a change, or side by side) isolates fewer than k people.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pulse import closing, results, rounds, teams
from pulse.errors import ConfigError
from pulse.instruments import add_instrument, parse_toml
from pulse.ops.retention import purge
from pulse.responses import Submission, write_submissions
from pulse.settings import min_group_size, set_min_group_size

START = date(2025, 1, 6)


def add_round(db, team: str, period: int, answers: list[dict], instrument: str = "enps") -> None:
    """A past round of ``team`` with the given answers, written and closed (the import path)."""
    with db.transaction() as cur:
        team_id = teams.find_team(cur, team).id
        rnd = rounds.ensure_round(cur, team_id, instrument, START + timedelta(days=14 * period))
        write_submissions(cur, [Submission(rnd.id, a) for a in answers])
        closing.freeze_statistics(cur, [rnd.id])


def shown(db, team: str, dimension: str = "score") -> list[tuple[str, str, int, float]]:
    frame = results.team_frame(db, team, scope=[team])
    frame = frame[(frame["dimension"] == dimension) & frame["mean"].notna()]
    return [(r.period, r.period_end, int(r.n), round(float(r.mean), 9)) for r in frame.itertuples()]


def enps(values: list[int]) -> list[dict]:
    return [{"enps": v} for v in values]


def test_changing_k_never_redraws_blocks(db):
    teams.add_team(db, "Vega", size=12)
    for period, values in enumerate([[9, 9, 9], [0, 0, 0], [9, 0, 9], [10, 10, 1]]):
        add_round(db, "Vega", period, enps(values))
    before = shown(db, "Vega")
    assert [n for _, _, n, _ in before] == [6, 6]  # two pooled blocks of two rounds each, at k = 5
    # Lowering k would show the single rounds inside those blocks: refused once results exist.
    with pytest.raises(ConfigError, match="only be raised"):
        set_min_group_size(db, 3)
    assert min_group_size(db.cursor()) == 5
    # Raising k applies to rounds that close later; the blocks already formed stay as they are.
    set_min_group_size(db, 9)
    assert shown(db, "Vega") == before
    add_round(db, "Vega", 4, enps([5, 5, 5, 5, 5, 5]))
    assert shown(db, "Vega") == before  # 6 < 9: the new round waits, alone
    add_round(db, "Vega", 5, enps([7, 7, 7]))
    after = shown(db, "Vega")
    assert after[:2] == before and after[2][2] == 9  # a new block of the two new rounds, nothing redrawn


OPTIONAL = """
key = "retro"
name = "Retro pulse"
scoring = "mean"
[[questions]]
key = "clear"
text = "Our goals were clear."
scale = [1, 5]
[[questions]]
key = "heard"
text = "I felt heard."
scale = [1, 5]
[[questions]]
key = "extra"
text = "Anything else to rate?"
scale = [1, 5]
required = false
"""


@pytest.mark.parametrize("answered_extra", [1, 2, 5, 6])
def test_a_composite_never_reveals_an_optional_item(db, answered_extra):
    add_instrument(db, parse_toml(OPTIONAL))
    teams.add_team(db, "Lyra", size=10)
    people = [{"clear": 1 + i % 5, "heard": 1 + (i * 2) % 5} for i in range(6)]
    for i in range(answered_extra):
        people[i]["extra"] = 5 - i % 5
    add_round(db, "Lyra", 0, people, instrument="retro")
    frame = results.team_frame(db, "Lyra", "retro", scope=["Lyra"])
    on_screen = frame[frame["mean"].notna()].set_index("dimension")["n"].to_dict()
    k = 5
    # Any two shown figures of the block must cover the same people or differ by at least k.
    for a, n_a in on_screen.items():
        for b, n_b in on_screen.items():
            assert n_a == n_b or abs(n_a - n_b) >= k, (a, n_a, b, n_b)
    if answered_extra < k:
        assert "extra" not in on_screen and "score" not in on_screen  # the composite needs every item


def test_a_team_smaller_than_k_is_never_shown_even_pooled(db):
    teams.add_team(db, "Solo", tribe="Stars", size=1)
    teams.add_team(db, "Unknown", tribe="Stars")  # size not known: pooling could be one person's history
    for period in range(6):
        add_round(db, "Solo", period, enps([period]))
        add_round(db, "Unknown", period, enps([10 - period]))
    assert shown(db, "Solo") == [] and shown(db, "Unknown") == []
    notes = set(results.team_frame(db, "Solo", scope=["Solo"])["note"])
    assert any("fewer than 5 members" in note for note in notes)
    tribe = [f for f in results.group_results(db, "tribe") if f.mean is not None]
    assert tribe == []


def test_after_a_purge_no_statistics_of_a_single_person_remain(db):
    teams.add_team(db, "Rhea", size=8)
    add_round(db, "Rhea", 0, enps([3]))  # one person answered this round
    add_round(db, "Rhea", 1, enps([8, 8, 9, 10]))  # with it, a pooled block of five
    add_round(db, "Rhea", 2, enps([1, 2]))  # waiting: never shown
    before = shown(db, "Rhea")
    assert [n for _, _, n, _ in before] == [5]
    purge(db, 0, today=date(2026, 12, 1))
    assert shown(db, "Rhea") == before
    stats = db.cursor().execute("SELECT n FROM round_stats WHERE dimension = 'score'").fetchall()
    assert stats == [(5,)]  # the block's sums only: not the one-answer round's, not the waiting one's
