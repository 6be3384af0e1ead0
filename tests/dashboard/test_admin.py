"""Admin pages drive the domain: teams, rounds, code sheets, links, accounts, k, purge, exports, backup."""

import io
import zipfile

from pulse import accounts, settings
from pulse.rounds import list_rounds, open_round
from pulse.teams import find_team
from pulse.tokens import links
from pulse.tokens.codes import code_counts
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app, shown  # noqa: F401  (the app_db fixture)


def admin_page(db, page):
    at = run_app(db, "demo-admin", f"app_pages/{page}.py")
    no_trouble(at)
    return at


def test_add_a_team_to_a_tribe(app_db):
    at = admin_page(app_db, "admin_teams")
    at.text_input(key="team_name").input("Nova")
    at.selectbox(key="team_tribe").set_value("Growth")
    at.number_input(key="team_size").set_value(7)
    at.button(key="team_add").click().run()
    no_trouble(at)
    assert find_team(app_db.cursor(), "Nova").tribe == "Growth"
    assert "Added team Nova to Growth." in shown(at.success[0].value)


def test_rename_a_team_then_retire_it_and_no_round_opens_for_it(app_db):
    at = admin_page(app_db, "admin_teams")
    at.selectbox(key="team_change_pick").set_value("Delta")
    at.text_input(key="team_new_name").input("Delta Platform")
    at.button(key="team_rename").click().run()
    no_trouble(at)
    assert find_team(app_db.cursor(), "Delta") is None and find_team(app_db.cursor(), "Delta Platform")
    assert "Renamed Delta to Delta Platform." in shown(at.success[0].value)
    at.selectbox(key="team_change_pick").set_value("Delta Platform")
    at.text_input(key="team_new_name").input("Atlas")  # names stay unique
    at.button(key="team_rename").click().run()
    assert "already exists" in at.error[0].value
    at.selectbox(key="team_change_pick").set_value("Delta Platform")
    at.run()
    at.button(key="team_retire").click().run()
    no_trouble(at)
    assert find_team(app_db.cursor(), "Delta Platform").retired
    table = at.dataframe[0].value
    assert table.set_index("Team").loc["Delta Platform", "Status"] == "Retired"
    rounds_page = admin_page(app_db, "admin_rounds")
    rounds_page.selectbox(key="open_team").set_value("Delta Platform")
    rounds_page.selectbox(key="open_instrument").set_value("enps")
    rounds_page.button(key="round_open").click().run()
    assert "'Delta Platform' is retired" in shown(rounds_page.error[0].value)


def test_open_and_close_a_round(app_db):
    at = admin_page(app_db, "admin_rounds")
    at.selectbox(key="open_team").set_value("Delta")
    at.selectbox(key="open_instrument").set_value("enps")
    at.button(key="round_open").click().run()
    no_trouble(at)
    (rnd,) = [r for r in list_rounds(app_db.cursor(), "Delta", "enps") if r.status == "open"]
    at.selectbox(key="close_choice").set_value(rnd.id)
    at.button(key="round_close").click().run()
    no_trouble(at)
    assert [r for r in list_rounds(app_db.cursor(), "Delta", "enps") if r.status == "open"] == []


def test_a_code_sheet_is_shown_once_with_csv_and_printable_downloads(app_db):
    rnd = open_round(app_db, "Atlas", "psych-safety")
    at = admin_page(app_db, "admin_codes")
    at.selectbox(key="codes_round").set_value(rnd.id)
    assert at.number_input(key=f"codes_count_{rnd.id}").value == 11  # 9 members + about 20%
    at.number_input(key=f"codes_count_{rnd.id}").set_value(4)
    at.button(key="codes_issue").click().run()
    no_trouble(at)
    codes = at.code[0].value.splitlines()
    assert len(codes) == 4 and code_counts(app_db.cursor(), rnd.id) == (4, 0)
    assert links.round_for_code(app_db, codes[0]).id == rnd.id
    assert {"codes_csv", "codes_html"} <= {b.key for b in at.get("download_button")}
    at.button(key="codes_forget").click().run()
    assert not at.code and "code_sheet" not in at.session_state


