"""Anonymous perspectives on a review: what each participant saw, in their own words.

The same rules as pulses. A perspective is stored as a random id, its review and its text: no
identity, no time, no sequence, and nothing that joins it to the link or code it came through.
Participants come through a link (a 128-bit token shown once, stored as a keyed hash) or a
single-use code (``pulse.codes``: same alphabet, same keyed hash, in a table of its own); spending a
code flips its flag in the same transaction that stores the text, and records nothing else.

The facilitator reads nothing while collection is open (the count may show, as participation does).
Closing is final: it rewrites the rows in random-id order and deletes the codes. Only then, and only
when at least ``MIN_SHOWN`` perspectives were written, are the texts released: in random order, with
names, emails, @handles and phone numbers scrubbed. Reopening is impossible on purpose: a second
release would reveal exactly what was added in between, and by whom it was likely written.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass

from pulse import lint, settings
from pulse.errors import CodeInvalid, CodeSpent, CollectionClosed, PerspectivesHidden, PulseError
from pulse.reviews import get_review, load_review
from pulse.scrub import scrub_identifiers
from pulse.teams import get_team
from pulse.tokens import codes

MIN_SHOWN = 3
MAX_PERSPECTIVE = 5_000
MAX_CODES_PER_CALL = 1_000


class LinkInvalid(CodeInvalid):
    """A perspective link that is unknown, replaced, or whose collection has closed."""


@dataclass(frozen=True)
class CollectionState:
    """Where collecting stands: ``status`` is not-open, open or closed; ``count`` may show live."""

    review_id: int
    status: str
    count: int


@dataclass(frozen=True)
class Invitation:
    """What a participant sees before writing: the review's title and team, nothing about others."""

    review_id: int
    title: str
    team: str


@dataclass(frozen=True)
class PerspectiveRelease:
    """The perspectives a facilitator may read; ``texts`` is empty (and ``note`` says why) until shown."""

    review_id: int
    status: str
    n: int
    texts: list[str]
    note: str = ""

    @property
    def shown(self) -> bool:
        return bool(self.texts)


@dataclass(frozen=True)
class PerspectiveTheme:
    label: str
    texts: list[str]

    @property
    def size(self) -> int:
        return len(self.texts)


def _link_hash(key: bytes, token: str) -> str:
    # Its own prefix, so a perspective link can never be mistaken for a team link or a code.
    return hmac.new(key, b"perspective-link:" + str(token).strip().encode(), hashlib.sha256).hexdigest()


def clean_perspective(text) -> str:
    """Strip and drop invisible control and formatting characters; 1 to 5,000 characters."""
    if not isinstance(text, str):
        raise PulseError("a perspective must be text")
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    kept = kept.replace("\r\n", "\n").strip()
    if not kept:
        raise PulseError("the perspective is empty")
    if len(kept) > MAX_PERSPECTIVE:
        raise PulseError(f"the perspective is {len(kept)} characters; the limit is {MAX_PERSPECTIVE}")
    return kept


def _status(cur, review_id: int) -> str:
    row = cur.execute("SELECT status FROM perspective_collections WHERE review_id = ?", [review_id]).fetchone()
    return row[0] if row else "not-open"


def _count(cur, review_id: int) -> int:
    return cur.execute("SELECT count(*) FROM perspectives WHERE review_id = ?", [review_id]).fetchone()[0]


def collection_state(db, review_id: int) -> CollectionState:
    get_review(db, review_id)
    cur = db.cursor()
    return CollectionState(review_id, _status(cur, review_id), _count(cur, review_id))


# --- the facilitator's side ------------------------------------------------------------------


def open_collection(db, review_id: int) -> str:
    """Start collecting perspectives for a review that is not published; return the link token once."""
    token = secrets.token_urlsafe(16)

    def work(cur):
        review = load_review(cur, review_id)
        if review.status == "published":
            raise CollectionClosed(f"review {review_id} is published: perspectives are collected before publishing")
        status = _status(cur, review_id)
        if status != "not-open":
            raise CollectionClosed(f"perspectives for review {review_id} are already {status}")
        cur.execute(
            "INSERT INTO perspective_collections VALUES (?, 'open', ?)",
            [review_id, _link_hash(settings.code_key(cur), token)],
        )
        return token

    return db.run_in_transaction(work)


def new_link(db, review_id: int) -> str:
    """Replace the link of an open collection (the old one stops working); return the new token once."""
    token = secrets.token_urlsafe(16)
    with db.transaction() as cur:
        _require_open(cur, review_id)
        cur.execute(
            "UPDATE perspective_collections SET link_hash = ? WHERE review_id = ?",
            [_link_hash(settings.code_key(cur), token), review_id],
        )
    return token


def _require_open(cur, review_id: int) -> None:
    status = _status(cur, review_id)
    if status != "open":
        raise CollectionClosed(f"review {review_id} is not collecting perspectives (it is {status})")


