"""Every benchmark module runs at a tiny size and its figures render into docs/benchmarks.md's tables.

Measurements are not tests: nothing here checks a timing. It checks that `python -m benchmarks.NAME`
would not crash after the code it measures changed, and that the rendered page has a table for it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from benchmarks import (
    analysis,
    baseline,
    close,
    dashboard,
    foundation,
    harness,
    organisation_analysis,
    queries,
    render,
    server,
    submission,
    themes,
)
from pulse import demo
from pulse.demo import organisation
from pulse.store import Database

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def org_file(tmp_path_factory) -> Path:
    """A tiny scale organisation: 8 teams, 4 fortnights, the last still open."""
    path = tmp_path_factory.mktemp("bench") / "org-8.duckdb"
    organisation.build_file(path, organisation.Preset.scale(teams=8, periods=4, seed=3))
    return path


@pytest.fixture
def results(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "results"
    monkeypatch.setattr(harness, "RESULTS", folder)
    return folder


def args(tmp_path: Path, db: Path | None = None, **extra) -> argparse.Namespace:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return argparse.Namespace(db=db, teams=8, quick=True, label="", no_record=False, work=work, **extra)


def rendered_row(name: str, figures: dict, results: Path) -> str:
    harness.write_result(name, figures, label="smoke")
    return render.rendered(results)


def test_the_scale_preset_is_deterministic_and_has_an_open_fortnight(org_file, tmp_path):
    again = tmp_path / "again.duckdb"
    first = harness.manifest(org_file)
    second = organisation.build_file(again, organisation.Preset.scale(teams=8, periods=4, seed=3))
    assert first["responses_by_instrument"] == second["responses_by_instrument"]
    assert first["comments"] == second["comments"]
    with Database(org_file) as db:
        statuses = dict(db.cursor().execute("SELECT status, count(*) FROM rounds GROUP BY status").fetchall())
    assert statuses["open"] == 8 * 3 and statuses["closed"] == 8 * 3 * 3


def test_submission_and_close(org_file, tmp_path, results):
    measured = submission.measure(args(tmp_path, org_file, threads=4, submissions=40, seed=1, fresh=False))
    assert measured["count"] + measured["failures"] == 80  # --quick submits 80
    assert all(measured["checks"].values()), measured["checks"]
    closed = close.measure(args(tmp_path, org_file, repeats=1))
    assert closed["rounds_closed"] == 8 * 3
    page = rendered_row("submission", measured, results)
    assert "submit one response with a code" in page
    assert "close a fortnight" in rendered_row("close", closed, results)


def test_queries_then_the_pandas_baseline_agree(org_file, tmp_path, results):
    measured = baseline.measure(args(tmp_path, org_file, trend_teams=3, heatmap_repeats=1))
    # Whether they agree is a finding the page reports, not a pass/fail here: the baseline follows
    # DESIGN.md's rules as written when it was made, and the rules move (issue 11).
    assert measured["trend_check"]["rows"] > 0 and "identical" in measured["heatmap_check"]
    assert "pandas" in rendered_row("baseline", measured, results)


def test_queries_render(org_file, tmp_path, results):
    measured = queries.measure(args(tmp_path, org_file, trend_teams=3, heatmap_repeats=1))
    assert measured["heatmap"]["from_team_frame_same_cells"]
    assert "one team's trend" in rendered_row("queries", measured, results)


def test_analysis_on_the_organisation(org_file, tmp_path, results):
    measured = organisation_analysis.measure(args(tmp_path, org_file, comments=50))
    assert measured["alerts"]["columnwise_same_alerts"]
    assert "archetypes" in rendered_row("organisation_analysis", measured, results)


def test_import_benchmark(tmp_path, results):
    measured = foundation.measure(args(tmp_path, responses=2000))
    assert measured["rows_stored_correctly"]
    assert "teampulse import" in rendered_row("foundation", measured, results)


def test_analysis_and_themes(tmp_path, results):
    measured = analysis.measure(args(tmp_path, rounds=12))
    assert "alerts" in rendered_row("analysis", measured, results)
    fitted = themes.measure(args(tmp_path, comments=300, embedding_sample=0))
    assert "themes NMI" in rendered_row("themes", fitted, results)


def test_one_dashboard_page(tmp_path, results, monkeypatch):
    path = tmp_path / "demo.duckdb"
    with Database(path) as db:
        demo.build_demo(db)
    monkeypatch.setenv("TEAMPULSE_DB", str(path))
    timed = dashboard.time_page(str(path), "take_pulse", None)
    assert timed["problems"] == []
    figures = {"demo": {"teams": 12, "pages": [timed]}}
    assert "take_pulse" in rendered_row("dashboard", figures, results)


def test_server_rows_render_without_a_browser(results):
    figures = {
        "pages": {"Organisation": {"load_s": 1.0}, "Team trends": {"error": "TimeoutError"}},
        "idle_rss_mb": 50,
        "streamlit_peak_rss_mb": 400,
        "server_tree_peak_sampled_mb": 420,
    }
    assert server.rows(figures)[0][3] is True
    assert "peak RSS 400 MB" in rendered_row("server", figures, results)


def test_render_replaces_only_its_part_of_the_page(results):
    closed = {"teams": 1, "rounds_closed": 1, "responses_in_them": 1, "median_s": 0.1, "repeats": 1}
    harness.write_result("close", {**closed, "min_s": 0.1, "max_s": 0.1, "runs": [{"others_busy_cores": 0}]})
    page = "# Benchmarks\n\nIntro.\n\n## History\n\nold figures\n"
    once = render.page_with(page, render.rendered(results))
    twice = render.page_with(once, render.rendered(results))
    assert once == twice and "old figures" in once and "Intro." in once and "close a fortnight" in once
