"""Anonymous responses: validation, single submissions and the bulk write path.

A response is stored as a random id, its round and its answers. Its comment goes to a separate
table under a different random id; nothing joins the two.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from pulse import settings
from pulse.actions import followup_answers
from pulse.errors import CodeInvalid, CommentTooLong, InvalidAnswer, PulseError, RoundClosed, UnknownQuestion
from pulse.instruments import Instrument, instrument_for
from pulse.rounds import get_round
from pulse.store import mixing
from pulse.tokens import codes

MAX_COMMENT = 2000


@dataclass(frozen=True)
class Submission:
    """One validated response, ready to store."""

    round_id: int
    answers: dict[str, int]
    comment: str | None = None


def parse_value(raw, question) -> int:
    """A whole number on the question's scale, from an int or its text; else InvalidAnswer."""
    if isinstance(raw, bool):
        raise InvalidAnswer(f"{question.key}: {raw!r} is not a number")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        text = raw.strip()
        try:
            raw = int(text)
        except ValueError:
            try:
                as_float = float(text)
            except ValueError:
                raise InvalidAnswer(f"{question.key}: {text[:40]!r} is not a number") from None
            if not as_float.is_integer():
                raise InvalidAnswer(f"{question.key}: {text[:40]!r} is not a whole number") from None
            raw = int(as_float)
    if not isinstance(raw, int):
        raise InvalidAnswer(f"{question.key}: {raw!r} is not a whole number")
    if not question.scale_min <= raw <= question.scale_max:
        raise InvalidAnswer(f"{question.key}: {raw} is outside the scale {question.scale_min}-{question.scale_max}")
    return raw


