"""The admin's Import page: upload an export, see what each column is taken as, settle what is unsure
with the selects, and write with the last button. Nothing is stored before that button.

AppTest drives the real page (``at.file_uploader(...).set_value`` hands it the file's bytes as a
browser upload would); the stored answers are read back and compared value by value with the fixture's
manifest, as the command line's fixture tests do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.dashboard_testing import app_db_fixture, no_trouble, run_app, shown, texts  # noqa: F401  (app_db)
from tests.pulse.importers.test_fixtures import intended, stored

PAGE = "app_pages/admin_import.py"
FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
MANIFEST = {f["file"]: f for f in json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))}
TABLES = ("teams", "rounds", "responses", "answers", "comments", "import_mappings")


def counts(db) -> dict[str, int]:
    cur = db.cursor()
    return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def of_teams(found, teams: set[str]):
    """Only the stored rows of the given teams (the demo holds others)."""
    return type(found)({k: v for k, v in found.items() if k[0] in teams})


def upload(db, name: str, instrument: str):
    at = run_app(db, "demo-admin", PAGE)
    no_trouble(at)
    at.file_uploader(key="import_file_0").set_value((name, (FOLDER / name).read_bytes(), "text/csv")).run()
    at.selectbox(key="import_instrument").set_value(instrument).run()
    return at


def select_of(at, header_start: str):
    (found,) = [s for s in at.selectbox if str(s.key).startswith("import_map_") and header_start in s.label]
    return found


def test_an_unsure_column_is_settled_with_its_select_then_written_value_by_value(app_db):
    fixture = MANIFEST["google_forms_own_wording.csv"]
    before = counts(app_db)
    at = upload(app_db, fixture["file"], "psych-safety")
    assert not at.exception
    # The reversed item is never guessed: its select is empty, the CLI's message names both readings.
    unsure = select_of(at, "It's easy to ask each other for help")
    assert unsure.value is None
    message = " ".join(shown(e.value) for e in at.error)
    assert "column 6" in message and "=-ps5" in message and "=ps5" in message
    assert not [b for b in at.button if b.key == "import_write"]
    assert at.dataframe[0].value["taken as"].tolist()[5] == "unsure: perhaps question ps5 (values reversed)"
    columns = at.dataframe[0].value
    assert columns["header"].tolist()[-1] == "Which team are you in?"
    assert columns["taken as"].tolist()[0].startswith("date") and columns["taken as"].tolist()[-1] == "team"

    unsure.set_value("-ps5").run()
    no_trouble(at)
    assert not at.warning
    assert select_of(at, "It's easy to ask each other for help").value == "-ps5"
    preview = at.dataframe[1].value
    assert preview["ps5"].tolist() == [r["answers"]["ps5"] for r in fixture["responses"]]
    rounds = at.dataframe[2].value
    assert rounds["team"].tolist() == ["Pulsar (new team)"] and rounds["responses"].tolist() == [3]
    assert counts(app_db) == before  # uploading, planning and fixing the mapping stored nothing

    at.checkbox(key="import_save_mapping").check().run()
    at.button(key="import_write").click().run()
    no_trouble(at)
    assert "imported 3 responses into 1 new round(s)" in texts(at)
    assert "created teams: Pulsar" in texts(at)
    responses, comments = stored(app_db)
    assert (of_teams(responses, {"Pulsar"}), of_teams(comments, {"Pulsar"})) == intended(app_db, fixture)
    after = counts(app_db)
    assert after["rounds"] == before["rounds"] + 1 and after["responses"] == before["responses"] + 3
    assert after["import_mappings"] > before["import_mappings"]  # saved with the instrument for next time


def test_a_saved_mapping_settles_the_same_file_next_time(app_db):
    fixture = MANIFEST["google_forms_own_wording.csv"]
    at = upload(app_db, fixture["file"], "psych-safety")
    select_of(at, "It's easy to ask each other for help").set_value("-ps5").run()
    at.checkbox(key="import_save_mapping").check().run()
    at.button(key="import_write").click().run()
    no_trouble(at)
    # The same file again, in a fresh upload: the saved mapping settles the column, and the period now
    # has a closed round, so the rows are refused with the CLI's message naming the row.
    data = (FOLDER / fixture["file"]).read_bytes()
    at.file_uploader(key="import_file_1").set_value((fixture["file"], data, "text/csv")).run()
    assert select_of(at, "It's easy to ask each other for help").value == "-ps5"
    (error,) = at.error
    assert "row 1" in shown(error.value) and "already closed" in shown(error.value)


def test_an_ambiguous_date_order_is_asked_never_guessed(app_db):
    fixture = MANIFEST["google_sheets_uk_ambiguous.csv"]
    before = counts(app_db)
    at = upload(app_db, fixture["file"], "enps")
    at.text_input(key="import_new_team").input("Nova").run()
    order = at.selectbox(key="import_date_order")
    assert order.value is None
    assert "--date-order dmy" in shown(at.error[0].value) and "row 1" in shown(at.error[0].value)
    order.set_value("dmy").run()
    no_trouble(at)
    assert "dates from 2026-11-03 to 2026-11-10; day/month read as day/month/year (given)" in texts(at)
    assert counts(app_db) == before
    at.button(key="import_write").click().run()
    no_trouble(at)
    responses, comments = stored(app_db)
    assert (of_teams(responses, {"Nova"}), of_teams(comments, {"Nova"})) == intended(app_db, fixture)


def test_identity_columns_show_as_dropped_and_no_identity_value_reaches_the_page(app_db):
    fixture = MANIFEST["google_forms_gmt_offsets.csv"]
    at = upload(app_db, fixture["file"], "psych-safety")
    no_trouble(at)
    columns = at.dataframe[0].value.set_index("header")
    assert columns.loc["Email Address", "taken as"] == "dropped as identity (never read)"
    assert columns.loc["Name (optional)", "taken as"] == "dropped as identity (never read)"
    assert columns.loc["Score", "taken as"] == "ignored as form metadata"
    assert select_of(at, "Email Address").disabled
    page = texts(at) + "\n".join(d.value.to_csv() for d in at.dataframe)
    for secret in fixture["secrets"]:
        assert secret not in page, f"{secret!r} is shown"


@pytest.mark.parametrize("role", ["demo-coach", "demo-facilitator"])
def test_only_admins_import(app_db, role):
    at = run_app(app_db, role, PAGE)
    assert not at.file_uploader


def test_a_microsoft_forms_workbook_is_written_into_a_new_team_given_on_the_page(app_db):
    fixture = MANIFEST["msforms_native.xlsx"]
    at = upload(app_db, fixture["file"], "psych-safety")
    at.text_input(key="import_new_team").input("Falcon").run()
    no_trouble(at)
    assert "Read msforms_native.xlsx as xlsx." in texts(at)
    at.button(key="import_write").click().run()
    no_trouble(at)
    assert f"imported {len(fixture['responses'])} responses into 1 new round(s)" in texts(at)
    responses, comments = stored(app_db)
    assert (of_teams(responses, {"Falcon"}), of_teams(comments, {"Falcon"})) == intended(app_db, fixture)


def test_a_second_file_in_the_same_session_starts_from_its_own_columns(app_db):
    at = upload(app_db, "google_forms_own_wording.csv", "psych-safety")
    select_of(at, "It's easy to ask each other for help").set_value("-ps5").run()
    # Another file whose second column is an email: nothing said about the first file carries over.
    data = (FOLDER / "google_forms_gmt_offsets.csv").read_bytes()
    at.file_uploader(key="import_file_0").set_value(("google_forms_gmt_offsets.csv", data, "text/csv")).run()
    no_trouble(at)
    assert select_of(at, "Email Address").value == "dropped as identity (never read)"
    assert at.dataframe[2].value["responses"].tolist() == [3, 3]
