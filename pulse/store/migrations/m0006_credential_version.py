"""A credential version per staff account, so a signed-in session ends when its account changes.

A dashboard session remembers the version it signed in with; every page run compares it with the
account's current one. Changing the password, the role or a coach's teams bumps the version, and
removing the account removes the row: either way the session no longer matches and is signed out.
"""

SQL = "ALTER TABLE accounts ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1"
