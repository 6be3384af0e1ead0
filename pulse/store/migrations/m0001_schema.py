"""The anonymous store. Note what is absent: no identity, no submission time, no sequence on
responses or comments, and no column that joins a comment or a code to a response."""

SQL = """
CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

CREATE SEQUENCE tribe_ids START 1;
CREATE TABLE tribes (
    id INTEGER PRIMARY KEY DEFAULT nextval('tribe_ids'),
    name VARCHAR NOT NULL UNIQUE
);

CREATE SEQUENCE team_ids START 1;
CREATE TABLE teams (
    id INTEGER PRIMARY KEY DEFAULT nextval('team_ids'),
    name VARCHAR NOT NULL UNIQUE,
    tribe_id INTEGER,
    size INTEGER CHECK (size IS NULL OR size > 0)
);

CREATE TABLE instruments (
    key VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    scoring VARCHAR NOT NULL CHECK (scoring IN ('mean', 'nps')),
    builtin BOOLEAN NOT NULL
);

CREATE TABLE questions (
    instrument_key VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    scale_min SMALLINT NOT NULL,
    scale_max SMALLINT NOT NULL,
    low_label VARCHAR NOT NULL DEFAULT '',
    high_label VARCHAR NOT NULL DEFAULT '',
    reverse BOOLEAN NOT NULL DEFAULT false,
    in_score BOOLEAN NOT NULL DEFAULT true,
    required BOOLEAN NOT NULL DEFAULT true,
    PRIMARY KEY (instrument_key, key)
);

CREATE SEQUENCE round_ids START 1;
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY DEFAULT nextval('round_ids'),
    team_id INTEGER NOT NULL,
    instrument_key VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('open', 'closed')),
    purged BOOLEAN NOT NULL DEFAULT false,
    UNIQUE (team_id, instrument_key, period_start)
);

-- A response is a random id and its round: nothing else.
CREATE TABLE responses (id UUID NOT NULL, round_id INTEGER NOT NULL);
CREATE TABLE answers (
    response_id UUID NOT NULL,
    round_id INTEGER NOT NULL,
    question VARCHAR NOT NULL,
    value SMALLINT NOT NULL
);

-- Comments carry their round only: there is no key that joins them to a response.
CREATE TABLE comments (id UUID NOT NULL, round_id INTEGER NOT NULL, body VARCHAR NOT NULL);

-- Codes are keyed hashes; redemption flips `spent` and records nothing else.
CREATE TABLE codes (
    hash VARCHAR PRIMARY KEY,
    round_id INTEGER NOT NULL,
    spent BOOLEAN NOT NULL DEFAULT false
);

-- Sufficient statistics of closed rounds (see pulse/round_stats.py); they outlive a purge.
CREATE TABLE round_stats (
    round_id INTEGER NOT NULL,
    dimension VARCHAR NOT NULL,
    n INTEGER NOT NULL,
    total DOUBLE NOT NULL,
    total_sq DOUBLE NOT NULL,
    PRIMARY KEY (round_id, dimension)
);
CREATE TABLE round_value_counts (
    round_id INTEGER NOT NULL,
    question VARCHAR NOT NULL,
    value SMALLINT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (round_id, question, value)
);
"""