def test_each_code_on_the_sheet_is_also_a_personal_link(app_db):
    """Shared team links are gone (issue 11, item 3): the sheet lists one single-use link per code."""
    rnd = open_round(app_db, "Ember", "health-check")
    at = admin_page(app_db, "admin_codes")
    at.selectbox(key="codes_round").set_value(rnd.id)
    at.number_input(key=f"codes_count_{rnd.id}").set_value(3)
    at.button(key="codes_issue").click().run()
    no_trouble(at)
    codes, urls = at.code[0].value.splitlines(), at.code[1].value.splitlines()
    assert len(urls) == 3 and [u.split("code=")[1] for u in urls] == codes
    assert {links.round_for_code(app_db, c).team for c in codes} == {"Ember"}


def test_create_an_account_whose_password_is_shown_once(app_db):
    at = admin_page(app_db, "admin_accounts")
    at.text_input(key="account_name").input("new-coach")
    at.selectbox(key="account_role").set_value("coach")
    at.multiselect(key="account_teams").set_value(["Delta"])
    at.button(key="account_add").click().run()
    no_trouble(at)
    shown = at.warning[0].value
    password = shown.split("`")[1]
    assert accounts.authenticate(app_db, "new-coach", password).teams == ("Delta",)
    at.run()
    assert password not in " ".join(w.value for w in at.warning)


def test_removing_an_account_signs_it_out_in_every_browser(app_db):
    from pulse import sessions

    coach = accounts.get_account(app_db.cursor(), "demo-coach")
    cookies = [sessions.redeem(app_db, sessions.begin(app_db, coach)) for _ in range(2)]
    at = admin_page(app_db, "admin_accounts")
    table = at.dataframe[0].value.set_index("name")
    assert table.loc["demo-coach", "signed in on"] == 2
    at.selectbox(key="account_target").set_value("demo-coach")
    at.checkbox(key="account_confirm_remove").check()
    at.button(key="account_remove").click().run()
    no_trouble(at)
    assert all(sessions.resume(app_db, c) is None for c in cookies)
    assert "demo-coach" not in set(at.dataframe[0].value["name"])


def test_raise_k_and_it_applies_at_once(app_db):
    at = admin_page(app_db, "admin_privacy")
    at.number_input(key="k_value").set_value(7)
    at.button(key="k_save").click().run()
    no_trouble(at)
    assert settings.min_group_size(app_db.cursor()) == 7
    trends = run_app(app_db, "demo-admin", "app_pages/trends.py", query={"team": "Garnet"})
    table = trends.dataframe[0].value
    assert (table["responses"][table["mean"].notna()] >= 7).all()


def test_purge_needs_confirming(app_db):
    at = admin_page(app_db, "admin_privacy")
    at.number_input(key="purge_days").set_value(100)
    at.button(key="purge_submit").click().run()
    assert "Tick the box" in at.warning[0].value
    before = app_db.cursor().execute("SELECT count(*) FROM answers").fetchone()[0]
    at.checkbox(key="purge_confirm").check()
    at.button(key="purge_submit").click().run()
    no_trouble(at)
    assert "Purged" in at.success[0].value
    assert app_db.cursor().execute("SELECT count(*) FROM answers").fetchone()[0] < before


def test_export_and_backup_downloads(app_db):
    at = admin_page(app_db, "admin_data")
    at.button(key="export_prepare").click().run()
    no_trouble(at)
    names = zipfile.ZipFile(io.BytesIO(at.session_state["export_zip"])).namelist()
    assert "team_results.csv" in names and "raw_answers.csv" not in names
    at.button(key="backup_prepare").click().run()
    no_trouble(at)
    assert len(at.session_state["backup_file"]) > 100_000
    assert {"export_download", "backup_download"} <= {b.key for b in at.get("download_button")}
