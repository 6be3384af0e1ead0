"""Staff accounts, sign-in slowing, team links and code look-ups (pulse/accounts.py, pulse/links.py)."""

from datetime import datetime, timedelta

import pytest

from pulse import accounts
from pulse.closing import close_round
from pulse.errors import CodeInvalid, DuplicateName, LinkInvalid, PulseError, UnknownTeam
from pulse.responses import submit_response
from pulse.rounds import open_round
from pulse.teams import add_team
from pulse.tokens import links
from pulse.tokens.codes import issue_codes

PASSWORD = "correct horse battery"


@pytest.fixture
def teams_db(db):
    add_team(db, "Alpha", "Tribe", 6)
    add_team(db, "Bravo", "Tribe", 6)
    return db


def no_sleep(_seconds):
    pass


def test_password_is_stored_only_as_an_argon2_hash(teams_db):
    accounts.create_account(teams_db, "ana", "coach", PASSWORD, ["Alpha"])
    (digest,) = teams_db.cursor().execute("SELECT password_hash FROM accounts").fetchone()
    assert digest.startswith("$argon2id$") and PASSWORD not in digest


def test_coach_scope_is_the_assigned_teams_and_admin_reads_everything(teams_db):
    coach = accounts.create_account(teams_db, "ana", "coach", PASSWORD, ["Alpha"])
    admin = accounts.create_account(teams_db, "root", "admin", PASSWORD)
    facilitator = accounts.create_account(teams_db, "fay", "facilitator", PASSWORD)
    assert coach.scope == ("Alpha",) and coach.can_read("Alpha") and not coach.can_read("Bravo")
    assert admin.scope is None and admin.can_read("Bravo")
    assert facilitator.scope == () and not facilitator.can_read("Alpha")
    assert accounts.set_teams(teams_db, "ana", ["Alpha", "Bravo"]).scope == ("Alpha", "Bravo")


@pytest.mark.parametrize(
    ("role", "teams", "error"),
    [("boss", (), PulseError), ("admin", ("Alpha",), PulseError), ("coach", ("Nope",), UnknownTeam)],
)
def test_bad_accounts_are_refused(teams_db, role, teams, error):
    with pytest.raises(error):
        accounts.create_account(teams_db, "x", role, PASSWORD, teams)
    assert accounts.list_accounts(teams_db.cursor()) == []


def test_short_passwords_and_duplicate_names_are_refused(teams_db):
    with pytest.raises(PulseError, match="at least"):
        accounts.create_account(teams_db, "ana", "coach", "short")
    accounts.create_account(teams_db, "ana", "coach", PASSWORD)
    with pytest.raises(DuplicateName):
        accounts.create_account(teams_db, "ana", "admin", PASSWORD)


def test_the_last_admin_cannot_be_removed(teams_db):
    accounts.create_account(teams_db, "root", "admin", PASSWORD)
    with pytest.raises(PulseError, match="last admin"):
        accounts.delete_account(teams_db, "root")
    accounts.create_account(teams_db, "root2", "admin", PASSWORD)
    accounts.delete_account(teams_db, "root")
    assert [a.name for a in accounts.list_accounts(teams_db.cursor())] == ["root2"]


def test_sign_in_with_the_right_password(teams_db):
    accounts.create_account(teams_db, "ana", "coach", PASSWORD, ["Alpha"])
    account = accounts.authenticate(teams_db, " ana ", PASSWORD, sleep=no_sleep)
    assert (account.name, account.role, account.teams) == ("ana", "coach", ("Alpha",))


def test_every_failure_is_slowed_down_and_says_nothing_about_the_name(teams_db):
    accounts.create_account(teams_db, "ana", "coach", PASSWORD)
    slept = []
    messages = []
    for name in ("ana", "nobody-here"):
        with pytest.raises(accounts.LoginFailed) as caught:
            accounts.authenticate(teams_db, name, "wrong password!", sleep=slept.append)
        messages.append(str(caught.value))
    assert slept == [accounts.FAILED_LOGIN_DELAY] * 2
    assert messages[0] == messages[1] == "wrong name or password"


