"""Survey instruments: the three built-in ones and custom ones loaded from TOML.

Item wording is ours. Sources of the constructs are cited in docs/instruments.md.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pulse.errors import DuplicateName, InvalidInstrument, UnknownInstrument

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
QUESTION_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SCORINGS = ("mean", "nps")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    scale_min: int
    scale_max: int
    low_label: str = ""
    high_label: str = ""
    reverse: bool = False
    in_score: bool = True
    required: bool = True

    def keyed(self, value: float) -> float:
        """The value turned so that higher is always better (reverse-worded items flipped)."""
        return self.scale_min + self.scale_max - value if self.reverse else value


@dataclass(frozen=True)
class CommentTopic:
    """An organisation's own comment topic (``[[topics]]``), placed beside the built-in ones by
    ``analysis.taxonomy.topics_with``: comments close in meaning to its description and examples, or
    naming its terms, join it."""

    key: str
    label: str
    description: str = ""
    examples: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    scoring: str
    questions: tuple[Question, ...]
    description: str = ""
    builtin: bool = False
    topics: tuple[CommentTopic, ...] = ()
    _by_key: dict = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_key", {q.key: q for q in self.questions})

    def question(self, key: str) -> Question | None:
        return self._by_key.get(key)

    @property
    def question_keys(self) -> list[str]:
        return [q.key for q in self.questions]

    @property
    def score_range(self) -> tuple[float, float]:
        if self.scoring == "nps":
            return (-100.0, 100.0)
        scored = [q for q in self.questions if q.in_score]
        return (min(q.scale_min for q in scored), max(q.scale_max for q in scored))

    def dimensions(self) -> list[str]:
        """The rows a trend has for this instrument: each question, then the composite ``score``."""
        return [*self.question_keys, "score"]


def _agree(key, text, reverse=False):
    return Question(key, text, 1, 7, "Strongly disagree", "Strongly agree", reverse=reverse)


PSYCH_SAFETY = Instrument(
    key="psych-safety",
    name="Psychological safety",
    description="Seven statements on how safe it feels to speak up, take risks and ask for help.",
    scoring="mean",
    builtin=True,
    questions=(
        _agree("ps1", "When I make a mistake in this team, it is held against me.", reverse=True),
        _agree("ps2", "In this team we can raise problems and difficult issues openly."),
        _agree("ps3", "People in this team sometimes shut out colleagues for being different.", reverse=True),
        _agree("ps4", "I can take a sensible risk in this team without fearing the consequences."),
        _agree("ps5", "It is hard to ask colleagues in this team for help.", reverse=True),
        _agree("ps6", "No one in this team would deliberately work against my efforts."),
        _agree("ps7", "My particular skills and talents are valued and used in this team."),
    ),
)

_HEALTH = [
    ("value", "Value", "We deliver things our users and stakeholders truly value."),
    ("release", "Easy to release", "Releasing our work is simple, safe and mostly automated."),
    ("fun", "Fun", "We enjoy working together and look forward to it."),
    ("codebase", "Health of codebase", "Our code is clean, readable and well tested."),
    ("learning", "Learning", "We learn new and interesting things all the time."),
    ("mission", "Mission", "We know why we are here and we care about it."),
    ("pawns", "Pawns or players", "We decide what to build and how to build it."),
    ("speed", "Speed", "We get things done quickly, with little waiting."),
    ("process", "Suitable process", "Our way of working fits us well."),
    ("support", "Support", "We get help and support when we ask for it."),
    ("teamwork", "Teamwork", "We are a close team that works well together."),
]

HEALTH_CHECK = Instrument(
    key="health-check",
    name="Squad health check",
    description="Eleven dimensions rated red, amber or green, each with the direction it is moving.",
    scoring="mean",
    builtin=True,
    questions=tuple(
        [Question(k, f"{label}: {text}", 1, 3, "Red", "Green") for k, label, text in _HEALTH]
        + [
            Question(
                f"{k}_trend",
                f"{label}, trend: is this getting better or worse?",
                -1,
                1,
                "Getting worse",
                "Getting better",
                in_score=False,
                required=False,
            )
            for k, label, _ in _HEALTH
        ]
    ),
)

ENPS = Instrument(
    key="enps",
    name="Employee Net Promoter Score",
    description="One question: would you recommend this team as a place to work?",
    scoring="nps",
    builtin=True,
    questions=(
        Question(
            "enps",
            "How likely are you to recommend working in this team to a friend?",
            0,
            10,
            "Not at all likely",
            "Extremely likely",
        ),
    ),
)

BUILTIN = (PSYCH_SAFETY, HEALTH_CHECK, ENPS)


def parse_toml(text: str, source: str = "instrument file") -> Instrument:
    """Build a custom instrument from TOML text; every problem names the field that has it."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InvalidInstrument(f"{source}: not valid TOML: {e}") from e

    def need(mapping, name, kind, where):
        if name not in mapping:
            raise InvalidInstrument(f"{source}: {where} is missing `{name}`")
        if not isinstance(mapping[name], kind) or isinstance(mapping[name], bool) and kind is not bool:
            raise InvalidInstrument(f"{source}: {where} field `{name}` has the wrong type")
        return mapping[name]

    key = need(doc, "key", str, "the instrument")
    if not KEY_PATTERN.match(key):
        raise InvalidInstrument(
            f"{source}: key {key!r} must be lowercase letters, digits and dashes, starting with a letter"
        )
    name = need(doc, "name", str, "the instrument")
    scoring = doc.get("scoring", "mean")
    if scoring not in SCORINGS:
        raise InvalidInstrument(f"{source}: scoring {scoring!r} must be one of {', '.join(SCORINGS)}")
    raw_questions = doc.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise InvalidInstrument(f"{source}: needs at least one [[questions]] table")
    questions = []
    for i, q in enumerate(raw_questions, start=1):
        where = f"question {i}"
        qkey = need(q, "key", str, where)
        if not QUESTION_KEY_PATTERN.match(qkey) or qkey == "score":
            raise InvalidInstrument(
                f"{source}: {where} key {qkey!r} must be lowercase letters, digits and underscores (and not `score`)"
            )
        if any(existing.key == qkey for existing in questions):
            raise InvalidInstrument(f"{source}: {where} repeats the key {qkey!r}")
        scale = need(q, "scale", list, where)
        if (
            len(scale) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in scale)
            or not -100 <= scale[0] < scale[1] <= 100
        ):
            raise InvalidInstrument(f"{source}: {where} `scale` must be two whole numbers [low, high] with low < high")
        questions.append(
            Question(
                key=qkey,
                text=need(q, "text", str, where).strip(),
                scale_min=scale[0],
                scale_max=scale[1],
                low_label=str(q.get("low_label", "")),
                high_label=str(q.get("high_label", "")),
                reverse=bool(q.get("reverse", False)),
                in_score=bool(q.get("in_score", True)),
                required=bool(q.get("required", True)),
            )
        )
    scored = [q for q in questions if q.in_score]
    if not scored:
        raise InvalidInstrument(f"{source}: at least one question must count towards the score")
    if scoring == "nps" and (len(scored) != 1 or (scored[0].scale_min, scored[0].scale_max) != (0, 10)):
        raise InvalidInstrument(f"{source}: nps scoring needs exactly one scored question on a 0-10 scale")
    return Instrument(
        key=key,
        name=name,
        scoring=scoring,
        questions=tuple(questions),
        description=str(doc.get("description", "")),
        topics=parse_topics(doc.get("topics", []), source),
    )


