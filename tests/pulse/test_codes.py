"""Single-use codes and personal links (pulse/tokens): 80 bits, keyed hashes with a purpose, spent once,
and one answer for every code that opens nothing, so nobody learns who took part."""

import threading
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulse import closing, rounds, settings, teams
from pulse.errors import CodeInvalid, RoundClosed
from pulse.responses import submit_response
from pulse.tokens import codes, links

ANSWERS = {f"ps{i}": 4 for i in range(1, 8)}


@pytest.fixture
def open_round(file_db):
    teams.add_team(file_db, "Orion", size=6)
    return rounds.open_round(file_db, "Orion", "psych-safety")


def refusal(call, *args, **kwargs) -> tuple[type, str]:
    """What a caller is told when ``call`` refuses a code: the error's class and message."""
    with pytest.raises(CodeInvalid) as caught:
        call(*args, **kwargs)
    return type(caught.value), str(caught.value)


def test_codes_have_80_bits_and_are_stored_only_as_keyed_hashes_with_a_purpose(file_db, open_round):
    issued = codes.issue_codes(file_db, open_round.id, 10)
    assert len(set(issued)) == 10
    for code in issued:
        raw = code.replace("-", "")
        assert len(raw) == codes.CODE_LENGTH and set(raw) <= set(codes.ALPHABET)
    assert codes.CODE_LENGTH * 5 >= 80  # 32 symbols = 5 bits each
    stored = {r[0] for r in file_db.cursor().execute("SELECT hash FROM codes").fetchall()}
    assert not {c.replace("-", "") for c in issued} & stored
    assert all(len(h) == 64 for h in stored)
    # The same code hashed for a perspective is another value: one kind never opens the other's rows.
    key = settings.code_key(file_db.cursor())
    as_perspective = {codes.keyed_hash(key, codes.PERSPECTIVE.purpose, codes.normalise(c)) for c in issued}
    assert not as_perspective & stored


def test_a_code_works_once_and_typos_are_forgiven(file_db, open_round):
    code = codes.issue_codes(file_db, open_round.id, 1)[0]
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    submit_response(file_db, ANSWERS, code=typed)
    with pytest.raises(CodeInvalid, match=codes.REFUSED):
        submit_response(file_db, ANSWERS, code=code)
    with pytest.raises(CodeInvalid):
        submit_response(file_db, ANSWERS, code="AAAA-BBBB-CCCC-DDDD")
    with pytest.raises(CodeInvalid):
        submit_response(file_db, ANSWERS, code="short")
    file_db.close()  # an orderly stop writes what the mixing buffer holds
    assert file_db.cursor().execute("SELECT count(*) FROM responses").fetchone() == (1,)


def test_a_code_spent_from_twenty_threads_at_once_succeeds_exactly_once(file_db, open_round):
    code = codes.issue_codes(file_db, open_round.id, 1)[0]
    outcomes, start = [], threading.Barrier(20)

    def attempt():
        start.wait()
        try:
            submit_response(file_db, ANSWERS, code=code)
            outcomes.append("ok")
        except CodeInvalid:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 19
    assert codes.code_counts(file_db.cursor(), open_round.id) == (1, 1)
    file_db.close()  # an orderly stop writes what the mixing buffer holds
    assert file_db.cursor().execute("SELECT count(*) FROM responses").fetchone() == (1,)


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


# --- issue 11, item 10: no spent/unused oracle ---------------------------------------------------


def test_a_spent_code_and_an_unknown_code_are_answered_exactly_alike_before_and_after_close(file_db, open_round):
    """Whoever handed codes out by name probes them: used (took part) or not? Every answer is the same."""
    spent, unused = codes.issue_codes(file_db, open_round.id, 2)
    submit_response(file_db, ANSWERS, code=spent)
    unknown = codes.new_code()
    for ask in (codes.round_for_code, lambda db, c: submit_response(db, ANSWERS, code=c)):
        assert refusal(ask, file_db, spent) == refusal(ask, file_db, unknown) == (CodeInvalid, codes.REFUSED)
    assert codes.round_for_code(file_db, unused).id == open_round.id  # a live code still opens its round

    closing.close_round(file_db, open_round.id)
    for ask in (codes.round_for_code, lambda db, c: submit_response(db, ANSWERS, code=c)):
        answers = {refusal(ask, file_db, c) for c in (spent, unused, unknown)}
        assert answers == {(CodeInvalid, codes.REFUSED)}


def test_a_round_past_its_end_refuses_its_unspent_codes_like_unknown_ones(file_db, open_round):
    (unused,) = codes.issue_codes(file_db, open_round.id, 1)
    yesterday = date.today() - timedelta(days=1)
    file_db.cursor().execute("UPDATE rounds SET period_end = ? WHERE id = ?", [yesterday, open_round.id])
    assert refusal(codes.round_for_code, file_db, unused) == refusal(codes.round_for_code, file_db, codes.new_code())


