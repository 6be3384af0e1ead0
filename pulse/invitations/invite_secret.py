"""The instance's invite secret, kept outside the database.

A member's personal code is derived from the round's invite key, and that key from this secret and a
random salt the round keeps in the database (:mod:`.invite_keys`). So the database file, or a backup
of it, together with the roster cannot recompute who holds which link, nor see who has answered while
a round is open: that also needs the secret, which lives in ``TEAMPULSE_INVITE_SECRET`` or in a file
readable only by its owner under the user's configuration folder, never beside the data.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

ENV = "TEAMPULSE_INVITE_SECRET"
SECRET_BYTES = 32


def secret_path() -> Path:
    """Where the secret is kept when ``TEAMPULSE_INVITE_SECRET`` is not set."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "teampulse" / "invite-secret"


def instance_secret() -> bytes:
    """The secret: from the environment, else from its file, drawn (owner-only) on first use."""
    if value := os.environ.get(ENV, "").strip():
        return hashlib.sha256(value.encode()).digest()
    path = secret_path()
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process drew it first
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(SECRET_BYTES))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def fingerprint(secret: bytes) -> str:
    """A check value stored with each round's salt: a later message with another secret would give
    everyone a second code (two answers each), so it is refused instead. Reveals nothing of the secret."""
    return hmac.new(secret, b"invite-secret-check", hashlib.sha256).hexdigest()[:16]


def round_key(secret: bytes, salt: bytes) -> bytes:
    """The round's invite key from the instance secret and the round's salt."""
    return hmac.new(secret, b"invite-key:" + salt, hashlib.sha256).digest()
