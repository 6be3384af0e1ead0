import pytest

from pulse import closing, rounds, teams
from pulse.errors import CommentTooLong, InvalidAnswer, RoundClosed, UnknownQuestion
from pulse.instruments import HEALTH_CHECK
from pulse.responses import MAX_COMMENT, clean_comment, submit_response

ANSWERS = {f"ps{i}": 5 for i in range(1, 8)}


@pytest.fixture
def rnd(db):
    teams.add_team(db, "Orion")
    return rounds.open_round(db, "Orion", "psych-safety")


def count(db, table):
    return db.cursor().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize(
    ("answers", "error", "message"),
    [
        ({**ANSWERS, "ps3": 8}, InvalidAnswer, "ps3: 8 is outside the scale 1-7"),
        ({**ANSWERS, "ps3": 0}, InvalidAnswer, "outside the scale"),
        ({**ANSWERS, "ps3": "lots"}, InvalidAnswer, "not a number"),
        ({**ANSWERS, "ps3": 2.5}, InvalidAnswer, "whole number"),
        ({**ANSWERS, "ps9": 3}, UnknownQuestion, "'ps9' is not a question of psych-safety"),
        ({k: v for k, v in ANSWERS.items() if k != "ps7"}, InvalidAnswer, "missing answer for ps7"),
    ],
)
def test_invalid_answers_raise_a_named_error_and_store_nothing(db, rnd, answers, error, message):
    with pytest.raises(error, match=message):
        submit_response(db, answers, round_id=rnd.id)
    assert count(db, "responses") == count(db, "answers") == 0


def test_comment_cap_is_2000_characters(db, rnd):
    submit_response(db, ANSWERS, round_id=rnd.id, comment="x" * MAX_COMMENT)
    with pytest.raises(CommentTooLong, match="2001 characters; the limit is 2000"):
        submit_response(db, ANSWERS, round_id=rnd.id, comment="y" * (MAX_COMMENT + 1))
    closing.close_round(db, rnd.id)  # answers wait in the mixing buffer until a batch or the close
    assert count(db, "comments") == 1


def test_comment_cleaning_drops_invisible_characters():
    assert clean_comment("  \u200bhi\u202e there\x07 ") == "hi there"
    assert clean_comment("   ") is None
    assert clean_comment("line one\nline two") == "line one\nline two"


def test_a_closed_round_takes_no_answers(db, rnd):
    closing.close_round(db, rnd.id)
    with pytest.raises(RoundClosed, match="closed"):
        submit_response(db, ANSWERS, round_id=rnd.id)


def test_the_comment_cannot_be_joined_to_its_answers(db, rnd):
    for value in (1, 7):
        submit_response(db, {**ANSWERS, "ps2": value}, round_id=rnd.id, comment=f"comment {value}")
    cur = db.cursor()
    response_ids = {r[0] for r in cur.execute("SELECT id FROM responses").fetchall()}
    comment_ids = {r[0] for r in cur.execute("SELECT id FROM comments").fetchall()}
    assert not response_ids & comment_ids


def test_health_check_trend_answers_are_optional(db):
    teams.add_team(db, "Vega")
    rnd = rounds.open_round(db, "Vega", "health-check")
    dims = [q.key for q in HEALTH_CHECK.questions if q.in_score]
    submit_response(db, {**{d: 2 for d in dims}, "fun_trend": -1, "speed_trend": ""}, round_id=rnd.id)
    with pytest.raises(InvalidAnswer, match="outside the scale 1-3"):
        submit_response(db, {d: 4 for d in dims}, round_id=rnd.id)
    closing.close_round(db, rnd.id)
    assert count(db, "answers") == 12
