"""`teampulse alerts` and `teampulse themes` through the real command group."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from analysis.alerts import ALERT_COLUMNS
from teampulse.cli import main
from teampulse.cli.analysis import THEME_ROW_COLUMNS, THEME_SUMMARY_COLUMNS


@pytest.fixture
def demo_path(demo_file, tmp_path):
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, path)
    return str(path)


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result


def test_alerts_for_one_team_as_csv(demo_path):
    result = run("alerts", "--db", demo_path, "--team", "Atlas", "--instrument", "psych-safety", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ALERT_COLUMNS
    assert {r["team"] for r in rows} == {"Atlas"}
    assert any(r["dimension"] == "score" for r in rows)
    assert all(0 <= float(r["confidence"]) <= 1 for r in rows)


def test_alerts_json_and_group_db_option(demo_path):
    result = run("--db", demo_path, "alerts", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"Atlas"} <= {r["team"] for r in rows}
    assert not [r for r in rows if r["team"] == "Beacon" and r["instrument"] == "psych-safety"]


@pytest.mark.parametrize(
    ("option", "value", "message"), [("--team", "Nope", "unknown team"), ("--instrument", "x", "unknown instrument")]
)
def test_alerts_errors_are_one_line(demo_path, option, value, message):
    result = run("alerts", "--db", demo_path, option, value)
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1


def _csv(tmp_path, rows, name="notes.csv", encoding="utf-8"):
    path = tmp_path / name
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "Note"])
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding=encoding)
    return str(path)


NOTES = [
    "Standups drag on forever.",
    "My calendar is wall to wall calls.",
    "Too many meetings again, ping @alex or alex@example.com.",
    "Meetings ran long every day this sprint.",
    "The daily call took an hour.",
    "The CI pipeline is flaky.",
    "=cmd|' /C calc'!A0",
]


def test_themes_one_row_per_input_row_in_order(tmp_path):
    path = _csv(tmp_path, [[i, t] for i, t in enumerate(NOTES)])
    result = run("themes", path, "--text-column", "note", "--backend", "lexical", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == THEME_ROW_COLUMNS
    assert [r["row"] for r in rows] == [str(i) for i in range(1, len(NOTES) + 1)]
    assert [r["theme"] for r in rows[:5]] == ["meetings"] * 5
    assert rows[5]["theme"] == "tooling" and rows[5]["label"] == "Tools, builds and environments"
    assert not (tmp_path / "none.duckdb").exists()  # reading k never creates a database


def test_themes_summary_scrubs_and_respects_k(tmp_path):
    path = _csv(tmp_path, [[i, t] for i, t in enumerate(NOTES)])
    result = run("themes", path, "--text-column", "Note", "--summary", "--format", "json", "--backend", "lexical")
    assert result.exit_code == 0, result.output
    summary = {r["theme"]: r for r in json.loads(result.output)}
    assert list(next(iter(summary.values()))) == THEME_SUMMARY_COLUMNS
    meetings = summary["meetings"]
    assert meetings["size"] == 5 and meetings["lean"] == "negative"
    assert meetings["snippets"] and not any("@" in s for s in meetings["snippets"])
    assert summary["tooling"]["snippets"] == []  # one comment: fewer than k, no snippet


def test_themes_errors(tmp_path):
    path = _csv(tmp_path, [[1, "x"]])
    missing = run("themes", path, "--text-column", "comment")
    assert missing.exit_code == 1 and "no column 'comment'" in missing.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text\ncaf\xe9 meetings\n".encode("latin-1"))
    bad = run("themes", str(latin), "--text-column", "text")
    assert bad.exit_code == 1 and "not UTF-8" in bad.output
