"""Staff accounts: coaches, facilitators and admins. Team members never have one.

Passwords are hashed with argon2id (argon2-cffi); the plain text is never stored or logged. A coach
reads only the teams assigned to them (``Account.scope``); an admin reads every team; a
facilitator runs reviews and reads no team results, except a reviewed team's psych-safety series
around its event (the trust view).

Failed sign-ins are slowed down in two ways: every failure costs a fixed delay before the answer,
and after ``FREE_FAILURES`` consecutive failures the name must wait, doubling each time up to
``MAX_WAIT``, before a password is even checked. Names without an account get the same treatment
(from memory), so the answers never tell whether an account exists. Checking the count, checking the
password and recording the outcome happen under one lock per name, so a parallel burst of guesses
gets no more tries than the same guesses one after another.

Every account has a ``credential_version``: changing its password, role or teams bumps it, and a
dashboard session that signed in with an older version is signed out (``session_is_current``), and the
account's browser sessions (``pulse.sessions``) are deleted with it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pulse.errors import DuplicateName, LoginFailed, NotFound, PulseError
from pulse.teams import clean_name, get_team

ROLES = ("coach", "facilitator", "admin")
MIN_PASSWORD_LENGTH = 10
FAILED_LOGIN_DELAY = 1.0  # seconds every failed attempt costs, before its answer
FREE_FAILURES = 3  # consecutive failures allowed before a name has to wait
MAX_WAIT = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verified against when the name is unknown, so that case costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class UnknownAccount(NotFound):
    pass


class LoginThrottled(LoginFailed):
    """Too many consecutive failures: the name has to wait before trying again."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    teams: tuple[str, ...] = ()
    credential_version: int = 1

    @property
    def scope(self) -> tuple[str, ...] | None:
        """The teams this account may read results of; ``None`` means every team (admin)."""
        if self.role == "admin":
            return None
        if self.role == "coach":
            return self.teams
        return ()

    def can_read(self, team: str) -> bool:
        return self.scope is None or team in self.scope


def generate_password() -> str:
    """A random password of about 100 bits, readable aloud (no look-alike characters)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise PulseError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 1024:
        raise PulseError("a password may have at most 1024 characters")
    return password


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise PulseError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    return role


# --- reading -----------------------------------------------------------------------------------


def _teams_of(cur, account_id: int) -> tuple[str, ...]:
    rows = cur.execute(
        "SELECT t.name FROM account_teams a JOIN teams t ON t.id = a.team_id WHERE a.account_id = ? ORDER BY t.name",
        [account_id],
    ).fetchall()
    return tuple(r[0] for r in rows)


_COLUMNS = "id, name, role, credential_version"


def _account(cur, row) -> Account | None:
    if row is None:
        return None
    account_id, name, role, version = row
    return Account(account_id, name, role, _teams_of(cur, account_id), version)


def find_account(cur, name: str) -> Account | None:
    row = cur.execute(f"SELECT {_COLUMNS} FROM accounts WHERE name = ?", [" ".join(str(name).split())]).fetchone()
    return _account(cur, row)


def get_account(cur, name: str) -> Account:
    account = find_account(cur, name)
    if account is None:
        raise UnknownAccount(f"unknown account {name!r}")
    return account


def account_by_id(cur, account_id: int) -> Account | None:
    """The account as it is now: pages call this on every run, so a removed role takes effect at once."""
    row = cur.execute(f"SELECT {_COLUMNS} FROM accounts WHERE id = ?", [account_id]).fetchone()
    return _account(cur, row)


def session_is_current(cur, account_id: int, credential_version: int) -> Account | None:
    """The account a session signed in as, or ``None`` when it was removed or its credentials changed since."""
    account = account_by_id(cur, account_id)
    if account is None or account.credential_version != credential_version:
        return None
    return account


def list_accounts(cur) -> list[Account]:
    rows = cur.execute(f"SELECT {_COLUMNS} FROM accounts ORDER BY name").fetchall()
    return [_account(cur, r) for r in rows]


# --- writing -----------------------------------------------------------------------------------


def _assign(cur, account_id: int, role: str, teams: Iterable[str]) -> None:
    names = list(dict.fromkeys(teams))
    if names and role != "coach":
        raise PulseError(f"only coaches are assigned teams (an {role} account has none)")
    team_ids = [get_team(cur, t).id for t in names]
    cur.execute("DELETE FROM account_teams WHERE account_id = ?", [account_id])
    if team_ids:
        cur.executemany("INSERT INTO account_teams VALUES (?, ?)", [[account_id, t] for t in team_ids])


def create_account(db, name: str, role: str, password: str, teams: Iterable[str] = ()) -> Account:
    name = clean_name(name, "account")
    _check_role(role)
    digest = _hasher.hash(check_password(password))
    with db.transaction() as cur:
        if cur.execute("SELECT 1 FROM accounts WHERE name = ?", [name]).fetchone():
            raise DuplicateName(f"an account named {name!r} already exists")
        account_id = cur.execute(
            "INSERT INTO accounts (name, role, password_hash) VALUES (?, ?, ?) RETURNING id", [name, role, digest]
        ).fetchone()[0]
        _assign(cur, account_id, role, teams)
        return account_by_id(cur, account_id)


def _bump_credentials(cur, account_id: int) -> None:
    # Sessions signed in with the old version end at their next page run, and their cookies stop working.
    cur.execute("UPDATE accounts SET credential_version = credential_version + 1 WHERE id = ?", [account_id])
    _end_sessions(cur, account_id)


def _end_sessions(cur, account_id: int) -> None:
    """Every browser signed in as this account (``pulse.sessions``) is signed out."""
    cur.execute("DELETE FROM staff_sessions WHERE account_id = ?", [account_id])


def set_teams(db, name: str, teams: Iterable[str]) -> Account:
    with db.transaction() as cur:
        account = get_account(cur, name)
        _assign(cur, account.id, account.role, teams)
        _bump_credentials(cur, account.id)
        return account_by_id(cur, account.id)


def set_role(db, name: str, role: str) -> Account:
    """Give an account another role; a coach's teams go with the coach role."""
    _check_role(role)
    with db.transaction() as cur:
        account = get_account(cur, name)
        if account.role == "admin" and role != "admin" and _admin_count(cur) < 2:
            raise PulseError("cannot take the admin role from the last admin account")
        cur.execute("UPDATE accounts SET role = ? WHERE id = ?", [role, account.id])
        if role != "coach":
            _assign(cur, account.id, role, ())
        _bump_credentials(cur, account.id)
        return account_by_id(cur, account.id)


