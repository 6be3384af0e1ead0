"""Where only a place stands: a "person" the model found is a town in a list of places, after a locative, or
after "north of"."""

from __future__ import annotations

import re

from pulse.lint.vocabulary import (
    word_set,
)

_LOCATIVES = word_set("in at near across throughout around within outside")


def _a_place(ent, ents=()) -> bool:
    """A place the model tags so, where only a place stands: "based in Melbourne", "users in Poland"; or any
    entity where only a place stands: "north of Queueville", in a list of places ("Melbourne, Brisbane,
    Perth, and Adelaide"; "Hamilton, Ontario"). The label alone is not enough: the model tags first names as
    places too."""
    doc = ent.doc
    # "in Georgia and Tom's hands": a possessor, not a place.
    if any(t.text in ("'s", "’s") for t in doc[ent.end : ent.end + 4]):
        return False
    if ent.start >= 2 and doc[ent.start - 1].text == "of" and doc[ent.start - 2].text.casefold() in _PLACE_PARTS:
        return True
    if ent.start > 0 and ent.label_ in ("GPE", "LOC") and doc[ent.start - 1].text.casefold() in _LOCATIVES:
        return True
    if ent.label_ not in ("PERSON", "GPE", "LOC"):
        return False
    at = next((i for i, e in enumerate(ents) if e.start == ent.start), None)
    if at is None:
        return False
    listed = _listed_with(doc, ents, at)
    labels = [e.label_ for e in listed]
    # "Charles Brossollet, Guillaume Valadon, and Gaëtan Ferry": people, one mislabelled; "Austin, Dallas and
    # Sydney restarted the cluster": people doing something ("Tokyo, Osaka and Seoul saw errors" are places).
    subjects = [t for e in [ent, *listed] for t in e if t.dep_ == "nsubj"]
    if "PERSON" in labels or any(t.head.lower_ not in _PLACE_VERBS for t in subjects):
        return False
    # "Hamilton, Ontario (July 1985 ...)": a town and its state, at the end of a list if any.
    after = ents[at + 1] if at + 1 < len(ents) else None
    if (
        after is not None
        and after.label_ in ("GPE", "LOC")
        and doc.text[ent.end_char : after.start_char] == ", "
        and not re.match(r"\s*(?:,|and\b|or\b)", doc.text[after.end_char :])
    ):
        return True
    # "state capitals, including Melbourne, Brisbane, Perth, and Adelaide": two places or more in a list that
    # follows a word for places or a locative ("talked to Sydney, Victoria and Tom" is a list of people).
    first = min([ent, *listed], key=lambda e: e.start)
    context = {t.lower_ for t in doc[max(first.start - 6, 0) : first.start]}
    # ... or as the subject of what befalls a place ("Sydney, Melbourne and Perth were affected").
    befallen = bool(subjects) or any(t.dep_ == "nsubjpass" for e in [ent, *listed] for t in e)
    return sum(label in ("GPE", "LOC") for label in labels) >= 2 and (bool(context & _PLACE_CONTEXT) or befallen)


def _listed_with(doc, ents: list, at: int) -> list:
    """The entities in the same list as ``ents[at]``, joined to it by commas, "and", "or", "e.g." and brackets."""
    out = []
    for step in (-1, 1):
        i = at
        while 0 <= i + step < len(ents):
            a, b = sorted((ents[i], ents[i + step]), key=lambda e: e.start)
            if not _LISTED.fullmatch(doc.text[a.end_char : b.start_char]):
                break
            i += step
            out.append(ents[i])
    return out


# "parts of Toronto", "north of Queueville": where only a place stands after "of".
_PLACE_PARTS = word_set(
    "north south east west northeast northwest southeast southwest parts part outskirts city town state province"
    " county region suburbs centre center"
)
# What befalls a place as a subject ("Tokyo, Osaka and Seoul saw errors"); "restarted the cluster" is people's.
_PLACE_VERBS = word_set("saw see sees experienced lost suffered went go fell")
_PLACE_CONTEXT = _LOCATIVES | word_set(
    "cities capitals regions states countries locations offices sites towns provinces areas e.g."
)
# What stands between two members of a list: "Brisbane, Perth", "South America (e.g., São Paulo)".
_LISTED = re.compile(r"[\s,;/()]*(?:(?:and|or|including|e\.g\.|i\.e\.|such\s+as)[\s,;/()]*)?", re.IGNORECASE)
