import threading

import pytest

from pulse import closing, rounds, teams
from pulse.errors import CodeInvalid, CodeSpent, RoundClosed
from pulse.responses import submit_response
from pulse.tokens import codes

ANSWERS = {f"ps{i}": 4 for i in range(1, 8)}


@pytest.fixture
def open_round(file_db):
    teams.add_team(file_db, "Orion", size=6)
    return rounds.open_round(file_db, "Orion", "psych-safety")


def test_codes_have_80_bits_and_are_stored_only_as_keyed_hashes(file_db, open_round):
    issued = codes.issue_codes(file_db, open_round.id, 10)
    assert len(set(issued)) == 10
    for code in issued:
        raw = code.replace("-", "")
        assert len(raw) == codes.CODE_LENGTH and set(raw) <= set(codes.ALPHABET)
    assert codes.CODE_LENGTH * 5 >= 80  # 32 symbols = 5 bits each
    stored = [r[0] for r in file_db.cursor().execute("SELECT hash FROM codes").fetchall()]
    assert not {c.replace("-", "") for c in issued} & set(stored)
    assert all(len(h) == 64 for h in stored)


def test_a_code_works_once_and_typos_are_forgiven(file_db, open_round):
    code = codes.issue_codes(file_db, open_round.id, 1)[0]
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    submit_response(file_db, ANSWERS, code=typed)
    with pytest.raises(CodeSpent, match="already been used"):
        submit_response(file_db, ANSWERS, code=code)
    with pytest.raises(CodeInvalid):
        submit_response(file_db, ANSWERS, code="AAAA-BBBB-CCCC-DDDD")
    with pytest.raises(CodeInvalid):
        submit_response(file_db, ANSWERS, code="short")
    assert file_db.cursor().execute("SELECT count(*) FROM responses").fetchone() == (1,)


def test_a_code_spent_from_twenty_threads_at_once_succeeds_exactly_once(file_db, open_round):
    code = codes.issue_codes(file_db, open_round.id, 1)[0]
    outcomes, start = [], threading.Barrier(20)

    def attempt():
        start.wait()
        try:
            submit_response(file_db, ANSWERS, code=code)
            outcomes.append("ok")
        except CodeSpent:
            outcomes.append("spent")

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("spent") == 19
    assert file_db.cursor().execute("SELECT count(*) FROM responses").fetchone() == (1,)
    assert codes.code_counts(file_db.cursor(), open_round.id) == (1, 1)


def test_a_bad_answer_does_not_spend_the_code(file_db, open_round):
    code = codes.issue_codes(file_db, open_round.id, 1)[0]
    with pytest.raises(Exception, match="outside the scale"):
        submit_response(file_db, {**ANSWERS, "ps1": 9}, code=code)
    submit_response(file_db, ANSWERS, code=code)  # still usable: the failed try rolled back whole
    assert codes.code_counts(file_db.cursor(), open_round.id) == (1, 1)


def test_no_codes_for_a_closed_round(file_db, open_round):
    closing.close_round(file_db, open_round.id)
    with pytest.raises(RoundClosed):
        codes.issue_codes(file_db, open_round.id, 3)


def test_suggested_count_is_about_a_fifth_more_than_the_team():
    assert codes.suggested_count(10) == 12
    assert codes.suggested_count(4) == 6
    assert codes.suggested_count(None) >= 10