def parse_topics(raw, source: str = "instrument file") -> tuple[CommentTopic, ...]:
    """The ``[[topics]]`` tables of an instrument file; every problem names the topic and field."""
    if not isinstance(raw, list):
        raise InvalidInstrument(f"{source}: `topics` must be [[topics]] tables")
    topics: list[CommentTopic] = []
    for i, t in enumerate(raw, start=1):
        where = f"topic {i}"
        if not isinstance(t, dict):
            raise InvalidInstrument(f"{source}: {where} must be a [[topics]] table")
        key, label = t.get("key"), t.get("label")
        if not isinstance(key, str) or not QUESTION_KEY_PATTERN.match(key):
            raise InvalidInstrument(f"{source}: {where} needs a `key` of lowercase letters, digits and underscores")
        if any(existing.key == key for existing in topics):
            raise InvalidInstrument(f"{source}: {where} repeats the key {key!r}")
        if not isinstance(label, str) or not label.strip():
            raise InvalidInstrument(f"{source}: {where} needs a `label`")
        lists = {}
        for name in ("examples", "terms"):
            value = t.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise InvalidInstrument(f"{source}: {where} field `{name}` must be a list of texts")
            lists[name] = tuple(v.strip() for v in value)
        description = t.get("description", "")
        if not isinstance(description, str):
            raise InvalidInstrument(f"{source}: {where} field `description` must be text")
        if not description.strip() and not lists["examples"]:
            raise InvalidInstrument(f"{source}: {where} needs a `description` or `examples` to be recognised")
        topics.append(CommentTopic(key, label.strip(), description.strip(), lists["examples"], lists["terms"]))
    return tuple(topics)


