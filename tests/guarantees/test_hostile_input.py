"""Hostile input through every form's validation (the pages call these domain functions):
each value gets a clear PulseError or is stored harmlessly, and nothing partial is ever written."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pulse import accounts, reviews, rounds, teams
from pulse.errors import PulseError
from pulse.responses import submit_response, write_pending
from pulse.reviews import perspectives
from pulse.store import Database, mixing

HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            '=HYPERLINK("http://evil.example","click")',
            "'; DROP TABLE answers; --",
            "Robert'); DELETE FROM responses;--",
            "\u202eevil\u202c",
            "zero\u200bwidth\u200d",
            "\x00nul",
            "x" * 2001,
            "emoji \U0001f600",
            "<script>alert(1)</script>",
        ]
    ),
)
VALUES = st.one_of(st.integers(-1000, 1000), st.text(max_size=8), st.floats(allow_nan=True), st.none(), st.booleans())
TABLES = ("teams", "rounds", "responses", "answers", "comments", "reviews", "perspectives", "accounts")
HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def snapshot(db) -> dict:
    cur = db.cursor()
    return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def shared():
    db = Database(":memory:")
    teams.add_team(db, "Orion")
    rnd = rounds.open_round(db, "Orion", "psych-safety")
    return db, rnd


def one_line(error: Exception) -> bool:
    return bool(str(error)) and "\n" not in str(error) and "Traceback" not in str(error)


@HYPOTHESIS
@given(
    answers=st.dictionaries(st.sampled_from([f"ps{i}" for i in range(1, 9)] + ["", "score", "'; --"]), VALUES),
    comment=st.one_of(st.none(), HOSTILE_TEXT),
)
@example(answers={f"ps{i}": 4 for i in range(1, 8)}, comment='=HYPERLINK("x") \u202e; DROP TABLE answers; --')
@example(answers={f"ps{i}": "7" for i in range(1, 8)}, comment="zero\u200bwidth")
def test_pulse_form_input_is_refused_clearly_or_stored_whole(shared, answers, comment):
    db, rnd = shared
    before = snapshot(db)
    try:
        submit_response(db, answers, round_id=rnd.id, comment=comment)
    except PulseError as e:
        assert one_line(e), repr(e)
        assert snapshot(db) == before
        return
    # Accepted answers wait in the mixing buffer; write them now (what the close would) to count them.
    write_pending(db, mixing.buffer_of(db, "responses").drain())
    after = snapshot(db)
    assert after["responses"] == before["responses"] + 1
    assert after["answers"] - before["answers"] == len([v for v in answers.values() if v not in (None, "")])
    assert after["comments"] - before["comments"] in (0, 1)


@HYPOTHESIS
@given(title=HOSTILE_TEXT, summary=HOSTILE_TEXT, kind=st.sampled_from(["incident", "conflict", "other", "'; --", ""]))
@example(title="Deploy '; DROP TABLE reviews; --", summary='=HYPERLINK("x")', kind="incident")
def test_review_form_input_is_refused_clearly_or_stored_whole(shared, title, summary, kind):
    db, _ = shared
    before = snapshot(db)
    try:
        review = reviews.create_review(db, "Orion", title, "2026-03-01", kind, summary=summary)
    except PulseError as e:
        assert one_line(e), repr(e)
        assert snapshot(db) == before
        return
    assert snapshot(db)["reviews"] == before["reviews"] + 1
    stored = reviews.get_review(db, review.id if hasattr(review, "id") else review)
    assert "\u202e" not in stored.title and "\x00" not in stored.title


@HYPOTHESIS
@given(text=HOSTILE_TEXT)
@example(text="The alert fired at 3am \u202eand nobody '; DROP TABLE perspectives; --")
def test_perspective_form_input_is_refused_clearly_or_stored_whole(text):
    db = Database(":memory:")
    teams.add_team(db, "Orion")
    review = reviews.create_review(db, "Orion", "Deploy went sideways", "2026-03-01", "incident")
    link = perspectives.open_collection(db, getattr(review, "id", review))
    before = snapshot(db)
    try:
        perspectives.submit_perspective(db, text, link=link)
    except PulseError as e:
        assert one_line(e), repr(e)
        assert snapshot(db) == before
        return
    assert snapshot(db)["perspectives"] == before["perspectives"] + 1


@HYPOTHESIS
@given(name=HOSTILE_TEXT, password=st.text(max_size=40), role=st.sampled_from(["coach", "admin", "root", "'; --"]))
@example(name="coach'; DROP TABLE accounts; --", password="correct horse battery", role="coach")
def test_account_form_input_is_refused_clearly_or_stored_whole(shared, name, password, role):
    db, _ = shared
    before = snapshot(db)
    try:
        accounts.create_account(db, name, role, password)
    except PulseError as e:
        assert one_line(e), repr(e)
        assert snapshot(db) == before
        return
    assert snapshot(db)["accounts"] == before["accounts"] + 1
    stored = db.cursor().execute("SELECT password_hash FROM accounts ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert password not in stored
