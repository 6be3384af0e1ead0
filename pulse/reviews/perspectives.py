"""Anonymous perspectives on a review: what each participant saw, in their own words.

The same rules as pulses. A perspective is stored as a random id, its review and its text: no
identity, no time, no sequence, and nothing that joins it to the code it came through.
Participants come only through single-use codes (``pulse.tokens.codes``, the ``PERSPECTIVE`` code
book), typed in or carried by a personal link: a shared link let anyone write any number of
perspectives, and filler must not count towards k. Spending a code flips its flag in a transaction of
its own and records nothing else; the text waits in the mixing buffer (``pulse.store.mixing``) and
reaches the file in a shuffled batch of at least k, or when collection closes, after which the file
is resealed.

The facilitator reads nothing while collection is open (the count may show, as participation does).
Closing is final: it rewrites the rows in random-id order and deletes the codes. Only then, and only
when at least k perspectives were written (the organisation's threshold, as for every figure), are
the texts released: in random order, with names, emails, @handles and phone numbers scrubbed.
Reopening is impossible on purpose: a second release would reveal exactly what was added in
between, and by whom it was likely written.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass

from pulse import lint, settings
from pulse.errors import CollectionClosed, PerspectivesHidden, PulseError
from pulse.reviews.store import get_review, load_review
from pulse.scrub import scrub_identifiers
from pulse.store import mixing
from pulse.store.shuffle import shuffle_rows
from pulse.teams import get_team
from pulse.text import clean_text
from pulse.tokens import codes, links

MAX_PERSPECTIVE = 5_000
MAX_CODES_PER_CALL = 1_000


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


def clean_perspective(text) -> str:
    """Strip and drop invisible control and formatting characters; 1 to 5,000 characters."""
    if not isinstance(text, str):
        raise PulseError("a perspective must be text")
    kept = clean_text(text, limit=MAX_PERSPECTIVE, what="the perspective", error=PulseError)
    if not kept:
        raise PulseError("the perspective is empty")
    return kept


def threshold(db) -> int:
    """k: the fewest perspectives that are ever shown (the organisation's threshold for every figure)."""
    return settings.min_group_size(db.cursor())


def _status(cur, review_id: int) -> str:
    row = cur.execute("SELECT status FROM perspective_collections WHERE review_id = ?", [review_id]).fetchone()
    return row[0] if row else "not-open"


def _count(cur, review_id: int) -> int:
    """Perspectives written: while collecting, the spent codes (texts wait in the mixing buffer)."""
    return cur.execute(
        "SELECT greatest((SELECT count(*) FROM perspectives WHERE review_id = ?),"
        " (SELECT count(*) FROM perspective_codes WHERE review_id = ? AND spent))",
        [review_id, review_id],
    ).fetchone()[0]


def closed_count(cur, review_id: int) -> int | None:
    """How many perspectives a closed collection gathered; None while none was closed."""
    return _count(cur, review_id) if _status(cur, review_id) == "closed" else None


def collection_state(db, review_id: int) -> CollectionState:
    get_review(db, review_id)
    cur = db.cursor()
    return CollectionState(review_id, _status(cur, review_id), _count(cur, review_id))


# --- the facilitator's side ------------------------------------------------------------------


def open_collection(db, review_id: int) -> None:
    """Start collecting perspectives for a review that is not published; then issue codes to hand out."""

    def work(cur):
        review = load_review(cur, review_id)
        if review.status == "published":
            raise CollectionClosed(f"review {review_id} is published: perspectives are collected before publishing")
        status = _status(cur, review_id)
        if status != "not-open":
            raise CollectionClosed(f"perspectives for review {review_id} are already {status}")
        # link_hash is left empty: there is no shared link any more, only codes.
        cur.execute("INSERT INTO perspective_collections VALUES (?, 'open', '')", [review_id])

    db.run_in_transaction(work)


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
    with db.transaction() as cur:
        _require_open(cur, review_id)
        return codes.issue(cur, codes.PERSPECTIVE, review_id, count, limit=MAX_CODES_PER_CALL)


def close_collection(db, review_id: int) -> CollectionState:
    """Stop collecting, for good: rows are rewritten in random-id order and the codes are deleted."""

    def work(cur):
        _require_open(cur, review_id)
        cur.execute("UPDATE perspective_collections SET status = 'closed' WHERE review_id = ?", [review_id])
        codes.forget(cur, codes.PERSPECTIVE, [review_id])
        _write(cur, pending.get(review_id, []), review_id)
        # Storage order would otherwise be arrival order, which a facilitator could match to who left the room when.
        shuffle_rows(cur, "perspectives", [review_id])
        return CollectionState(review_id, "closed", _count(cur, review_id))

    pending = mixing.buffer_of(db, "perspectives").drain([review_id])
    try:
        state = db.run_in_transaction(work)
    except BaseException:
        mixing.buffer_of(db, "perspectives").put_back(pending)
        raise
    db.seal()  # the log (and, after a restart, the file's blocks) still hold them in arrival order
    return state


def release(db, review_id: int, roster=None) -> PerspectiveRelease:
    """The perspectives, once collection closed with at least k of them: shuffled, names scrubbed."""
    get_review(db, review_id)
    cur = db.cursor()
    status, n, k = _status(cur, review_id), _count(cur, review_id), settings.min_group_size(cur)
    if status != "closed":
        note = (
            "not collecting yet" if status == "not-open" else "collection is open: perspectives appear when it closes"
        )
        return PerspectiveRelease(review_id, status, n, [], note)
    if n < k:
        return PerspectiveRelease(review_id, status, n, [], f"hidden: fewer than {k} perspectives were written (n={n})")
    texts = [r[0] for r in cur.execute("SELECT body FROM perspectives WHERE review_id = ?", [review_id]).fetchall()]
    random.SystemRandom().shuffle(texts)
    return PerspectiveRelease(review_id, status, n, [scrub_names(t, roster) for t in texts])


def scrub_names(text: str, roster=None) -> str:
    """Emails, @handles, phones and roster names (``scrub_identifiers``), then likely names, as placeholders."""
    roster = lint.as_roster(roster)
    text = scrub_identifiers(text, roster.names)
    # Names only: the blaming-tone encoder's reading of each perspective would be thrown away.
    for found in sorted(lint.lint_text(text, tone=False), key=lambda f: f.start, reverse=True):
        if found.kind == "possible-name":
            text = text[: found.start] + "[name]" + text[found.end :]
    return text


# --- the participant's side ------------------------------------------------------------------


def invitation_for_code(db, code: str) -> Invitation:
    """What a code opens, without spending it; ``CodeInvalid`` (one message) for any code that opens nothing."""
    review = get_review(db, codes.peek(db.cursor(), codes.PERSPECTIVE, code))
    return Invitation(review.id, review.title, review.team)


def submit_perspective(db, text: str, *, code: str | None = None, link: str | None = None) -> None:
    """Store one perspective, reached by a single-use code. Nothing is returned, so no caller can keep a
    handle on what was written. ``link`` (a shared link) is refused: links are personal now."""
    if link is not None:
        links.refuse_shared_link()
    if code is None:
        raise PulseError("a perspective needs a one-time code")
    body = clean_perspective(text)

    # The code is spent alone; the text waits in the mixing buffer and reaches the file in a shuffled
    # batch of at least k, or when collection closes (``pulse.store.mixing``).
    review_id = db.run_in_transaction(lambda cur: codes.spend(cur, codes.PERSPECTIVE, code))
    mixing.flush_on_close(db, "perspectives", lambda taken: _write_pending(db, taken))
    batch = mixing.buffer_of(db, "perspectives").add(review_id, body, settings.min_group_size(db.cursor()))
    if batch:
        _write_pending(db, {review_id: batch})


def _write(cur, bodies: list[str], review_id: int | None = None) -> None:
    rows = sorted((uuid.uuid4(), review_id, body) for body in bodies)
    if rows:
        cur.executemany("INSERT INTO perspectives VALUES (?, ?, ?)", rows)


def _write_pending(db, taken: dict[int, list[str]]) -> None:
    def work(cur):
        for review_id, bodies in taken.items():
            if _status(cur, review_id) == "open":
                _write(cur, bodies, review_id)

    try:
        db.run_in_transaction(work)
    except BaseException:
        mixing.buffer_of(db, "perspectives").put_back(taken)
        raise


# --- themes ----------------------------------------------------------------------------------


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

    ``model`` comes from the caller (the pages pass ``analysis.themes.ThemeModel``: ``pulse`` never
    imports ``analysis``); without one, everything is one theme.
    """
    released = release(db, review_id, roster)
    if not released.shown:
        raise PerspectivesHidden(released.note)
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