def test_closing_a_round_deletes_its_codes(file_db, open_round):
    codes.issue_codes(file_db, open_round.id, 3)
    closing.close_round(file_db, open_round.id)
    assert file_db.cursor().execute("SELECT count(*) FROM codes").fetchone() == (0,)


def test_forget_codes_deletes_only_the_given_rounds(file_db, open_round):
    teams.add_team(file_db, "Vega", size=5)
    other = rounds.open_round(file_db, "Vega", "psych-safety")
    codes.issue_codes(file_db, open_round.id, 3)
    (kept,) = codes.issue_codes(file_db, other.id, 1)
    with file_db.transaction() as cur:
        codes.forget_codes(cur, [open_round.id])
    assert codes.code_counts(file_db.cursor(), open_round.id) == (0, 0)
    assert codes.round_for_code(file_db, kept).id == other.id


def test_a_code_issued_before_hashes_had_a_purpose_still_works_until_its_round_closes(file_db, open_round):
    code = codes.new_code()
    key = settings.code_key(file_db.cursor())
    legacy = codes.keyed_hash(key, b"", codes.normalise(code))
    file_db.cursor().execute("INSERT INTO codes (hash, round_id) VALUES (?, ?)", [legacy, open_round.id])
    assert codes.round_for_code(file_db, code).id == open_round.id
    submit_response(file_db, ANSWERS, code=code)
    assert refusal(codes.round_for_code, file_db, code) == (CodeInvalid, codes.REFUSED)


# --- personal links ------------------------------------------------------------------------------


def test_a_personal_link_is_a_code_inside_the_address(file_db, open_round):
    (code,) = codes.issue_codes(file_db, open_round.id, 1)
    assert links.pulse_link("https://pulse.example.org/", code) == f"https://pulse.example.org/?code={code}"
    assert links.perspective_link("https://pulse.example.org", code) == (
        f"https://pulse.example.org/perspective?code={code}"
    )
    with pytest.raises(links.LinkInvalid, match="personal link"):
        links.refuse_shared_link()


# --- codes derived elsewhere (personal links): encode and register ---------------------------------


@given(st.binary(min_size=10, max_size=64))
def test_an_encoded_digest_is_a_code_of_80_bits_in_the_usual_format(digest):
    code = codes.encode(digest)
    assert codes.normalise(code) == code.replace("-", "")  # it reads back as itself: a valid code
    assert [len(g) for g in code.split("-")] == [4, 4, 4, 4]
    # 80 bits, no more and no fewer: the code is the digest's first ten bytes, written in base 32.
    value = 0
    for ch in code.replace("-", ""):
        value = value * 32 + codes.ALPHABET.index(ch)
    assert value == int.from_bytes(digest[:10], "big")


def test_encode_refuses_a_digest_with_fewer_than_80_bits():
    with pytest.raises(ValueError, match="80 bits"):
        codes.encode(b"\x00" * 9)


def test_registered_codes_are_stored_once_as_keyed_hashes_and_stay_spent(file_db, open_round):
    given_codes = [codes.encode(bytes([i]) * 10) for i in range(8)]
    with file_db.transaction() as cur:
        assert codes.register(cur, codes.PULSE, open_round.id, given_codes[:5]) == 5
    submit_response(file_db, ANSWERS, code=given_codes[0])
    with file_db.transaction() as cur:  # again, with three more: only the missing ones are added
        assert codes.register(cur, codes.PULSE, open_round.id, given_codes) == 3
        assert codes.register(cur, codes.PULSE, open_round.id, [given_codes[1].lower()]) == 0  # typed differently
        assert codes.register(cur, codes.PULSE, open_round.id, []) == 0
    assert codes.code_counts(file_db.cursor(), open_round.id) == (8, 1)
    with pytest.raises(CodeInvalid):  # registering a spent code again does not make it usable again
        submit_response(file_db, ANSWERS, code=given_codes[0])
    assert codes.round_for_code(file_db, given_codes[7]).id == open_round.id
    stored = {r[0] for r in file_db.cursor().execute("SELECT hash FROM codes").fetchall()}
    assert not {c.replace("-", "") for c in given_codes} & stored and all(len(h) == 64 for h in stored)


def test_registered_codes_are_stored_in_an_order_that_says_nothing_of_the_given_order(file_db, open_round):
    given_codes = [codes.encode(bytes([i]) * 10) for i in range(8)]
    with file_db.transaction() as cur:
        codes.register(cur, codes.PULSE, open_round.id, given_codes)
    key = settings.code_key(file_db.cursor())
    position = {codes.keyed_hash(key, codes.PULSE.purpose, codes.normalise(c)): i for i, c in enumerate(given_codes)}
    stored = [position[h] for (h,) in file_db.cursor().execute("SELECT hash FROM codes").fetchall()]
    assert sorted(stored) == list(range(8))
    assert stored != list(range(8))  # 1 chance in 40,320 of a false alarm; without the shuffle, always equal