@pytest.mark.parametrize("name", ["ana", "nobody-at-all"])
def test_repeated_failures_make_the_name_wait_even_for_the_right_password(teams_db, name):
    accounts.create_account(teams_db, "ana", "coach", PASSWORD)
    start = datetime(2026, 6, 1, 12, 0, 0)
    for i in range(accounts.FREE_FAILURES):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(teams_db, name, "wrong password!", now=start + timedelta(seconds=i), sleep=no_sleep)
    last = start + timedelta(seconds=accounts.FREE_FAILURES - 1)
    with pytest.raises(accounts.LoginThrottled, match="wait"):
        accounts.authenticate(teams_db, name, PASSWORD, now=last + timedelta(seconds=1), sleep=no_sleep)
    later = last + accounts.required_wait(accounts.FREE_FAILURES) + timedelta(seconds=1)
    if name == "ana":
        assert accounts.authenticate(teams_db, name, PASSWORD, now=later, sleep=no_sleep).name == "ana"
        # success resets the count: the next failure is free again
        with pytest.raises(accounts.LoginFailed) as caught:
            accounts.authenticate(teams_db, name, "wrong password!", now=later, sleep=no_sleep)
        assert not isinstance(caught.value, accounts.LoginThrottled)
    else:
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(teams_db, name, PASSWORD, now=later, sleep=no_sleep)


def test_waits_double_and_are_capped():
    waits = [accounts.required_wait(n).total_seconds() for n in range(8)]
    assert waits[: accounts.FREE_FAILURES] == [0] * accounts.FREE_FAILURES
    assert waits[accounts.FREE_FAILURES + 1] == 2 * waits[accounts.FREE_FAILURES]
    assert accounts.required_wait(1000) == accounts.MAX_WAIT


def test_a_new_password_works_and_the_old_one_does_not(teams_db):
    accounts.create_account(teams_db, "ana", "coach", PASSWORD)
    accounts.set_password(teams_db, "ana", "another long password")
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(teams_db, "ana", PASSWORD, sleep=no_sleep)
    assert accounts.authenticate(teams_db, "ana", "another long password", sleep=no_sleep)


def test_generated_passwords_are_long_and_differ():
    first, second = accounts.generate_password(), accounts.generate_password()
    assert first != second and len(first) >= accounts.MIN_PASSWORD_LENGTH


# --- credential versions (issue 11, item 12) ----------------------------------------------------


def test_changing_a_password_role_or_teams_moves_the_credential_version_on(teams_db):
    signed_in = accounts.create_account(teams_db, "ana", "coach", PASSWORD, ["Alpha"])
    cur = teams_db.cursor()
    assert accounts.session_is_current(cur, signed_in.id, signed_in.credential_version) == signed_in
    versions = [signed_in.credential_version]
    for change in (
        lambda: accounts.set_password(teams_db, "ana", "another long password"),
        lambda: accounts.set_teams(teams_db, "ana", ["Alpha", "Bravo"]),
        lambda: accounts.set_role(teams_db, "ana", "facilitator"),
    ):
        change()
        versions.append(accounts.get_account(cur, "ana").credential_version)
        assert accounts.session_is_current(cur, signed_in.id, versions[-2]) is None
    assert versions == sorted(set(versions))
    assert accounts.get_account(cur, "ana").teams == ()  # a coach's teams go with the coach role


def test_signing_in_or_failing_does_not_end_other_sessions(teams_db):
    signed_in = accounts.create_account(teams_db, "ana", "coach", PASSWORD)
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(teams_db, "ana", "wrong password!", sleep=no_sleep)
    accounts.authenticate(teams_db, "ana", PASSWORD, sleep=no_sleep)
    assert accounts.session_is_current(teams_db.cursor(), signed_in.id, signed_in.credential_version)


def test_a_removed_account_has_no_current_session(teams_db):
    accounts.create_account(teams_db, "root", "admin", PASSWORD)
    signed_in = accounts.create_account(teams_db, "ana", "coach", PASSWORD)
    accounts.delete_account(teams_db, "ana")
    accounts.create_account(teams_db, "ana", "coach", PASSWORD)  # the same name again is another account
    assert accounts.session_is_current(teams_db.cursor(), signed_in.id, signed_in.credential_version) is None
    with pytest.raises(PulseError, match="last admin"):
        accounts.set_role(teams_db, "root", "coach")


