"""Schedules, rosters and the send log.

A schedule is a cadence (every N weeks or months from an anchor) for one instrument and one group
of teams: a tribe (its teams at each tick) or listed teams. Pauses stop a team for good or skip the
periods that start in one week (a holiday), for one team or for everyone.

A roster is a team's list of addresses, used only to send invitations and reminders. Note what is
absent: no table here or anywhere joins an address to a code, a round's response or a comment; the
send log holds counts only.
"""

SQL = """
CREATE SEQUENCE schedule_ids START 1;
CREATE TABLE schedules (
    id INTEGER PRIMARY KEY DEFAULT nextval('schedule_ids'),
    instrument_key VARCHAR NOT NULL,
    unit VARCHAR NOT NULL CHECK (unit IN ('week', 'month')),
    every INTEGER NOT NULL CHECK (every BETWEEN 1 AND 52),
    anchor DATE NOT NULL,
    tribe_id INTEGER,
    reminders INTEGER[] NOT NULL,
    paused BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE schedule_teams (
    schedule_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    PRIMARY KEY (schedule_id, team_id)
);
-- team_id NULL: every team; week NULL: until lifted, else the Monday of the paused week.
CREATE TABLE schedule_pauses (team_id INTEGER, week DATE);

CREATE TABLE roster_members (
    team_id INTEGER NOT NULL,
    channel VARCHAR NOT NULL CHECK (channel IN ('email', 'slack', 'teams')),
    address VARCHAR NOT NULL,
    PRIMARY KEY (team_id, channel, address)
);

-- Counts only: how many messages of one kind went out for a round, and how many failed.
CREATE TABLE send_log (
    round_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    number SMALLINT NOT NULL,
    sent_on DATE NOT NULL,
    sent INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    PRIMARY KEY (round_id, kind, number)
);
"""
