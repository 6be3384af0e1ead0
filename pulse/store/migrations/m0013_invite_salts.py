"""Invite keys leave the database: each round keeps a random salt, and its key is derived from that salt
and the instance's invite secret, which lives outside the file (:mod:`pulse.invitations.invite_secret`).
``secret_check`` holds the secret's check value; rows written before this migration have none and keep
using their stored value as the key, so a round open across the upgrade keeps its links.
"""

SQL = """
ALTER TABLE invite_keys RENAME COLUMN key TO salt;
ALTER TABLE invite_keys ADD COLUMN secret_check VARCHAR;
"""
