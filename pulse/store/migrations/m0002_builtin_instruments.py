"""Seed the settings and the three built-in instruments."""

import secrets


def apply(cur) -> None:
    from pulse.instruments import BUILTIN, store_instrument

    cur.execute("INSERT INTO settings VALUES ('min_group_size', '5')")
    cur.execute("INSERT INTO settings VALUES ('code_key', ?)", [secrets.token_hex(32)])
    cur.execute("INSERT INTO settings VALUES ('period_days', '14')")
    cur.execute("INSERT INTO settings VALUES ('period_anchor', '2024-01-01')")
    for instrument in BUILTIN:
        store_instrument(cur, instrument)
