import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from pulse import settings
from pulse.errors import WriteConflict
from pulse.results import COLUMNS
from teampulse.cli import main


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [*args], catch_exceptions=False)

    return invoke


def test_init_then_demo_refuses_to_overwrite_without_force(run, tmp_path):
    path = str(tmp_path / "t.duckdb")
    assert run("init", "--db", path).exit_code == 0
    refused = run("demo", "--db", path)
    assert refused.exit_code == 1
    assert refused.output.strip().count("\n") == 0 and "already exists" in refused.output
    made = run("demo", "--db", path, "--force", "--seed", "3")
    assert made.exit_code == 0 and "12 teams" in made.output


def test_trends_formats_have_the_documented_columns(run, demo_file):
    as_csv = run("--db", str(demo_file), "trends", "--team", "Atlas", "--instrument", "psych-safety", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert list(rows[0]) == COLUMNS
    assert {r["team"] for r in rows} == {"Atlas"}
    assert {r["dimension"] for r in rows} == {"ps1", "ps2", "ps3", "ps4", "ps5", "ps6", "ps7", "score"}
    as_json = json.loads(run("trends", "--db", str(demo_file), "--team", "Comet", "--format", "json").output)
    suppressed = [r for r in as_json if r["mean"] is None]
    assert suppressed and all(r["note"] and r["ci_low"] is None and r["n"] is not None for r in suppressed)
    table = run("trends", "--db", str(demo_file), "--level", "tribe", "--instrument", "enps")
    assert table.exit_code == 0 and table.output.startswith("team")


def test_unknown_team_or_instrument_is_one_line_on_stderr(run, demo_file):
    result = run("trends", "--db", str(demo_file), "--team", "Nobody")
    assert result.exit_code == 1 and result.output.strip() == "teampulse: error: unknown team 'Nobody'"
    result = run("trends", "--db", str(demo_file), "--instrument", "mood")
    assert result.exit_code == 1 and "unknown instrument 'mood'" in result.output


def test_export_writes_suppressed_aggregates_and_raw_only_on_request(run, demo_db, tmp_path):
    demo_db.close()
    out = tmp_path / "out"
    result = run("export", "--db", demo_db.path, "--out", str(out))
    assert result.exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["organisation_results.csv", "participation.csv", "team_results.csv", "tribe_results.csv"]
    teams = pd.read_csv(out / "team_results.csv")
    assert (teams.loc[teams["mean"].notna(), "n"] >= 5).all()
    assert teams.loc[teams["mean"].isna(), "note"].notna().all()
    run("export", "--db", demo_db.path, "--out", str(tmp_path / "raw"), "--format", "parquet", "--raw")
    raw = pd.read_parquet(tmp_path / "raw" / "raw_answers.parquet")
    assert set(raw.columns) == {"team", "instrument", "period", "response_id", "question", "value"}
    comments = pd.read_parquet(tmp_path / "raw" / "raw_comments.parquet")
    assert "response_id" not in comments.columns


def test_threshold_cannot_go_below_three(run, tmp_path):
    path = str(tmp_path / "t.duckdb")
    assert "k = 5" in run("threshold", "--db", path).output
    low = run("threshold", "2", "--db", path)
    assert low.exit_code == 1 and "at least 3" in low.output
    assert "k = 7" in run("threshold", "7", "--db", path).output


def test_team_round_codes_and_custom_instrument(run, tmp_path):
    path = str(tmp_path / "t.duckdb")
    assert run("team", "add", "Orion", "--tribe", "Stars", "--size", "6", "--db", path).exit_code == 0
    assert "Stars" in run("team", "list", "--db", path).output
    opened = run("round", "open", "Orion", "psych-safety", "--codes", "3", "--db", path)
    assert opened.exit_code == 0 and len(opened.output.strip().splitlines()) == 4
    added = run("instrument", "add", "pulse/instruments/example.toml", "--db", path)
    assert added.exit_code == 0 and "onboarding" in added.output
    again = run("instrument", "add", "pulse/instruments/example.toml", "--db", path)
    assert again.exit_code == 1 and "already exists" in again.output
    listed = run("round", "list", "--db", path, "--format", "json")
    assert json.loads(listed.output)[0]["status"] == "open"


def test_purge_reports_what_it_removed(run, demo_db):
    demo_db.close()
    result = run("purge", "--older-than", "120", "--db", demo_db.path)
    assert result.exit_code == 0 and "purged" in result.output and "responses" in result.output


def test_a_file_that_is_not_a_database_is_one_line_without_traceback(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("not a database, only some words padded out to look like a file\n" * 20)
    result = subprocess.run(
        [sys.executable, "-m", "teampulse.cli", "threshold", "--db", str(path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("teampulse: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and str(path) in result.stderr


def test_a_write_conflict_is_one_line_with_exit_status_1(run, tmp_path, monkeypatch):
    def collide(*args, **kwargs):
        raise WriteConflict("the database stayed busy with other writers; try again")

    monkeypatch.setattr(settings, "set_min_group_size", collide)
    result = run("threshold", "6", "--db", str(tmp_path / "t.duckdb"))
    assert result.exit_code == 1
    assert result.output == "teampulse: error: the database stayed busy with other writers; try again\n"


def test_perspectives_are_written_with_codes_and_read_once_closed(tmp_path):
    path = str(tmp_path / "t.duckdb")
    runner = CliRunner()

    def run(*args, stdin=None):
        return runner.invoke(main, [*args, "--db", path], input=stdin, catch_exceptions=False)

    assert run("team", "add", "Orion", "--size", "6").exit_code == 0
    assert run("review", "new", "Orion", "Deploy stalled", "--date", "2026-05-04").exit_code == 0
    opened = run("review", "perspectives", "open", "1", "--codes", "5")
    assert opened.exit_code == 0, opened.output
    codes = opened.output.strip().splitlines()[1:]
    assert len(codes) == 5
    early = run("review", "perspectives", "show", "1")
    assert early.exit_code != 0 or "## " not in early.output
    for i, code in enumerate(codes):
        written = run("review", "perspectives", "write", "--code", code, stdin=f"The runbook step {i} was unclear.\n")
        assert written.exit_code == 0, written.output
    again = run("review", "perspectives", "write", "--code", codes[0], stdin="once more\n")
    assert again.exit_code == 1 and again.output.startswith("teampulse: error: ") and again.output.count("\n") == 1
    assert "5 perspective(s)" in run("review", "perspectives", "close", "1").output
    shown = run("review", "perspectives", "show", "1")
    assert shown.exit_code == 0 and shown.output.count("\n- The runbook step") == 5
