"""DESIGN.md rules 1-3 checked on the schema itself: what the store cannot hold, it cannot leak."""

import pytest

RESPONSE_TABLES = ("responses", "answers", "comments", "codes")
TIME_TYPES = ("DATE", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "INTERVAL")
IDENTITY_WORDS = ("email", "name", "user", "account", "ip", "agent", "session", "person", "member", "code_id")


def columns(db, table):
    return {
        name: dtype
        for name, dtype in db.cursor()
        .execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table])
        .fetchall()
    }


@pytest.mark.parametrize("table", RESPONSE_TABLES)
def test_no_time_and_no_identity_column_near_responses(db, table):
    cols = columns(db, table)
    assert cols, f"{table} missing"
    assert not [c for c, t in cols.items() if t.upper() in TIME_TYPES]
    assert not [c for c in cols if any(word == part for part in c.split("_") for word in IDENTITY_WORDS)]


def test_comments_share_nothing_with_responses_but_their_round(db):
    shared = set(columns(db, "comments")) & (set(columns(db, "answers")) | set(columns(db, "responses")))
    assert shared <= {"id", "round_id"}
    # `id` exists in both, but comment ids and response ids are independent random values.
    assert set(columns(db, "comments")) == {"id", "round_id", "body"}


def test_codes_record_only_hash_round_and_spent(db):
    assert set(columns(db, "codes")) == {"hash", "round_id", "spent"}


def test_responses_have_no_sequence(db):
    assert columns(db, "responses")["id"] == "UUID"
    assert columns(db, "comments")["id"] == "UUID"
