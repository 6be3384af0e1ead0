"""The frozen block plan: which closed rounds are pooled together, decided once and stored.

Blocks used to be recomputed on every read with the current k, so changing k redrew them and two
overlapping blocks subtracted to one person's answers. Now a round joins a block when it closes and
never moves; a block records the k it was completed at. ``rounds.responses`` keeps each closed
round's response count (participation), so statistics can later be merged per block without losing it.
"""

SQL = """
ALTER TABLE rounds ADD COLUMN responses INTEGER;
CREATE SEQUENCE block_ids START 1;
CREATE TABLE blocks (
    id INTEGER PRIMARY KEY DEFAULT nextval('block_ids'),
    team_id INTEGER NOT NULL,
    instrument_key VARCHAR NOT NULL,
    responses INTEGER NOT NULL,
    k INTEGER  -- the threshold the block was completed at; NULL while it waits for more rounds
);
CREATE TABLE block_rounds (round_id INTEGER PRIMARY KEY, block_id INTEGER NOT NULL);
DROP TABLE round_value_counts;
"""


def apply(cur) -> None:
    cur.execute(SQL)
    # Files made before the plan existed: blocks are formed once, now, as the reads formed them.
    cur.execute(
        "UPDATE rounds SET responses = coalesce((SELECT s.n FROM round_stats s"
        " WHERE s.round_id = rounds.id AND s.dimension = 'score'), 0) WHERE status = 'closed'"
    )
    if cur.execute("SELECT count(*) FROM settings WHERE key = 'min_group_size'").fetchone()[0]:
        from pulse.closing import plan_blocks  # the one function that builds the plan

        closed = [r[0] for r in cur.execute("SELECT id FROM rounds WHERE status = 'closed'").fetchall()]
        plan_blocks(cur, closed)
