from datetime import date

from pulse import closing, results
from pulse.ops.retention import purge
from pulse.results import ALL_TEAMS
from tests.conftest import DEMO_TODAY


def shown(figures):
    return {(f.team, f.instrument, f.dimension, f.period): (f.n, round(f.mean, 9)) for f in figures if f.shown}


def test_purge_deletes_old_raw_rows_and_keeps_every_shown_figure(demo_db):
    before_team = shown(results.team_results(demo_db, scope=ALL_TEAMS))
    before_tribe = shown(results.group_results(demo_db, "tribe"))
    report = purge(demo_db, 120, today=DEMO_TODAY)
    assert report.rounds > 0 and report.responses > 0 and report.answers > report.responses
    cur = demo_db.cursor()
    old_raw = cur.execute(
        "SELECT count(*) FROM answers a JOIN rounds r ON r.id = a.round_id WHERE r.period_end < ?", [report.cutoff]
    ).fetchone()[0]
    assert old_raw == 0
    assert cur.execute("SELECT count(*) FROM comments c JOIN rounds r ON r.id = c.round_id WHERE r.period_end < ?",
                       [report.cutoff]).fetchone()[0] == 0  # fmt: skip
    assert shown(results.team_results(demo_db, scope=ALL_TEAMS)) == before_team
    assert shown(results.group_results(demo_db, "tribe")) == before_tribe
    # Purging again finds nothing new.
    assert purge(demo_db, 120, today=DEMO_TODAY).rounds == 0


def test_purge_drops_statistics_of_rounds_that_never_reached_k(db):
    from pulse import rounds, teams
    from pulse.responses import submit_response

    teams.add_team(db, "Tiny")
    rnd = rounds.open_round(db, "Tiny", "enps", on=date.today())
    for value in (3, 9):
        submit_response(db, {"enps": value}, round_id=rnd.id)
    closing.close_round(db, rnd.id)
    report = purge(db, 0, today=date.today().replace(year=date.today().year + 1))
    assert report.stats_dropped == 1
    assert db.cursor().execute("SELECT count(*) FROM round_stats").fetchone() == (0,)
