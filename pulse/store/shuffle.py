"""Rewriting rows in random-id order: the one shuffle, for pulses and perspectives alike.

Rows are appended in arrival order; once a round or a collection closes they are rewritten ordered
by their random ids, so storage order says nothing of who answered when. (The file keeps the old
order in its log and free space until ``Database.reseal`` rewrites it.)
"""

from __future__ import annotations

# Tables whose rows belong to an owner (a round, a review), with the column naming the owner and
# the random-id columns to order by. Identifiers come only from here, never from input.
TABLES = {
    "responses": ("round_id", "id"),
    "answers": ("round_id", "response_id, question"),
    "comments": ("round_id", "id"),
    "perspectives": ("review_id", "id"),
}


def shuffle_rows(cur, table: str, owner_ids: list[int]) -> None:
    """Rewrite ``table``'s rows of ``owner_ids`` in random-id order, inside the caller's transaction."""
    owner, order = TABLES[table]
    ids = [int(i) for i in owner_ids]
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE shuffled AS SELECT * FROM {table}"
        f" WHERE {owner} IN (SELECT unnest(?::INTEGER[])) ORDER BY {owner}, {order}",
        [ids],
    )
    cur.execute(f"DELETE FROM {table} WHERE {owner} IN (SELECT unnest(?::INTEGER[]))", [ids])
    cur.execute(f"INSERT INTO {table} SELECT * FROM shuffled")
    cur.execute("DROP TABLE shuffled")
