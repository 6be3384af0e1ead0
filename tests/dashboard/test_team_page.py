"""The team's own page (results back to the team), actions from results, and the pulse page around them."""

from __future__ import annotations

import pytest

from dashboard.state import open_database
from pulse import actions, closing
from pulse.results import ALL_TEAMS
from pulse.results.followups import followup_results
from pulse.rounds import list_rounds, open_round
from pulse.tokens import team_links
from pulse.tokens.codes import issue_codes
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app, shown, texts  # noqa: F401  (the app_db fixture)

TEAM_PAGE = "app_pages/team.py"
TRENDS = "app_pages/trends.py"


def team_page(db, token: str):
    """A browser that opens the team's results link (``/team?results=...``)."""
    at = run_app(db)
    at.query_params["results"] = token
    at.switch_page(TEAM_PAGE).run()
    return at


def last_closed(db, team: str, instrument: str = "psych-safety"):
    closed = [r for r in list_rounds(db.cursor(), team, instrument) if r.status == "closed"]
    return max(closed, key=lambda r: r.period_start)


def test_a_team_link_shows_the_teams_results_after_close(app_db):
    at = team_page(app_db, team_links.team_token(app_db, "Atlas"))
    no_trouble(at)
    assert "Atlas: how the team is doing" in texts(at)
    assert "results" not in at.query_params  # the token left the address bar
    (metric,) = at.metric
    assert 1 <= float(metric.value) <= 7
    assert at.dataframe[0].value["mean"].notna().all()  # this period: every dimension shown has a mean
    assert "What people wrote, grouped" in texts(at)
    assert not at.text_input  # a member only reads: no form to add or change anything


def test_a_team_under_k_shows_nothing(app_db):
    """Kestrel has four members, fewer than k: its link opens a page with no figure and no comment."""
    at = team_page(app_db, team_links.team_token(app_db, "Kestrel"))
    no_trouble(at)
    assert "Nothing to show yet" in texts(at)
    assert not at.metric and not at.dataframe
    assert "What people wrote" not in texts(at)


def test_the_team_page_shows_actions_and_how_they_went(app_db):
    rnd = last_closed(app_db, "Atlas")
    actions.add_action(
        app_db, "Atlas", "Start each planning with a round of concerns", "scrum master",
        due="2027-01-15", instrument="psych-safety", dimension="score", round_id=rnd.id, followup=True,
    )  # fmt: skip
    at = team_page(app_db, team_links.team_token(app_db, "Atlas"))
    no_trouble(at)
    said = texts(at)
    assert "Start each planning with a round of concerns" in said
    assert "owner: scrum master" in said and "due 15 Jan 2027" in said
    assert "Did it help? asked in the next round" in said


def test_a_wrong_or_retired_team_link_opens_nothing(app_db):
    old = team_links.team_token(app_db, "Atlas")
    team_links.retire_team_link(app_db, "Atlas")
    for token in (old, "a" * 26, "not a link"):
        at = team_page(app_db, token)
        assert [e.value for e in at.error] == [team_links.REFUSED]
        assert "Atlas" not in texts(at)


def test_a_visitor_with_nothing_learns_what_teampulse_is_and_where_to_start(app_db):
    at = run_app(app_db)
    no_trouble(at)
    said = texts(at)
    assert "TeamPulse** asks a team a few short questions" in said
    assert "Where to start" in said and "Staff sign-in" in said and "teampulse demo" in said
    assert at.text_input(key="code_entry")


def test_a_personal_link_answers_then_after_close_opens_the_team_page(app_db):
    rnd = open_round(app_db, "Atlas", "psych-safety")
    (code,) = issue_codes(app_db, rnd.id, 1)
    token = team_links.team_token(app_db, "Atlas")
    link = {"code": code, "results": token}
    at = run_app(app_db, query=link)
    assert at.radio and "results" not in at.query_params
    form_id = at.session_state["pulse_form_id"]
    for i in range(1, 8):
        at.radio(key=f"pulse{form_id}_ps{i}").set_value(5)
    at.button(key=f"pulse{form_id}_send").click().run()
    no_trouble(at)
    assert "What happens next" in texts(at)
    closing.close_round(app_db, rnd.id)
    later = run_app(app_db, query=link)  # the same link, after the round closed: its code is gone
    no_trouble(later)
    assert "Atlas: how the team is doing" in texts(later)
    assert not later.radio


def test_the_follow_up_is_asked_in_the_next_round_and_counted(app_db):
    before = last_closed(app_db, "Atlas")
    action = actions.add_action(
        app_db, "Atlas", "Rotate who facilitates the retro", "the team",
        instrument="psych-safety", round_id=before.id, followup=True,
    )  # fmt: skip
    rnd = open_round(app_db, "Atlas", "psych-safety")
    assert [a.id for a in actions.followups_for_round(app_db, rnd.id)] == [action.id]
    for code in issue_codes(app_db, rnd.id, 5):
        at = run_app(app_db, query={"code": code})
        form_id = at.session_state["pulse_form_id"]
        assert "Rotate who facilitates the retro" in str(at.radio(key=f"pulse{form_id}_followup_{action.id}").label)
        for i in range(1, 8):
            at.radio(key=f"pulse{form_id}_ps{i}").set_value(4)
        at.button(key=f"pulse{form_id}_send").click().run()
        assert "Please answer whether" in texts(at)  # the follow-up is required, so nothing is subtracted
        at.radio(key=f"pulse{form_id}_followup_{action.id}").set_value(3)
        at.button(key=f"pulse{form_id}_send").click().run()
        no_trouble(at)
    # The answers wait in the server's mixing buffer (its own Database object): its close writes them.
    closing.close_round(open_database(app_db.path), rnd.id)
    row = followup_results(app_db, "Atlas", scope=ALL_TEAMS).iloc[0]
    assert (row["n"], row["yes"]) == (5, 5)
    at = team_page(app_db, team_links.team_token(app_db, "Atlas"))
    assert "5 yes, 0 a little, 0 no (of 5)" in texts(at)


