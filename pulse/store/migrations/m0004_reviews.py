"""Blameless reviews and their anonymous perspectives.

What is absent on purpose: no editor, author or account on any row, no edit time on versions, and
on perspectives no time, no sequence and nothing that joins one to the code or link it came through.
"""

SQL = """
CREATE SEQUENCE review_ids START 1;
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY DEFAULT nextval('review_ids'),
    team_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    event_date DATE NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('incident', 'conflict', 'missed-goal', 'near-miss', 'other')),
    summary VARCHAR NOT NULL DEFAULT '',
    went_well VARCHAR NOT NULL DEFAULT '',
    was_hard VARCHAR NOT NULL DEFAULT '',
    status VARCHAR NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in-review', 'published')),
    version INTEGER NOT NULL DEFAULT 1,
    -- The day the review was (last) published: a fact about the review, for "trust after the review".
    published_on DATE
);

CREATE TABLE review_timeline (
    review_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    moment VARCHAR NOT NULL,  -- a clock time, a date-time or an offset ("T+15m"), as written
    what VARCHAR NOT NULL
);

CREATE TABLE review_factors (
    review_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    category VARCHAR NOT NULL CHECK (category IN ('process', 'tooling', 'communication',
        'workload-and-pressure', 'knowledge', 'environment', 'decisions-under-uncertainty', 'other')),
    detail VARCHAR NOT NULL DEFAULT ''
);

CREATE SEQUENCE review_action_ids START 1;
CREATE TABLE review_actions (
    id INTEGER PRIMARY KEY DEFAULT nextval('review_action_ids'),
    review_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    what VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    due DATE,
    status VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done', 'dropped')),
    link VARCHAR
);

-- A waived blame-language finding: which field, which kind, which words, and why it stays.
CREATE TABLE review_waivers (
    review_id INTEGER NOT NULL,
    field VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    excerpt VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);

-- History: the whole review as JSON after each save. No editor and no time, on purpose.
CREATE TABLE review_versions (
    review_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    snapshot VARCHAR NOT NULL,
    PRIMARY KEY (review_id, version)
);

-- Collecting perspectives: open, then closed for good. The link token is stored as a keyed hash.
CREATE TABLE perspective_collections (
    review_id INTEGER PRIMARY KEY,
    status VARCHAR NOT NULL CHECK (status IN ('open', 'closed')),
    link_hash VARCHAR NOT NULL
);

-- Single-use codes for perspectives, like pulse codes: spending one flips `spent`, nothing else.
CREATE TABLE perspective_codes (
    hash VARCHAR PRIMARY KEY,
    review_id INTEGER NOT NULL,
    spent BOOLEAN NOT NULL DEFAULT false
);

-- A perspective is a random id, its review and its text: nothing else.
CREATE TABLE perspectives (
    id UUID NOT NULL,
    review_id INTEGER NOT NULL,
    body VARCHAR NOT NULL
);
"""