def set_password(db, name: str, password: str) -> None:
    digest = _hasher.hash(check_password(password))
    with db.transaction() as cur:
        account = get_account(cur, name)
        cur.execute(
            "UPDATE accounts SET password_hash = ?, failed_logins = 0, last_failed_login = NULL,"
            " credential_version = credential_version + 1 WHERE id = ?",
            [digest, account.id],
        )
        _end_sessions(cur, account.id)


def change_own_password(db, name: str, current: str, new: str, **sign_in) -> None:
    """A signed-in account changes its own password: the current one is checked (and throttled) like a
    sign-in, the new one must differ, and every session of the account ends, this one included.

    ``sign_in`` passes ``now`` and ``sleep`` on to ``authenticate`` (tests).
    """
    check_password(new)
    authenticate(db, name, current, **sign_in)
    if new == current:
        raise PulseError("the new password is the same as the current one")
    set_password(db, name, new)


def _admin_count(cur) -> int:
    return cur.execute("SELECT count(*) FROM accounts WHERE role = 'admin'").fetchone()[0]


def delete_account(db, name: str) -> None:
    with db.transaction() as cur:
        account = get_account(cur, name)
        if account.role == "admin" and _admin_count(cur) < 2:
            raise PulseError("cannot remove the last admin account")
        cur.execute("DELETE FROM account_teams WHERE account_id = ?", [account.id])
        _end_sessions(cur, account.id)
        # The row goes, so every session signed in as it fails ``session_is_current``.
        cur.execute("DELETE FROM accounts WHERE id = ?", [account.id])


# --- signing in --------------------------------------------------------------------------------


def required_wait(failures: int) -> timedelta:
    """How long a name must wait after its last failure before the next password is checked."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - FREE_FAILURES + 1, 20)), MAX_WAIT)


class _UnknownNames:
    """Failure counts for names without an account, kept in memory only (bounded)."""

    def __init__(self, limit: int = 10_000):
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, tuple[int, datetime]] = OrderedDict()
        self._limit = limit

    def get(self, name: str) -> tuple[int, datetime | None]:
        with self._lock:
            return self._seen.get(name, (0, None))

    def fail(self, name: str, now: datetime) -> None:
        with self._lock:
            failures, _ = self._seen.pop(name, (0, None))
            self._seen[name] = (failures + 1, now)
            while len(self._seen) > self._limit:
                self._seen.popitem(last=False)


_unknown_names = _UnknownNames()


class _NameLocks:
    """One lock per name (striped: a fixed set, so memory stays bounded; two names may share one)."""

    def __init__(self, stripes: int = 256):
        self._locks = [threading.Lock() for _ in range(stripes)]

    def __call__(self, name: str) -> threading.Lock:
        return self._locks[hash(name) % len(self._locks)]


_name_locks = _NameLocks()


def authenticate(
    db,
    name: str,
    password: str,
    *,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Account:
    """The account for ``name`` if ``password`` is right; else ``LoginFailed`` after a delay.

    Check-then-act would let a burst of parallel guesses all pass the throttle before any failure is
    recorded, so checking the count, verifying and recording run under the name's lock. The fixed
    delay of a failure is served after the lock is released: it slows the guesser, not the queue.
    """
    name = " ".join(str(name or "").split())
    with _name_locks(name):
        account_id = _check_and_record(db, name, str(password or ""), now or datetime.now())
    if account_id is None:
        sleep(FAILED_LOGIN_DELAY)
        raise LoginFailed("wrong name or password")
    return account_by_id(db.cursor(), account_id)


def _check_and_record(db, name: str, password: str, now: datetime) -> int | None:
    """The account id when the password is right, ``None`` after recording a failure; may raise LoginThrottled."""
    cur = db.cursor()
    row = cur.execute(
        "SELECT id, password_hash, failed_logins, last_failed_login FROM accounts WHERE name = ?", [name]
    ).fetchone()
    failures, last_failed = (row[2], row[3]) if row else _unknown_names.get(name)
    wait = required_wait(failures)
    if last_failed is not None and now < last_failed + wait:
        seconds = int((last_failed + wait - now).total_seconds()) + 1
        raise LoginThrottled(f"too many failed sign-ins with this name: wait {seconds} s and try again")
    try:
        _hasher.verify(row[1] if row else _DUMMY_HASH, password)
        ok = row is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        if row:
            with db.transaction() as w:
                w.execute(
                    "UPDATE accounts SET failed_logins = failed_logins + 1, last_failed_login = ? WHERE id = ?",
                    [now, row[0]],
                )
        else:
            _unknown_names.fail(name, now)
        return None
    with db.transaction() as w:
        w.execute("UPDATE accounts SET failed_logins = 0, last_failed_login = NULL WHERE id = ?", [row[0]])
        if _hasher.check_needs_rehash(row[1]):
            w.execute("UPDATE accounts SET password_hash = ? WHERE id = ?", [_hasher.hash(password), row[0]])
    return row[0]
