"""The invite secret lives outside the database (issue 14): the file and the roster alone cannot tell who
holds which link, nor who has answered while a round is open; a changed secret is refused, not obeyed."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat

import pytest

from pulse import invitations, teams
from pulse.errors import CodeInvalid
from pulse.invitations import invite_keys, invite_secret, parse_roster, set_roster
from pulse.responses import submit_response
from pulse.rounds import open_round
from pulse.tokens import codes
from tests.pulse.test_invitations import BASE_URL, PS_ANSWERS, Spool

ROSTER = [f"member{i}@example.org" for i in range(6)]


def _round_with_invitations(db):
    teams.add_team(db, "Atlas")
    set_roster(db, "Atlas", parse_roster("\n".join(ROSTER)))
    rnd = open_round(db, "Atlas", "psych-safety")
    spool = Spool()
    invitations.send_round(db, rnd, "invitation", 1, {"email": spool}, BASE_URL)
    return rnd, spool.take()


def _spent(db, code: str) -> bool:
    try:
        codes.round_for_code(db, code)
    except CodeInvalid:
        return True
    return False


def test_the_database_and_the_roster_alone_cannot_tell_who_has_answered(db):
    rnd, sent = _round_with_invitations(db)
    submit_response(db, PS_ANSWERS, code=sent[ROSTER[0]])
    cur = db.cursor()
    (salt,) = cur.execute("SELECT salt FROM invite_keys WHERE round_id = ?", [rnd.id]).fetchone()
    roster = [a for (a,) in cur.execute("SELECT address FROM roster_members").fetchall()]
    # The attacker's tries with what the file holds: the salt as the key, or hashed, or keyed by nothing.
    for guess in (bytes.fromhex(salt), hashlib.sha256(bytes.fromhex(salt)).digest(), b""):
        derived = {a: invite_keys.personal_code(guess, a) for a in roster}
        assert not set(derived.values()) & set(sent.values())
    # With the secret (kept outside the file) the same computation does find them: the test can see it.
    key = invite_secret.round_key(invite_secret.instance_secret(), bytes.fromhex(salt))
    derived = {a: invite_keys.personal_code(key, a) for a in roster}
    assert derived == sent and [a for a in roster if _spent(db, derived[a])] == [ROSTER[0]]


def test_a_changed_secret_refuses_the_reminder_instead_of_giving_everyone_a_second_code(db, monkeypatch):
    rnd, sent = _round_with_invitations(db)
    issued = codes.code_counts(db.cursor(), rnd.id)[0]
    monkeypatch.setenv(invite_secret.ENV, "another secret, after a move to a new machine")
    spool = Spool()
    report = invitations.send_round(db, rnd, "reminder", 1, {"email": spool}, BASE_URL)
    assert report.sent == 0 and not spool.take()
    (problem,) = report.problems
    assert "another invite secret" in problem and invite_secret.ENV in problem and "\n" not in problem
    assert codes.code_counts(db.cursor(), rnd.id)[0] == issued  # no second code for anyone
    monkeypatch.setenv(invite_secret.ENV, "teampulse-tests-invite-secret")
    report = invitations.send_round(db, rnd, "reminder", 1, {"email": spool}, BASE_URL)
    assert report.sent == len(ROSTER) and spool.take() == sent  # the same links again


def test_the_secret_file_is_drawn_once_and_readable_only_by_its_owner(tmp_path, monkeypatch):
    monkeypatch.delenv(invite_secret.ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    first = invite_secret.instance_secret()
    path = invite_secret.secret_path()
    assert path.is_relative_to(tmp_path / "config") and len(first) == invite_secret.SECRET_BYTES
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert invite_secret.instance_secret() == first  # read back, not drawn again
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert invite_secret.instance_secret() != first


def test_a_round_open_across_the_upgrade_keeps_its_links(db):
    # Rows written before the secret left the database have no check value: their stored value is the key.
    teams.add_team(db, "Atlas")
    rnd = open_round(db, "Atlas", "psych-safety")
    old_key = bytes(range(32))
    db.cursor().execute("INSERT INTO invite_keys (round_id, salt) VALUES (?, ?)", [rnd.id, old_key.hex()])
    assert invite_keys.key_for(db.cursor(), rnd.id) == old_key
    expected = hmac.new(old_key, b"invite-code:ann@example.org", hashlib.sha256).digest()
    assert invite_keys.personal_code(old_key, "Ann@Example.org ") == codes.encode(expected)


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_variable_falls_back_to_the_file(tmp_path, monkeypatch, value):
    monkeypatch.setenv(invite_secret.ENV, value)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert invite_secret.instance_secret() == bytes.fromhex(invite_secret.secret_path().read_text())
