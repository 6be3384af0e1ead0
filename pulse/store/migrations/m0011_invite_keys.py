"""Invite keys: one random key per round that invitations went out for.

A member's personal code is derived from the round's key and their address
(:mod:`pulse.invitations.sending`), so the invitation and every reminder carry the same single-use
link and one person holds one code per round (DESIGN.md rule 4). The key is deleted with the
round's codes when the round closes (:mod:`pulse.closing`). Note what is absent: no address, no
code, no pairing of the two; the codes table keeps only keyed hashes, as for printed codes.
"""

SQL = """
CREATE TABLE invite_keys (
    round_id INTEGER PRIMARY KEY,
    key VARCHAR NOT NULL
);
"""
