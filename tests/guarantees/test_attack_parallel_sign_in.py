"""Attack (issue 11, item 6): a burst of parallel password guesses against one name.

Checking the failure count and recording a failure used to be separate steps, so 40 guesses sent
at once were all checked before the first failure was written, and the right one among them got
in. Now the count is checked and the outcome recorded under one lock per name: after
``FREE_FAILURES`` failures the name waits, however the guesses are spread over threads.
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from pulse import accounts

PASSWORD = "correct horse battery"
GUESSERS = 40
NOW = datetime(2026, 6, 1, 12, 0, 0)


def burst(db, name: str, passwords: list[str]) -> list[object]:
    """Send every password at once from its own thread; each outcome is an Account or the error raised."""
    start = threading.Barrier(len(passwords))
    outcomes: list[object] = [None] * len(passwords)

    def guess(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = accounts.authenticate(db, name, passwords[i], now=NOW, sleep=lambda _s: None)
        except accounts.LoginFailed as e:
            outcomes[i] = e

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(passwords))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def checked(outcomes: list[object]) -> int:
    """Guesses whose password was actually compared (not turned away by the throttle)."""
    return sum(not isinstance(o, accounts.LoginThrottled) for o in outcomes)


@pytest.mark.parametrize("name", ["ana", "nobody-at-all"])
def test_a_parallel_burst_of_wrong_guesses_gets_only_the_free_failures(file_db, name):
    accounts.create_account(file_db, "ana", "coach", PASSWORD)
    outcomes = burst(file_db, name, [f"wrong guess {i:02d}" for i in range(GUESSERS)])
    assert checked(outcomes) == accounts.FREE_FAILURES
    assert sum(isinstance(o, accounts.LoginThrottled) for o in outcomes) == GUESSERS - accounts.FREE_FAILURES


def test_the_right_password_hidden_in_a_parallel_burst_gets_at_most_the_free_tries(file_db):
    accounts.create_account(file_db, "ana", "coach", PASSWORD)
    guesses = [f"wrong guess {i:02d}" for i in range(GUESSERS - 1)] + [PASSWORD]
    outcomes = burst(file_db, "ana", guesses)
    # The right password gets in only if it was among the first FREE_FAILURES + 1 tries, as it would
    # one guess after another; every other guess of the burst is turned away unchecked.
    assert checked(outcomes) <= accounts.FREE_FAILURES + 1
    signed_in = [o for o in outcomes if isinstance(o, accounts.Account)]
    assert len(signed_in) <= 1


def test_once_the_name_waits_a_burst_with_the_right_password_is_turned_away_unchecked(file_db):
    accounts.create_account(file_db, "ana", "coach", PASSWORD)
    burst(file_db, "ana", [f"wrong guess {i:02d}" for i in range(accounts.FREE_FAILURES)])
    guesses = [f"wrong guess {i:02d}" for i in range(GUESSERS - 1)] + [PASSWORD]
    outcomes = burst(file_db, "ana", guesses)
    assert checked(outcomes) == 0 and not any(isinstance(o, accounts.Account) for o in outcomes)
    (failures,) = file_db.cursor().execute("SELECT failed_logins FROM accounts WHERE name = 'ana'").fetchone()
    assert failures == accounts.FREE_FAILURES
