"""The blaming-tone classifier: a fine-tuned sentence encoder (``encoder.py``) that reads whole segments no
phrasing rule flagged. It reads the sentence as written, names included: who is judged decides the label
("Alice deployed a broken config" blames, "Alice restarted the consumer" does not), and word features could not
tell those apart on real text (docs/reviews.md, seventh pass)."""

from collections.abc import Callable

from pulse.lint.encoder import ToneEncoder, tone_encoder
from pulse.lint.segments import WORD, sentence_spans

# Probability of "blaming" above which a sentence with no other phrasing finding gets a blaming-tone one.
# Chosen on sets the encoder had not learned (session 14; docs/reviews.md, eighth pass): on heldout-9, 0.9 gave
# 0.678 blame recall for 0.061 of neutral sentences flagged and 0.8 0.729 / 0.073; on heldout-10, 0.9 gave
# 0.710 / 0.091 and 0.8 0.758 / 0.102, and 0.8 read blame into the role a facilitator puts in place of a name
# ("The on-call engineer restarted the scheduler after the on-call engineer's first attempt timed out.", 0.885).
TONE_THRESHOLD = 0.9
_MIN_TONE_WORDS = 6  # shorter fragments (table cells, commands) are left to the rules
_PHRASING = ("blame", "counterfactual", "judgement")


def tone_model() -> ToneEncoder:
    """The packaged encoder (cached). Raises ``TrainingDataMissing`` when its weights cannot be read: a check
    without its classifier would pass blaming text quietly."""
    return tone_encoder()


def _as_sentence(segment: str) -> str:
    """A segment with final punctuation: the encoder learned sentences, and without the full stop it reads
    blame into plain timeline rows ("A support engineer notices slow refunds and opens a ticket": 0.93, with
    the stop 0.31)."""
    stripped = segment.rstrip()
    return stripped if stripped[-1:] in (".", "!", "?", ")", '"', "”", "'") else stripped + "."


def blaming_tone(
    text: str,
    found: list[tuple],
    model_of: Callable[[], "ToneEncoder | None"] = tone_model,
    segments: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Segments the classifier reads as blaming, when no rule already flagged their phrasing.
    ``segments``: the ones to read (default: every one); the check passes those that speak of someone (a
    name, a role, a pronoun, the writer or the team), since blame is a judgement about people. A rule hit in
    one segment never keeps the others from being read. ``model_of`` is called only when some segment needs
    reading (loading the encoder takes a moment); a model of None means the rules alone."""
    candidates = [
        (s, e)
        for s, e in (sentence_spans(text) if segments is None else segments)
        if len(WORD.findall(text[s:e])) >= _MIN_TONE_WORDS
        and not any(f[2] in _PHRASING and f[0] < e and s < f[1] for f in found)
    ]
    model = model_of() if candidates else None
    if model is None:
        return []
    scores = model.predict_proba([_as_sentence(text[s:e]) for s, e in candidates])[:, 1]
    return [span for span, p in zip(candidates, scores, strict=True) if p >= TONE_THRESHOLD]
