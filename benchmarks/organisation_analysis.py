"""Analysis on the large organisation (issue 6): alerts, archetypes and themes read through the query layer.

    .venv/bin/python -m benchmarks.organisation_analysis [--db FILE] [--comments 50000]

On the organisation's file (the generated 2,000-team one unless ``--db``), each in its own process so
its peak memory is its own: drop alerts for every team (``analysis.alerts.team_alerts``, and the same
from one column-wise ``team_frame``, which must find the same alerts), archetypes of every team, and
comment themes (lexical) on up to ``--comments`` comments read team by team through
``pulse.results.comments``.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks import harness
from benchmarks.queries import ADMIN_SCOPE, TREND_INSTRUMENT, sample_teams


def alerts(db_path: str) -> dict:
    from analysis.alerts import DropDetector, team_alerts
    from pulse import results
    from pulse.instruments import list_instruments

    db = harness.open_database(Path(db_path))
    found, s = harness.timed(team_alerts, db, scope=ADMIN_SCOPE)
    rss_after_figures = harness.rss_mb()
    frame, frame_s = harness.timed(results.team_frame, db, scope=ADMIN_SCOPE)
    detector, fit_s = harness.timed(DropDetector().fit, frame, list_instruments(db.cursor()))
    db.close()
    same = sorted(repr(a.as_row().values()) for a in found) == sorted(
        repr(a.as_row().values()) for a in detector.alerts_
    )
    return {
        "team_alerts_s": round(s, 2),
        "alerts": len(found),
        "teams_alerted": len({a.team for a in found}),
        "rss_after_team_alerts_mb": round(rss_after_figures),
        "columnwise_team_frame_s": round(frame_s, 2),
        "columnwise_fit_s": round(fit_s, 2),
        "columnwise_same_alerts": same,
    }


def archetypes(db_path: str) -> dict:
    from analysis.archetypes import team_archetypes

    db = harness.open_database(Path(db_path))
    found, s = harness.timed(team_archetypes, db, scope=ADMIN_SCOPE)
    db.close()
    return {
        "team_archetypes_s": round(s, 2),
        "teams": len(found.teams),
        "archetypes": len(found.archetypes),
        "left_out": len(found.left_out),
        "note": found.note,
    }


def themes(db_path: str, comments: int) -> dict:
    from analysis import themes
    from pulse import results, settings

    db = harness.open_database(Path(db_path))
    k = settings.min_group_size(db.cursor())
    texts, teams_read = [], 0
    started = time.perf_counter()
    for team in sample_teams(db, 10**6, seed=7):
        for block in results.comments(db, team, TREND_INSTRUMENT, scope=ADMIN_SCOPE):
            texts.extend(c for c in block.comments if c.strip())
        teams_read += 1
        if len(texts) >= comments:
            break
    read_s = time.perf_counter() - started
    texts = texts[:comments]
    db.close()
    (_, summary), fit_s = harness.timed(themes.themes_of, texts, k=k, model=themes.ThemeModel(backend="lexical"))
    return {
        "comments": len(texts),
        "teams_read": teams_read,
        "read_through_results_comments_s": round(read_s, 1),
        "read_ms_per_team": round(1000 * read_s / max(teams_read, 1), 1),
        "lexical_fit_s": round(fit_s, 1),
        "themes": len(summary),
    }


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    al, ar, th = f["alerts"], f["archetypes"], f["themes"]
    return [
        ("alerts for all teams: `team_alerts`", f"{al['team_alerts_s']} s, {al['alerts']:,} alerts, peak"
         f" {al['peak_mb']:,} MB; from one `team_frame`: {al['columnwise_team_frame_s']} + {al['columnwise_fit_s']} s,"
         f" same alerts: {al['columnwise_same_alerts']}", "", None),
        ("archetypes: `team_archetypes`", f"{ar['team_archetypes_s']} s, {ar['archetypes']} archetypes of"
         f" {ar['teams']:,} teams, peak {ar['peak_mb']:,} MB", "", None),
        (f"themes on {th['comments']:,} comments read through `results.comments`", f"read"
         f" {th['read_through_results_comments_s']} s ({th['teams_read']:,} teams, {th['read_ms_per_team']} ms each),"
         f" fit {th['lexical_fit_s']} s (lexical)", "", None),
    ]  # fmt: skip


def measure(args) -> dict:
    source = str(args.db or harness.organisation(20 if args.quick else args.teams, periods=6 if args.quick else 52))
    return {
        "database": source,
        "alerts": harness.isolated(alerts, source),
        "archetypes": harness.isolated(archetypes, source),
        "themes": harness.isolated(themes, source, 200 if args.quick else args.comments),
    }


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--comments": dict(type=int, default=50_000),
}


if __name__ == "__main__":
    harness.main("organisation_analysis", measure, __doc__, OPTIONS)
