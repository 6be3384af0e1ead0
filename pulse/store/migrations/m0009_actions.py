"""One action model for results and reviews: what, owner role, due date, status, linked to a team.

An action is decided from a team's results (a dimension, a comment theme, the round it followed)
or in a blameless review. Both used to be apart (``review_actions``); now every action is a row of
``actions`` and a review's actions are those with its ``review_id``. Existing review actions keep
their ids. What is absent on purpose: who wrote or changed an action, and when it was written.
``round_id`` is the closed round whose results the action followed: the trend chart marks it there,
and the optional follow-up question ("did this help?") is asked in that team's next round.
"""

SQL = """
CREATE TABLE actions (
    id INTEGER PRIMARY KEY DEFAULT nextval('action_ids'),
    team_id INTEGER NOT NULL,
    what VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,  -- a role or the team, never a person
    due DATE,
    status VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done', 'dropped')),
    link VARCHAR,
    instrument_key VARCHAR,
    dimension VARCHAR,
    theme VARCHAR,
    round_id INTEGER,
    review_id INTEGER,
    position INTEGER NOT NULL DEFAULT 0,
    followup BOOLEAN NOT NULL DEFAULT false
);

-- The team's results link: a token derived from the code key and a generation, stored only as a
-- keyed hash. A new generation retires the old link.
CREATE TABLE team_results_links (
    team_id INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL,
    hash VARCHAR NOT NULL UNIQUE
);
"""


def apply(cur) -> None:
    start = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM review_actions").fetchone()[0]
    cur.execute(f"CREATE SEQUENCE action_ids START {int(start)}")
    cur.execute(SQL)
    cur.execute(
        "INSERT INTO actions (id, team_id, what, owner, due, status, link, review_id, position)"
        " SELECT a.id, r.team_id, a.what, a.owner, a.due, a.status, a.link, a.review_id, a.position"
        " FROM review_actions a JOIN reviews r ON r.id = a.review_id"
    )
    cur.execute("DROP TABLE review_actions")
    cur.execute("DROP SEQUENCE review_action_ids")