def coach_on_trends(db):
    at = run_app(db, as_account="demo-coach", page=TRENDS)
    no_trouble(at)
    assert not at.text_input  # the actions wait behind their toggle (the page's statement budget)
    at.toggle(key="trends_actions").set_value(True).run()
    no_trouble(at)
    return at


def test_a_coach_adds_an_action_from_a_dimension_and_the_team_sees_it(app_db):
    at = coach_on_trends(app_db)
    assert "No actions for Atlas yet." in texts(at)
    at.text_input(key="action_what").input("Agree how we hand over incidents")
    at.selectbox(key="action_owner").set_value("tech lead")
    at.button(key="action_add").click().run()
    no_trouble(at)
    (added,) = actions.list_actions(app_db, "Atlas")
    assert (added.what, added.owner, added.instrument, added.dimension) == (
        "Agree how we hand over incidents", "tech lead", "psych-safety", "score",
    )  # fmt: skip
    assert added.round_id == last_closed(app_db, "Atlas").id and added.followup
    assert "Agree how we hand over incidents" in texts(at)
    member = team_page(app_db, team_links.team_token(app_db, "Atlas"))
    assert "Agree how we hand over incidents" in texts(member)


@pytest.mark.parametrize("what", ["Ask Priya to run the retro", "Send the notes to priya@example.com"])
def test_an_action_naming_a_person_is_refused_on_the_page(app_db, what):
    at = coach_on_trends(app_db)
    at.text_input(key="action_what").input(what)
    at.button(key="action_add").click().run()
    assert at.error and "write a role" in at.error[0].value
    assert actions.list_actions(app_db, "Atlas") == []


def test_a_coach_tracks_an_actions_status(app_db):
    rnd = last_closed(app_db, "Atlas")
    added = actions.add_action(app_db, "Atlas", "Write down the on-call rota", "the team", round_id=rnd.id)
    at = coach_on_trends(app_db)
    at.selectbox(key="action_status_pick").set_value(added.id)
    at.selectbox(key="action_status_value").set_value("done")
    at.button(key="action_status_save").click().run()
    no_trouble(at)
    assert actions.get_action(app_db, added.id).status == "done"


def test_a_team_link_in_many_browsers_counts_nothing_and_is_rate_limited(app_db, monkeypatch):
    """An attacker with the team link and several browsers: each sees the same page, no count moves,
    and the link is slowed once it is used too often."""
    from dashboard import state
    from pulse.responses import response_count
    from pulse.results import team_frame
    from pulse.tokens.links import LinkRateLimit

    limit = LinkRateLimit(limit=4, clock=lambda: 0.0)  # one window: a boundary mid-test would reset the count
    monkeypatch.setattr(state, "link_rate_limit", lambda: limit)
    rnd = open_round(app_db, "Atlas", "psych-safety")
    token = team_links.team_token(app_db, "Atlas")
    before = (response_count(app_db.cursor(), rnd.id), team_frame(app_db, "Atlas", scope=ALL_TEAMS).to_csv())
    seen = [texts(team_page(app_db, token)) for _ in range(4)]
    assert len(set(seen)) == 1 and "Atlas: how the team is doing" in seen[0]
    busy = team_page(app_db, token)
    assert busy.error and "used very often" in busy.error[0].value and "Atlas" not in texts(busy)
    assert (response_count(app_db.cursor(), rnd.id), team_frame(app_db, "Atlas", scope=ALL_TEAMS).to_csv()) == before


def test_a_coach_adds_an_action_from_a_comment_theme_and_the_team_sees_it(app_db):
    at = coach_on_trends(app_db)
    about = at.selectbox(key="action_about")
    themes = [i for i, option in enumerate(about.options) if option.startswith("theme: ")]
    assert themes, about.options  # the demo's comments form themes: each one can start an action
    theme = about.options[themes[0]].removeprefix("theme: ")
    shown_themes = [shown(e.label) for e in at.expander]
    assert any(label.startswith(f"{theme}: ") for label in shown_themes)  # one the page shows under Comment themes
    at.text_input(key="action_what").input("Keep a shared list of what slows reviews down")
    about.set_value(themes[0])
    at.button(key="action_add").click().run()
    no_trouble(at)
    (added,) = actions.list_actions(app_db, "Atlas")
    assert (added.theme, added.dimension, added.round_id) == (theme, None, last_closed(app_db, "Atlas").id)
    member = team_page(app_db, team_links.team_token(app_db, "Atlas"))
    no_trouble(member)
    said = texts(member)
    assert "Keep a shared list of what slows reviews down" in said and f"about theme: {theme}" in said