def suggested_code_count(db, review_id: int) -> int:
    """About 20% more codes than the team has members, as for pulses."""
    cur = db.cursor()
    return codes.suggested_count(get_team(cur, get_review(db, review_id).team).size)


def issue_codes(db, review_id: int, count: int) -> list[str]:
    """Single-use codes for an open collection, returned in plain text this once only."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CODES_PER_CALL:
        raise PulseError(f"number of codes must be between 1 and {MAX_CODES_PER_CALL}, got {count!r}")
    with db.transaction() as cur:
        _require_open(cur, review_id)
        key = settings.code_key(cur)
        issued = [codes.new_code() for _ in range(count)]
        cur.executemany(
            "INSERT INTO perspective_codes (hash, review_id) VALUES (?, ?)",
            [[codes.code_hash(key, c), review_id] for c in issued],
        )
    return issued


def close_collection(db, review_id: int) -> CollectionState:
    """Stop collecting, for good: rows are rewritten in random-id order and the codes are deleted."""

    def work(cur):
        _require_open(cur, review_id)
        cur.execute("UPDATE perspective_collections SET status = 'closed' WHERE review_id = ?", [review_id])
        cur.execute("DELETE FROM perspective_codes WHERE review_id = ?", [review_id])
        # Storage order would otherwise be arrival order, which a facilitator could match to who left the room when.
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE shuffled_perspectives AS"
            " SELECT * FROM perspectives WHERE review_id = ? ORDER BY id",
            [review_id],
        )
        cur.execute("DELETE FROM perspectives WHERE review_id = ?", [review_id])
        cur.execute("INSERT INTO perspectives SELECT * FROM shuffled_perspectives")
        cur.execute("DROP TABLE shuffled_perspectives")
        return CollectionState(review_id, "closed", _count(cur, review_id))

    return db.run_in_transaction(work)


def release(db, review_id: int, roster=None) -> PerspectiveRelease:
    """The perspectives, once collection closed with at least ``MIN_SHOWN``: shuffled, names scrubbed."""
    get_review(db, review_id)
    cur = db.cursor()
    status, n = _status(cur, review_id), _count(cur, review_id)
    if status != "closed":
        note = (
            "not collecting yet" if status == "not-open" else "collection is open: perspectives appear when it closes"
        )
        return PerspectiveRelease(review_id, status, n, [], note)
    if n < MIN_SHOWN:
        return PerspectiveRelease(
            review_id, status, n, [], f"hidden: fewer than {MIN_SHOWN} perspectives were written (n={n})"
        )
    texts = [r[0] for r in cur.execute("SELECT body FROM perspectives WHERE review_id = ?", [review_id]).fetchall()]
    random.SystemRandom().shuffle(texts)
    return PerspectiveRelease(review_id, status, n, [scrub_names(t, roster) for t in texts])


def scrub_names(text: str, roster=None) -> str:
    """Emails, @handles, phones and roster names (``scrub_identifiers``), then likely names, as placeholders."""
    roster = lint.as_roster(roster)
    text = scrub_identifiers(text, roster.names)
    for found in sorted(lint.lint_text(text), key=lambda f: f.start, reverse=True):
        if found.kind == "possible-name":
            text = text[: found.start] + "[name]" + text[found.end :]
    return text


# --- the participant's side ------------------------------------------------------------------


def invitation_for_link(db, token: str) -> Invitation:
    """What a link opens, so the form can show the review's title; ``LinkInvalid`` when it opens nothing."""
    cur = db.cursor()
    review_id = _review_for_link(cur, token)
    return _invitation(db, review_id)


def invitation_for_code(db, code: str) -> Invitation:
    """What a code opens, without spending it."""
    cur = db.cursor()
    row = cur.execute(
        "SELECT review_id, spent FROM perspective_codes WHERE hash = ?",
        [codes.code_hash(settings.code_key(cur), code)],
    ).fetchone()
    if row is None:
        raise CodeInvalid("that code is not valid: check it for typos")
    if row[1]:
        raise CodeSpent("that code has already been used")
    _require_open(cur, row[0])
    return _invitation(db, row[0])


def _invitation(db, review_id: int) -> Invitation:
    review = get_review(db, review_id)
    return Invitation(review.id, review.title, review.team)


def _review_for_link(cur, token) -> int:
    if not isinstance(token, str) or not 8 <= len(token.strip()) <= 64:
        raise LinkInvalid("that link is not valid: ask your facilitator for the current one")
    row = cur.execute(
        "SELECT review_id, status FROM perspective_collections WHERE link_hash = ?",
        [_link_hash(settings.code_key(cur), token)],
    ).fetchone()
    if row is None or row[1] != "open":
        raise LinkInvalid("that link is not valid, or collection has closed")
    return row[0]


