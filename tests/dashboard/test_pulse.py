"""Take a pulse: one-time codes and personal links, what is kept (nothing about the person) and what is shown."""

import logging

import pytest

from dashboard import throttle
from dashboard.state import open_database
from pulse import closing
from pulse.instruments import HEALTH_CHECK
from pulse.responses import response_count
from pulse.rounds import open_round
from pulse.tokens import codes, links
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
    assert [e.value for e in at.error] == [codes.REFUSED]
    assert response_count(app_db.cursor(), pulse_round.id) == before + 1


def test_missing_answers_send_nothing_and_say_which_questions(app_db, pulse_round):
    (code,) = issue_codes(app_db, pulse_round.id, 1)
    at = enter_code(run_app(app_db), code)
    at.radio(key="pulse0_ps1").set_value(4)
    at.button(key="pulse0_send").click().run()
    assert "Please answer question 2, 3, 4, 5, 6, 7" in at.warning[0].value
    assert response_count(app_db.cursor(), pulse_round.id) == 0
    assert codes.round_for_code(app_db, code).id == pulse_round.id  # the code is still unspent


def test_wrong_codes_are_slowed_down_more_each_time(app_db, monkeypatch):
    waits = []
    monkeypatch.setattr(throttle, "sleep", waits.append)
    at = run_app(app_db)
    for _ in range(3):
        enter_code(at, "0000-0000-0000-0000")
        assert at.error[0].value == codes.REFUSED
    assert waits == [0.5, 1.0, 2.0]
    assert throttle.delay_for(100, 1) == throttle.MAX_DELAY
    assert throttle.delay_for(1, throttle.BURST_PER_MINUTE + 1) > throttle.delay_for(1, 1)


def test_a_personal_link_opens_the_questions_and_leaves_the_address_bar(app_db, pulse_round):
    (code,) = issue_codes(app_db, pulse_round.id, 1)
    at = run_app(app_db, query={"code": links.pulse_link("http://x", code).split("code=")[1]})
    no_trouble(at)
    assert "Psychological safety: team Atlas" in texts(at)
    assert "code" not in at.query_params
    answer_all(at)
    no_trouble(at)
    assert response_count(app_db.cursor(), pulse_round.id) == 1


def test_one_personal_link_opened_in_many_browser_sessions_counts_once(app_db, pulse_round):
    """Issue 11, item 3: a shared team link answered again from every new browser session, so one
    person could send k answers alone. A personal link is a code: the first session spends it, and
    every other session is refused before a question shows."""
    (code,) = issue_codes(app_db, pulse_round.id, 1)
    sessions = [run_app(app_db, query={"code": code}) for _ in range(5)]
    assert all(s.radio for s in sessions)  # nobody has sent yet
    for browser in sessions:
        browser.run()
        if browser.radio:
            answer_all(browser, value=1, comment="")
    assert response_count(app_db.cursor(), pulse_round.id) == 1
    assert sum(any("your answers are in" in m.value for m in s.success) for s in sessions) == 1
    assert sum([e.value for e in s.error] == [codes.REFUSED] for s in sessions) == 4


def test_an_old_shared_team_link_says_links_are_personal_now(app_db, pulse_round):
    at = run_app(app_db, query={"link": "an-old-team-link-token"})
    assert not at.exception and not at.error
    assert "every person now gets a personal link" in at.warning[0].value
    assert not at.radio and at.text_input(key="code_entry")  # the code form is still there
    assert response_count(app_db.cursor(), pulse_round.id) == 0


def test_a_spent_code_an_unknown_code_and_a_closed_rounds_code_look_the_same(app_db, pulse_round, monkeypatch):
    """Issue 11, item 10: whoever handed out codes by name must not learn from the page who used theirs."""
    waits = []
    monkeypatch.setattr(throttle, "sleep", waits.append)
    spent, unused = issue_codes(app_db, pulse_round.id, 2)
    answer_all(enter_code(run_app(app_db), spent))
    said = {}
    for name, code in (("spent", spent), ("unknown", codes.new_code())):
        at = enter_code(run_app(app_db), code)
        said[name] = ([e.value for e in at.error], texts(at), bool(at.radio))
    closing.close_round(app_db, pulse_round.id)
    for name, code in (("spent after close", spent), ("unused after close", unused)):
        at = enter_code(run_app(app_db), code)
        said[name] = ([e.value for e in at.error], texts(at), bool(at.radio))
    assert len({repr(v) for v in said.values()}) == 1, said
    assert said["spent"][0] == [codes.REFUSED]
    assert len(set(waits)) == 1  # and every refusal is slowed alike


def test_the_server_log_holds_nothing_of_a_submission(app_db, pulse_round, caplog):
    (code,) = issue_codes(app_db, pulse_round.id, 1)
    caplog.set_level(logging.DEBUG)
    at = enter_code(run_app(app_db), code)
    answer_all(at, comment="Secret words: purple elephant")
    no_trouble(at)
    assert "purple elephant" not in caplog.text and code not in caplog.text


def test_the_health_check_is_one_card_per_dimension_and_sends_the_same_answers(app_db):
    """Issue 15: the colour of each dimension and the way it is moving, side by side in one card, in
    the instrument's order (the form used to ask eleven colours and then eleven trends)."""
    rnd = open_round(app_db, "Atlas", "health-check")
    (code,) = issue_codes(app_db, rnd.id, 1)
    at = enter_code(run_app(app_db), code)
    no_trouble(at)
    dims = [q.key for q in HEALTH_CHECK.questions if q.in_score]
    form = at.get("form")[0]
    cards = [
        block
        for block in form.children.values()
        if block.type == "flex_container" and block.proto.flex_container.border
    ]
    assert [[r.key for r in card.radio] for card in cards] == [[f"pulse0_{k}", f"pulse0_{k}_trend"] for k in dims]
    assert [r.key for r in at.radio] == [key for k in dims for key in (f"pulse0_{k}", f"pulse0_{k}_trend")]
    first = cards[0]
    assert "Value" in first.markdown[0].value and "users and stakeholders truly value" in first.markdown[0].value
    assert first.radio[0].options == ["Red", "Amber", "Green"]
    assert first.radio[1].options == ["Worse", "Same", "Better"]
    # the colours are required, the trends are not: the warning counts cards as numbered on screen
    at.radio(key="pulse0_value").set_value(3)
    at.button(key="pulse0_send").click().run()
    assert "Please answer question 2, 3, 4, 5, 6, 7, 8, 9, 10, 11" in at.warning[0].value
    colours = {k: i % 3 + 1 for i, k in enumerate(dims)}
    trends = {f"{k}_trend": i % 3 - 1 for i, k in enumerate(dims) if k != "speed"}  # one trend left out
    for key, value in (colours | trends).items():
        at.radio(key=f"pulse0_{key}").set_value(value)
    at.button(key="pulse0_send").click().run()
    no_trouble(at)
    assert any("your answers are in" in s.value for s in at.success)
    closing.close_round(open_database(app_db.path), rnd.id)  # writes the answers waiting in the app's memory
    stored = dict(
        app_db.cursor().execute("SELECT question, value FROM answers WHERE round_id = ?", [rnd.id]).fetchall()
    )
    assert stored == colours | trends
