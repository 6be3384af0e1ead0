from pulse import demo, results
from pulse.results import ALL_TEAMS
from pulse.store import Database
from tests.conftest import DEMO_TODAY


def scores(db, team):
    return [
        f
        for f in results.team_results(db, team=team, instrument="psych-safety", scope=ALL_TEAMS)
        if f.dimension == "score"
    ]


def test_same_seed_same_organisation(demo_db):
    other = Database(":memory:")
    demo.build_demo(other, seed=7, today=DEMO_TODAY)
    # Rounded: DuckDB sums in parallel, so the last bits of a float depend on the summation order.
    key = lambda f: (f.team, f.instrument, f.dimension, f.period, f.n, f.mean and round(f.mean, 9))  # noqa: E731
    assert [key(f) for f in results.team_results(other, scope=ALL_TEAMS)] == [
        key(f) for f in results.team_results(demo_db, scope=ALL_TEAMS)
    ]


def test_a_different_seed_gives_different_answers(demo_db):
    other = Database(":memory:")
    demo.build_demo(other, seed=8, today=DEMO_TODAY)
    assert [f.mean for f in scores(other, "Ember")] != [f.mean for f in scores(demo_db, "Ember")]


def test_the_stories_are_visible(demo_db):
    atlas = [f.mean for f in scores(demo_db, "Atlas") if f.shown]
    assert atlas[0] - atlas[-1] > 1.0  # safety falls after the reorganisation
    beacon = [f.mean for f in scores(demo_db, "Beacon") if f.shown]
    assert beacon[-1] - beacon[0] > 1.0  # and Beacon recovers
    comet = [f for f in scores(demo_db, "Comet") if f.shown]
    assert comet and all(f.rounds > 1 for f in comet)  # three of five answer: only pooled blocks show
    assert not [f for f in scores(demo_db, "Kestrel") if f.shown]  # four members, fewer than k: never alone


def test_demo_has_three_tribes_and_twelve_teams_with_comments(demo_db):
    cur = demo_db.cursor()
    assert cur.execute("SELECT count(*) FROM tribes").fetchone() == (3,)
    sizes = [r[0] for r in cur.execute("SELECT size FROM teams").fetchall()]
    assert len(sizes) == 12 and min(sizes) == 4 and max(sizes) == 11
    assert cur.execute("SELECT count(*) FROM comments").fetchone()[0] > 500
    assert {r[0] for r in cur.execute("SELECT DISTINCT instrument_key FROM rounds").fetchall()} == {
        "psych-safety", "health-check", "enps",
    }  # fmt: skip
