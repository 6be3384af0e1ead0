"""Staff accounts (coaches, facilitators, admins), their team assignments, and team links.

Team members never have an account. Nothing here refers to a response, a comment or a code: an
account can read results through the query layer, it is never joined to what anyone answered.
"""

SQL = """
CREATE SEQUENCE account_ids START 1;
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY DEFAULT nextval('account_ids'),
    name VARCHAR NOT NULL UNIQUE,
    role VARCHAR NOT NULL CHECK (role IN ('coach', 'facilitator', 'admin')),
    password_hash VARCHAR NOT NULL,
    -- Slowing down password guessing: consecutive failures and when the last one happened.
    failed_logins INTEGER NOT NULL DEFAULT 0,
    last_failed_login TIMESTAMP
);

-- Which teams a coach may read. Admins read every team; facilitators read reviews only.
CREATE TABLE account_teams (
    account_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    PRIMARY KEY (account_id, team_id)
);

-- A team link answers the open round of one team and instrument. The token is shown once and
-- stored only as a keyed hash, like codes.
CREATE TABLE team_links (
    hash VARCHAR PRIMARY KEY,
    team_id INTEGER NOT NULL,
    instrument_key VARCHAR NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT false
);
"""
