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


# --- the tour: something to try on every side -----------------------------------------------------


def test_the_tour_gives_working_codes_a_team_link_and_reviews_to_try(demo_db):
    from pulse import actions, reviews
    from pulse.demo.tour import build_tour, describe_tour
    from pulse.rounds import open_round
    from pulse.tokens import codes, team_links

    # The fixture's demo was built for a past day and closed; today's round is the one a visitor answers.
    rnd = open_round(demo_db, "Atlas", "psych-safety")
    tour = build_tour(demo_db, today=DEMO_TODAY)
    assert len(tour["codes"]) == 5 and len(set(tour["codes"])) == 5
    assert {codes.round_for_code(demo_db, c).id for c in tour["codes"]} == {rnd.id}
    assert team_links.team_for_token(demo_db, tour["team_token"]) == "Atlas"
    printed = describe_tour(tour, "http://localhost:8600")
    assert f"http://localhost:8600/team?results={tour['team_token']}" in printed
    assert all(f"?code={c}&results={tour['team_token']}" in printed for c in tour["codes"])

    published = reviews.list_reviews(demo_db, status="published")
    drafts = reviews.list_reviews(demo_db, status="draft")
    assert len(published) == 2 and len(drafts) == 1
    open_findings = [f for f in reviews.check_review(demo_db, drafts[0].id) if f.open]
    assert {f.kind for f in open_findings} >= {"blame", "counterfactual"}
    assert tour["draft_findings"] == len(open_findings)

    # The codes' round asks Atlas's follow-up; Atlas's page lists actions from results and from its review.
    (asked,) = actions.followups_for_round(demo_db, rnd.id)
    assert asked.team == "Atlas" and asked.owner == "engineering manager"
    sources = {a.review_id is None for a in actions.list_actions(demo_db, "Atlas")}
    assert sources == {True, False}
    assert all(a.owner for a in actions.list_actions(demo_db, "Beacon"))
