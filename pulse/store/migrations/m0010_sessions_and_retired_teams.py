"""Staff sessions that survive a reload, and teams that can be retired.

``staff_sessions`` holds one row per signed-in browser: only a hash of its random id, the account,
the credential version it signed in with and when it expires. A row of kind ``handoff`` is the
short-lived ticket a page gives the browser to collect its HTTP-only cookie from the server; the
session row remembers the ticket's hash so the page that signed in can end it. Nothing here refers
to a response, a comment or a code. ``session_key`` signs the cookies.

A retired team keeps its history and its name; it takes no new rounds.
"""

import secrets


def apply(cur) -> None:
    cur.execute(
        "CREATE TABLE staff_sessions ("
        " id_hash VARCHAR PRIMARY KEY,"
        " kind VARCHAR NOT NULL CHECK (kind IN ('handoff', 'session')),"
        " handoff_hash VARCHAR,"
        " account_id INTEGER NOT NULL,"
        " credential_version INTEGER NOT NULL,"
        " expires TIMESTAMP NOT NULL)"
    )
    cur.execute("INSERT INTO settings VALUES ('session_key', ?)", [secrets.token_hex(32)])
    cur.execute("ALTER TABLE teams ADD COLUMN retired BOOLEAN DEFAULT false")