def clean_comment(text: str | None) -> str | None:
    """Strip, drop invisible control and formatting characters, and enforce the 2,000 character cap."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise InvalidAnswer("comment must be text")
    # Cf covers zero-width and bidirectional overrides, which can disguise what a comment says.
    kept = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    ).strip()
    if not kept:
        return None
    if len(kept) > MAX_COMMENT:
        raise CommentTooLong(f"comment is {len(kept)} characters; the limit is {MAX_COMMENT}")
    return kept


def validate_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, int]:
    """Check every answer against its question; blank optional answers are dropped."""
    clean: dict[str, int] = {}
    for key, raw in answers.items():
        question = instrument.question(key)
        if question is None:
            raise UnknownQuestion(f"{key!r} is not a question of {instrument.key}")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        clean[key] = parse_value(raw, question)
    missing = [q.key for q in instrument.questions if q.required and q.key not in clean]
    if missing:
        raise InvalidAnswer(f"missing answer for {', '.join(missing)}")
    return clean


def submit_response(
    db,
    answers: Mapping[str, object],
    *,
    round_id: int | None = None,
    code: str | None = None,
    comment: str | None = None,
    followups: Mapping[object, object] | None = None,
) -> None:
    """Accept one anonymous response for an open round, reached by a code (or a round id, for tests
    and tools that own the round).

    The code is spent in a transaction of its own; the response waits in the round's mixing buffer
    and reaches the file in a shuffled batch of at least k (``pulse.store.mixing``), so nothing on
    disk orders submissions or joins a code to its answers. Nothing is returned, so no caller can
    hold on to a response id. ``followups`` answers the round's follow-up questions ("did this
    help?", :mod:`pulse.actions`); they are stored as answers of the same response.
    """
    if code is None and round_id is None:
        raise PulseError("a response needs a round or a code")
    comment = clean_comment(comment)
    if code is not None:
        rnd = codes.round_for_code(db, code)  # checks the code without spending it
        if round_id is not None and round_id != rnd.id:
            raise CodeInvalid("that code belongs to another survey")
    else:
        rnd = get_round(db.cursor(), round_id)
    if not rnd.accepts_answers():
        raise RoundClosed(f"this round ({rnd.team}, {rnd.period}) is closed and takes no more answers")
    clean = validate_answers(instrument_for(db, rnd.instrument), answers)
    if followups is not None:
        clean |= followup_answers(db, rnd.id, followups)
    if code is not None:
        db.run_in_transaction(lambda cur: codes.redeem(cur, code))
    buffer = mixing.buffer_of(db, "responses")
    mixing.flush_on_close(db, "responses", lambda taken: write_pending(db, taken))
    batch = buffer.add(rnd.id, Submission(rnd.id, clean, comment), settings.min_group_size(db.cursor()))
    if batch:
        write_pending(db, {rnd.id: batch})


def write_pending(db, taken: dict[int, list[Submission]]) -> None:
    """Write batches taken from the mixing buffer in one transaction; put them back if it fails."""

    def work(cur):
        # A round that closed meanwhile took its buffer with it; a straggler must not land after.
        open_ids = {
            r[0]
            for r in cur.execute(
                "SELECT id FROM rounds WHERE status = 'open' AND id IN (SELECT unnest(?::INTEGER[]))", [list(taken)]
            ).fetchall()
        }
        return write_submissions(cur, [s for key, batch in taken.items() if key in open_ids for s in batch])

    try:
        db.run_in_transaction(work)
    except PulseError:
        mixing.buffer_of(db, "responses").put_back(taken)
        raise


def take_pending(db, round_ids: list[int]) -> list[Submission]:
    """Everything buffered for ``round_ids`` (shuffled), for the closing transaction to write."""
    taken = mixing.buffer_of(db, "responses").drain(round_ids)
    return [s for batch in taken.values() for s in batch]


def write_submissions(cur, submissions: Iterable[Submission]) -> int:
    """Write validated submissions with fresh random ids, in random-id order; return how many."""
    response_rows, answer_rows, comment_rows = [], [], []
    for sub in submissions:
        rid = uuid.uuid4()
        response_rows.append((rid, sub.round_id))
        answer_rows.extend((rid, sub.round_id, key, value) for key, value in sub.answers.items())
        if sub.comment:
            comment_rows.append((uuid.uuid4(), sub.round_id, sub.comment))
    if not response_rows:
        return 0
    # Sorting by the random ids makes storage order independent of input or arrival order.
    response_rows.sort(key=lambda r: r[0])
    answer_rows.sort(key=lambda r: (r[1], r[0]))
    comment_rows.sort(key=lambda r: r[0])
    if len(response_rows) < 20:
        _insert_values(cur, "responses", response_rows)
        _insert_values(cur, "answers", answer_rows)
        _insert_values(cur, "comments", comment_rows)
    else:
        _bulk_insert(cur, "responses", pd.DataFrame(response_rows, columns=["id", "round_id"]))
        _bulk_insert(
            cur, "answers", pd.DataFrame(answer_rows, columns=["response_id", "round_id", "question", "value"])
        )
        if comment_rows:
            _bulk_insert(cur, "comments", pd.DataFrame(comment_rows, columns=["id", "round_id", "body"]))
    return len(response_rows)


def _insert_values(cur, table: str, rows: list[tuple]) -> None:
    """A few rows as one parameterised INSERT. executemany runs the statement once per row: a single
    submission's seven answers took about 3 ms that way and 0.5 ms as one statement (see
    benchmarks/foundation.py), and that time is spent inside the submitter's transaction."""
    if not rows:
        return
    placeholders = "(" + ", ".join("?" * len(rows[0])) + ")"
    cur.execute(
        f"INSERT INTO {table} VALUES " + ", ".join([placeholders] * len(rows)), [v for row in rows for v in row]
    )


def _bulk_insert(cur, table: str, frame: pd.DataFrame) -> None:
    for column in ("id", "response_id"):
        if column in frame:
            frame[column] = frame[column].astype(str)
    cur.complete()  # DuckDB refuses register() while an earlier result on this cursor is unread
    cur.register("bulk_rows", frame)
    try:
        cur.execute(f"INSERT INTO {table} SELECT * FROM bulk_rows")
    finally:
        cur.unregister("bulk_rows")


def response_count(cur, round_id: int) -> int:
    """Participation for a round: a count, which may show live (DESIGN.md rule 6).

    While a round is open its answers wait in the mixing buffer, so its spent codes are the count;
    once it closes its codes are gone and its stored responses are.
    """
    return cur.execute(
        "SELECT greatest((SELECT count(*) FROM responses WHERE round_id = ?),"
        " (SELECT count(*) FROM codes WHERE round_id = ? AND spent))",
        [round_id, round_id],
    ).fetchone()[0]
