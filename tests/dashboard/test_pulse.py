"""Take a pulse: codes and team links, what is kept (nothing about the person) and what is shown."""

import logging

import pytest

from dashboard import throttle
from pulse.responses import response_count
from pulse.rounds import open_round
from pulse.tokens import links
from pulse.tokens.codes import issue_codes
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app, texts  # noqa: F401  (the app_db fixture)

COMMENT = "Planning ran long again, but people listened to each other."


@pytest.fixture
def pulse_round(app_db):
    return open_round(app_db, "Atlas", "psych-safety")


def enter_code(at, code):
    at.text_input(key="code_entry").input(code)
    at.button(key="code_continue").click().run()
    return at


def answer_all(at, value=5, comment=COMMENT):
    form_id = at.session_state["pulse_form_id"]
    for i in range(1, 8):
        at.radio(key=f"pulse{form_id}_ps{i}").set_value(value)
    at.text_area(key=f"pulse{form_id}_comment").input(comment)
    at.button(key=f"pulse{form_id}_send").click().run()
    return at


def test_a_pulse_sent_with_a_code_is_counted_and_the_code_is_refused_a_second_time(app_db, pulse_round):
    (code,) = issue_codes(app_db, pulse_round.id, 1)
    before = response_count(app_db.cursor(), pulse_round.id)
    at = enter_code(run_app(app_db), code)
    no_trouble(at)
    assert "Psychological safety: team Atlas" in texts(at)
    assert "What is stored" in texts(at)
    answer_all(at)
    no_trouble(at)
    assert response_count(app_db.cursor(), pulse_round.id) == before + 1
    assert any("your answers are in" in s.value for s in at.success)
    # the confirmation does not echo the answers, and nothing of them stays in the session
    assert COMMENT not in texts(at) and not at.radio and not at.text_area
    assert "pulse_code" not in at.session_state
    assert not [k for k in at.session_state.to_dict() if k.startswith("pulse0_")]
    enter_code(at, code)
    assert [e.value for e in at.error] == ["that code has already been used"]
    assert response_count(app_db.cursor(), pulse_round.id) == before + 1


def test_missing_answers_send_nothing_and_say_which_questions(app_db, pulse_round):
    (code,) = issue_codes(app_db, pulse_round.id, 1)
    at = enter_code(run_app(app_db), code)
    at.radio(key="pulse0_ps1").set_value(4)
    at.button(key="pulse0_send").click().run()
    assert "Please answer question 2, 3, 4, 5, 6, 7" in at.warning[0].value
    assert response_count(app_db.cursor(), pulse_round.id) == 0
    assert links.round_for_code(app_db, code).id == pulse_round.id  # the code is still unspent


def test_wrong_codes_are_slowed_down_more_each_time(app_db, monkeypatch):
    waits = []
    monkeypatch.setattr(throttle, "sleep", waits.append)
    at = run_app(app_db)
    for _ in range(3):
        enter_code(at, "0000-0000-0000-0000")
        assert at.error[0].value == "that code is not valid: check it for typos"
    assert waits == [0.5, 1.0, 2.0]
    assert throttle.delay_for(100, 1) == throttle.MAX_DELAY
    assert throttle.delay_for(1, throttle.BURST_PER_MINUTE + 1) > throttle.delay_for(1, 1)


def test_a_team_link_answers_once_per_browser_session(app_db, pulse_round):
    token = links.create_link(app_db, "Atlas", "psych-safety")
    at = run_app(app_db, query={"link": token})
    no_trouble(at)
    answer_all(at, value=3, comment="")
    no_trouble(at)
    assert response_count(app_db.cursor(), pulse_round.id) == 1
    at.run()
    assert "already answered this round" in at.info[0].value
    assert not at.radio
    other_browser = run_app(app_db, query={"link": token})
    assert other_browser.radio, "another browser session may answer"


def test_a_wrong_link_is_refused_and_slowed_down(app_db, monkeypatch):
    waits = []
    monkeypatch.setattr(throttle, "sleep", waits.append)
    at = run_app(app_db, query={"link": "not-a-real-link-token"})
    assert "link is not valid" in at.error[0].value and waits == [0.5]
    assert not at.radio


def test_a_closed_round_says_so(app_db):
    token = links.create_link(app_db, "Atlas", "enps")  # the demo's rounds are all in the past, so closed
    at = run_app(app_db, query={"link": token})
    assert "no pulse is open for this team right now" in at.error[0].value
    assert not at.exception


def test_the_server_log_holds_nothing_of_a_submission(app_db, pulse_round, caplog):
    (code,) = issue_codes(app_db, pulse_round.id, 1)
    caplog.set_level(logging.DEBUG)
    at = enter_code(run_app(app_db), code)
    answer_all(at, comment="Secret words: purple elephant")
    no_trouble(at)
    assert "purple elephant" not in caplog.text and code not in caplog.text