# --- links and codes ---------------------------------------------------------------------------


def test_an_old_shared_link_is_refused_with_a_reason():
    # Shared team links were retired (issue 11, item 3): links are personal codes now (tests/pulse/test_codes.py).
    with pytest.raises(LinkInvalid, match="personal link or a one-time code"):
        links.refuse_shared_link()


def test_looking_up_a_code_does_not_spend_it(teams_db):
    rnd = open_round(teams_db, "Alpha", "enps")
    (code,) = issue_codes(teams_db, rnd.id, 1)
    assert links.round_for_code(teams_db, code).id == rnd.id
    assert links.round_for_code(teams_db, code.lower()).id == rnd.id
    submit_response(teams_db, {"enps": 9}, code=code)
    for spent_or_unknown in (code, "0000-0000-0000-0000"):
        with pytest.raises(CodeInvalid):
            links.round_for_code(teams_db, spent_or_unknown)


def test_a_code_of_a_closed_round_is_refused(teams_db):
    rnd = open_round(teams_db, "Alpha", "enps")
    (code,) = issue_codes(teams_db, rnd.id, 1)
    close_round(teams_db, rnd.id)
    with pytest.raises(CodeInvalid):
        links.round_for_code(teams_db, code)


def test_link_rate_limit_counts_per_fixed_window():
    now = [0.0]
    limit = links.LinkRateLimit(limit=2, window=60, clock=lambda: now[0])
    limit.take("a")
    limit.take("a")
    limit.take("b")
    with pytest.raises(links.LinkBusy):
        limit.take("a")
    now[0] = 61.0
    limit.take("a")


# --- the `teampulse user` command --------------------------------------------------------------


def test_user_add_prints_a_password_that_signs_in(file_db):
    from click.testing import CliRunner

    from teampulse.cli import main

    add_team(file_db, "Alpha", None, 5)
    file_db.close()
    runner = CliRunner()
    result = runner.invoke(main, ["--db", file_db.path, "user", "add", "ana", "--role", "coach", "--team", "Alpha"])
    assert result.exit_code == 0, result.output
    password = result.output.split("password: ")[1].strip()
    assert accounts.authenticate(file_db, "ana", password, sleep=no_sleep).teams == ("Alpha",)
    file_db.close()
    listed = runner.invoke(main, ["--db", file_db.path, "user", "list", "--format", "json"])
    assert '"role": "coach"' in listed.output and password not in listed.output
    bad = runner.invoke(main, ["--db", file_db.path, "user", "add", "bo", "--role", "coach", "--team", "Nope"])
    assert bad.exit_code == 1 and "unknown team" in bad.output


def test_demo_has_one_account_of_each_role(demo_db):
    roles = {a.role: a for a in accounts.list_accounts(demo_db.cursor())}
    assert set(roles) == set(accounts.ROLES)
    assert roles["coach"].teams == ("Atlas", "Beacon", "Comet")


def test_staff_change_their_own_password_only_with_the_current_one(teams_db):
    accounts.create_account(teams_db, "sam", "coach", PASSWORD, ["Alpha"])
    new = "a brand new passphrase"
    with pytest.raises(accounts.LoginFailed):
        accounts.change_own_password(teams_db, "sam", "not my password", new, sleep=no_sleep)
    with pytest.raises(PulseError, match="same as the current one"):
        accounts.change_own_password(teams_db, "sam", PASSWORD, PASSWORD, sleep=no_sleep)
    with pytest.raises(PulseError, match="at least 10 characters"):
        accounts.change_own_password(teams_db, "sam", PASSWORD, "short", sleep=no_sleep)
    before = accounts.get_account(teams_db.cursor(), "sam").credential_version
    accounts.change_own_password(teams_db, "sam", PASSWORD, new, sleep=no_sleep)
    assert accounts.authenticate(teams_db, "sam", new).name == "sam"
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(teams_db, "sam", PASSWORD, sleep=no_sleep)
    assert accounts.get_account(teams_db.cursor(), "sam").credential_version == before + 1
