"""The frozen block plan: which closed rounds are pooled together, decided once and stored.

Blocks used to be recomputed on every read with the current k, so changing k redrew them and two
overlapping blocks subtracted to one person's answers. Now a round joins a block when it closes and
never moves; a block records the k it was completed at. ``rounds.responses`` keeps each closed
round's response count (participation), so statistics can later be merged per block without losing it.
"""

from pulse.results.blocks import assign_blocks

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
    row = cur.execute("SELECT value FROM settings WHERE key = 'min_group_size'").fetchone()
    if row is None:
        return
    k = max(int(row[0]), 3)
    rows = cur.execute(
        "SELECT team_id, instrument_key, id, responses FROM rounds WHERE status = 'closed'"
        " ORDER BY team_id, instrument_key, period_start"
    ).fetchall()
    series: dict[tuple, list[tuple[int, int]]] = {}
    for team_id, key, round_id, n in rows:
        series.setdefault((team_id, key), []).append((round_id, n))
    for (team_id, key), items in series.items():
        blocks, complete = assign_blocks([n for _, n in items], k)
        ids: dict[int, int] = {}
        for (round_id, n), block, done in zip(items, blocks, complete, strict=True):
            if block not in ids:
                ids[block] = cur.execute(
                    "INSERT INTO blocks (team_id, instrument_key, responses, k) VALUES (?, ?, 0, ?) RETURNING id",
                    [team_id, key, k if done else None],
                ).fetchone()[0]
            cur.execute("UPDATE blocks SET responses = responses + ? WHERE id = ?", [n, ids[block]])
            cur.execute("INSERT INTO block_rounds VALUES (?, ?)", [round_id, ids[block]])
