"""Every export layout of tests/fixtures/exports imports right through `teampulse import`.

Each fixture is a file in the layout its tool writes (README.md there names the sources) and its
manifest entry says what must be stored. The test imports the file with the command line, then reads
back every stored response and compares it answer by answer with the intended one, and searches the
database (its values and the bytes of its files) for every identity value and time of day in the file.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from pulse.rounds import period_of
from pulse.store import Database
from teampulse.cli import main

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "exports"
MANIFEST = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))


def run_import(db_path: Path, fixture: dict, *args: str):
    command = ["import", str(FOLDER / fixture["file"]), "--instrument", fixture["instrument"], "--db", str(db_path)]
    return CliRunner().invoke(main, [*command, *args], catch_exceptions=False)


def stored(db: Database) -> tuple[Counter, Counter]:
    """Every stored response as (team, period start, sorted answers), and every comment as (team, start, body)."""
    cur = db.cursor()
    rows = cur.execute(
        "SELECT a.response_id, t.name, r.period_start, a.question, a.value FROM answers a"
        " JOIN rounds r ON r.id = a.round_id JOIN teams t ON t.id = r.team_id"
    ).fetchall()
    by_response: dict = {}
    for response_id, team, start, question, value in rows:
        by_response.setdefault((response_id, team, start), {})[question] = value
    responses = Counter(
        (team, start, tuple(sorted(answers.items()))) for (_, team, start), answers in by_response.items()
    )
    comments = Counter(
        cur.execute(
            "SELECT t.name, r.period_start, c.body FROM comments c JOIN rounds r ON r.id = c.round_id"
            " JOIN teams t ON t.id = r.team_id"
        ).fetchall()
    )
    return responses, comments


def intended(db: Database, fixture: dict) -> tuple[Counter, Counter]:
    cur = db.cursor()
    responses, comments = Counter(), Counter()
    for r in fixture["responses"]:
        start = period_of(cur, date.fromisoformat(r["day"]))[0]
        responses[(r["team"], start, tuple(sorted(r["answers"].items())))] += 1
        if r["comment"]:
            comments[(r["team"], start, r["comment"])] += 1
    return responses, comments


def every_value(db: Database) -> str:
    cur = db.cursor()
    tables = [t for (t,) in cur.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()]
    return "\n".join(str(v) for t in tables for row in cur.execute(f'SELECT * FROM "{t}"').fetchall() for v in row)


def file_bytes(db_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


@pytest.mark.parametrize("fixture", MANIFEST, ids=[f["file"] for f in MANIFEST])
def test_each_export_layout_is_stored_value_by_value(tmp_path, fixture):
    db_path = tmp_path / "teampulse.duckdb"
    if fixture["refused_without"]:
        # Without the options it needs, the import stops with a message naming them, and writes nothing.
        team = fixture["args"][:2] if fixture["args"][:1] == ["--team"] else []
        refused = run_import(db_path, fixture, *team)
        assert refused.exit_code == 1, refused.output
        message = refused.stderr.strip()
        assert "\n" not in message
        for word in fixture["refused_without"]:
            assert word in message, f"{word!r} not in {message!r}"
        with Database(db_path) as db:
            assert db.cursor().execute("SELECT count(*) FROM responses").fetchone()[0] == 0

    result = run_import(db_path, fixture, *fixture["args"])

    assert result.exit_code == 0, result.output
    assert f"imported {len(fixture['responses'])} responses" in result.stdout
    with Database(db_path) as db:
        assert stored(db) == intended(db, fixture)
        values = every_value(db)
    raw = file_bytes(db_path)
    for secret in fixture["secrets"]:
        assert secret not in values, f"{secret!r} is stored"
        assert secret.encode() not in raw, f"{secret!r} is in the database file"


def test_every_column_is_accounted_for_in_what_the_import_prints(tmp_path):
    fixture = next(f for f in MANIFEST if f["file"] == "msforms_native.xlsx")
    result = run_import(tmp_path / "t.duckdb", fixture, *fixture["args"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("  column ")]
    assert len(lines) == 14
    for header in ("'ID'", "'Email'", "'Name'"):
        assert any(header in line and "dropped as identity" in line for line in lines), header
    assert any("'Completion time'" in line and "date" in line for line in lines)
    assert any("'Last modified time'" in line and "form metadata" in line for line in lines)
    assert sum("question ps" in line and "confidence" in line for line in lines) == 7
    assert "dates from 2026-10-19 to 2026-10-24" in result.stdout
    assert "round Falcon (new team) 2026-10-19 to 2026-11-01: 6 response(s)" in result.stdout


def test_the_uk_sheet_once_stored_in_spring_is_refused_then_stored_in_november(tmp_path):
    # Every day is 12 or less: read month first it lands in March to June without a word (issue 12).
    fixture = next(f for f in MANIFEST if f["file"] == "google_sheets_uk_ambiguous.csv")
    db_path = tmp_path / "t.duckdb"
    refused = run_import(db_path, fixture, "--team", "Nova")
    assert refused.exit_code == 1
    assert "--date-order dmy" in refused.stderr and "row 1" in refused.stderr and "Timestamp" in refused.stderr
    month_first = run_import(db_path, fixture, "--team", "Nova", "--date-order", "mdy")
    assert month_first.exit_code == 0  # the user's word is taken: March to June
    assert "dates from 2026-03-11 to 2026-10-11" in month_first.stdout


def test_a_saved_mapping_is_reused_for_the_next_export(tmp_path):
    fixture = next(f for f in MANIFEST if f["file"] == "google_forms_german.csv")
    db_path = tmp_path / "t.duckdb"
    first = run_import(db_path, fixture, *fixture["args"], "--save-mapping")
    assert first.exit_code == 0, first.output
    assert "saved the mapping" in first.stdout
    later = (FOLDER / fixture["file"]).read_bytes()
    for old, new in ((b"03.11.", b"17.11."), (b"04.11.", b"18.11."), (b"06.11.", b"19.11."), (b"10.11.", b"20.11.")):
        later = later.replace(old, new)
    path = tmp_path / "next_fortnight.csv"
    path.write_bytes(later)
    result = CliRunner().invoke(
        main, ["import", str(path), "--instrument", "psych-safety", "--team", "Kranich", "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("[saved mapping, confidence 1.00]") == 9  # seven questions, comment, date
    with Database(db_path) as db:
        responses, _ = stored(db)
    assert sum(responses.values()) == 8


def test_a_dry_run_prints_the_plan_and_writes_nothing(tmp_path):
    fixture = next(f for f in MANIFEST if f["file"] == "google_forms_gmt_offsets.csv")
    db_path = tmp_path / "t.duckdb"
    result = run_import(db_path, fixture, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: 6 responses would be imported into 2 new round(s)" in result.stdout
    with Database(db_path) as db:
        assert db.cursor().execute("SELECT count(*) FROM teams").fetchone()[0] == 0