def submit_perspective(db, text: str, *, link: str | None = None, code: str | None = None) -> None:
    """Store one perspective, reached by a link or a single-use code. Nothing is returned, so no caller
    can keep a handle on what was written."""
    if (link is None) == (code is None):
        raise PulseError("a perspective needs either a link or a code")
    body = clean_perspective(text)

    def work(cur):
        if code is not None:
            digest = codes.code_hash(settings.code_key(cur), code)
            row = cur.execute(
                "UPDATE perspective_codes SET spent = true WHERE hash = ? AND NOT spent RETURNING review_id", [digest]
            ).fetchone()
            if row is None:
                if cur.execute("SELECT 1 FROM perspective_codes WHERE hash = ?", [digest]).fetchone():
                    raise CodeSpent("that code has already been used")
                raise CodeInvalid("that code is not valid: check it for typos")
            review_id = row[0]
        else:
            review_id = _review_for_link(cur, link)
        _require_open(cur, review_id)
        cur.execute("INSERT INTO perspectives VALUES (?, ?, ?)", [uuid.uuid4(), review_id, body])

    db.run_in_transaction(work)


# --- themes ----------------------------------------------------------------------------------


def default_theme_model():
    """The analysis issue's theme model when it is installed, else None (one group of everything).

    This is the hook: ``analysis.themes.ThemeModel`` is used with its defaults; pass ``model=`` to
    ``group_into_themes`` to use anything else.
    """
    try:
        from analysis.themes import ThemeModel  # optional: written in parallel
    except ImportError:
        return None
    return ThemeModel()


def theme_labels(texts: list[str], model) -> tuple[list, dict]:
    """One theme label per text from ``model``, plus readable names for labels where the model has them.

    ``model`` may be a callable ``texts -> labels``, or an estimator with ``fit_predict``, or one whose
    ``fit`` leaves ``labels_`` (or offers ``predict``, or ``transform`` giving labels or one score per
    theme, the highest winning).
    """
    names: dict = {}
    if hasattr(model, "fit_predict"):
        labels = model.fit_predict(texts)
        fitted = model
    elif hasattr(model, "fit"):
        fitted = model.fit(texts)
        fitted = model if fitted is None else fitted
        if getattr(fitted, "labels_", None) is not None:
            labels = fitted.labels_
        elif hasattr(fitted, "predict"):
            labels = fitted.predict(texts)
        elif hasattr(fitted, "transform"):
            labels = fitted.transform(texts)
        else:
            raise PulseError(f"{type(model).__name__} gives no theme per text (no labels_, predict or transform)")
    elif callable(model):
        labels, fitted = model(texts), None
    else:
        raise PulseError(f"cannot group perspectives with {type(model).__name__}")
    labels = _one_label_each(labels)
    if len(labels) != len(texts):
        raise PulseError(f"the theme model gave {len(labels)} labels for {len(texts)} perspectives")
    if fitted is not None:
        names = _theme_names(fitted)
    return labels, names


def _one_label_each(labels) -> list:
    rows = labels.tolist() if hasattr(labels, "tolist") else list(labels)
    out = []
    for row in rows:
        if isinstance(row, list | tuple):  # a score per theme: the best one wins
            out.append(max(range(len(row)), key=row.__getitem__))
        else:
            out.append(row)
    return out


def _theme_names(fitted) -> dict:
    for attribute in ("theme_labels_", "label_names_", "labels_text_"):
        value = getattr(fitted, attribute, None)
        if isinstance(value, dict):
            return dict(value)
        if isinstance(value, list | tuple):
            return dict(enumerate(value))
    themes = getattr(fitted, "themes_", None)
    if isinstance(themes, list | tuple):
        names = {}
        for i, theme in enumerate(themes):
            label = theme.get("label") if isinstance(theme, dict) else getattr(theme, "label", None)
            key = theme.get("id", i) if isinstance(theme, dict) else getattr(theme, "id", i)
            if label:
                names[key] = label
        return names
    return {}


def group_into_themes(db, review_id: int, model=None, roster=None) -> list[PerspectiveTheme]:
    """Released perspectives grouped into themes, largest first; ``PerspectivesHidden`` before release.

    Without a model and without ``analysis.themes``, everything is one theme.
    """
    released = release(db, review_id, roster)
    if not released.shown:
        raise PerspectivesHidden(released.note)
    model = model if model is not None else default_theme_model()
    if model is None:
        return [PerspectiveTheme("all perspectives", list(released.texts))]
    labels, names = theme_labels(released.texts, model)
    groups: dict = {}
    for label, text in zip(labels, released.texts, strict=True):
        groups.setdefault(label, []).append(text)
    themes = [PerspectiveTheme(str(names.get(label, _default_name(label))), texts) for label, texts in groups.items()]
    return sorted(themes, key=lambda t: (-t.size, t.label))


def _default_name(label) -> str:
    return f"theme {label}" if re.fullmatch(r"-?\d+", str(label)) else str(label)