def topics_json(topics: tuple[CommentTopic, ...]) -> str:
    """An instrument's own topics as stored on its row (m0012)."""
    return json.dumps([asdict(t) for t in topics], ensure_ascii=False)


def topics_from_json(text: str | None) -> tuple[CommentTopic, ...]:
    return tuple(
        CommentTopic(t["key"], t["label"], t["description"], tuple(t["examples"]), tuple(t["terms"]))
        for t in json.loads(text or "[]")
    )


def load_toml(path: str | Path) -> Instrument:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInstrument(f"{path}: cannot read: {e}") from e
    return parse_toml(text, source=str(path))


def store_instrument(cur, instrument: Instrument) -> None:
    if cur.execute("SELECT 1 FROM instruments WHERE key = ?", [instrument.key]).fetchone():
        raise DuplicateName(f"an instrument with key {instrument.key!r} already exists")
    cur.execute(
        "INSERT INTO instruments (key, name, description, scoring, builtin) VALUES (?, ?, ?, ?, ?)",
        [instrument.key, instrument.name, instrument.description, instrument.scoring, instrument.builtin],
    )
    if instrument.topics:  # only instrument files have them; m0002 stores the built-ins before m0012 ran
        cur.execute("UPDATE instruments SET topics = ? WHERE key = ?", [topics_json(instrument.topics), instrument.key])
    cur.executemany(
        "INSERT INTO questions (instrument_key, key, position, text, scale_min, scale_max,"
        " low_label, high_label, reverse, in_score, required) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                instrument.key,
                q.key,
                i,
                q.text,
                q.scale_min,
                q.scale_max,
                q.low_label,
                q.high_label,
                q.reverse,
                q.in_score,
                q.required,
            ]
            for i, q in enumerate(instrument.questions)
        ],
    )


def add_instrument(db, instrument: Instrument) -> None:
    with db.transaction() as cur:
        store_instrument(cur, instrument)
    db.__dict__.pop("_all_instruments", None)


def get_instrument(cur, key: str) -> Instrument:
    row = cur.execute(
        "SELECT key, name, scoring, description, builtin, topics FROM instruments WHERE key = ?", [key]
    ).fetchone()
    if row is None:
        known = ", ".join(r[0] for r in cur.execute("SELECT key FROM instruments ORDER BY key").fetchall())
        raise UnknownInstrument(f"unknown instrument {key!r} (known: {known})")
    questions = cur.execute(
        "SELECT key, text, scale_min, scale_max, low_label, high_label, reverse, in_score, required"
        " FROM questions WHERE instrument_key = ? ORDER BY position",
        [key],
    ).fetchall()
    return Instrument(
        key=row[0],
        name=row[1],
        scoring=row[2],
        description=row[3],
        builtin=row[4],
        questions=tuple(Question(*q) for q in questions),
        topics=topics_from_json(row[5]),
    )


def instrument_for(db, key: str) -> Instrument:
    """``get_instrument`` cached on the Database: instruments are only ever added, never changed,
    so a definition read once stays valid for the life of the process (saves a quarter of the CPU
    of a single submission)."""
    cache = db.__dict__.setdefault("_instruments", {})
    if key not in cache:
        cache[key] = get_instrument(db.cursor(), key)
    return cache[key]


def instruments_of(db) -> dict[str, Instrument]:
    """Every instrument by key, built-in first, read in two statements and cached on the Database
    (``add_instrument`` clears the cache)."""
    every = db.__dict__.get("_all_instruments")
    if every is None:
        cur = db.cursor()
        heads = cur.execute(
            "SELECT key, name, scoring, description, builtin, topics FROM instruments ORDER BY builtin DESC, key"
        ).fetchall()
        questions: dict[str, list[Question]] = {}
        for row in cur.execute(
            "SELECT instrument_key, key, text, scale_min, scale_max, low_label, high_label, reverse, in_score,"
            " required FROM questions ORDER BY instrument_key, position"
        ).fetchall():
            questions.setdefault(row[0], []).append(Question(*row[1:]))
        every = {
            key: Instrument(
                key, name, scoring, tuple(questions.get(key, ())), description, builtin, topics_from_json(topics)
            )
            for key, name, scoring, description, builtin, topics in heads
        }
        db.__dict__["_all_instruments"] = every
        db.__dict__.setdefault("_instruments", {}).update(every)
    return every


def list_instruments(cur) -> list[Instrument]:
    keys = [r[0] for r in cur.execute("SELECT key FROM instruments ORDER BY builtin DESC, key").fetchall()]
    return [get_instrument(cur, k) for k in keys]
