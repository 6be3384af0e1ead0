"""Matching a form's own wording to our questions: paraphrases are taken with confidence, a column is
never given a question another column has, and a statement written the other way round, or whose
direction cannot be read, is never taken by itself (its values would be stored reversed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse import importers
from pulse.importers.layouts import ColumnOptions, plan_columns
from pulse.importers.mapping import meaning_matches, positive
from pulse.instruments import ENPS, HEALTH_CHECK, PSYCH_SAFETY
from pulse.store import Database

# Other people's wording of our items, each the same way round as ours.
PARAPHRASES = {
    "If I make a mistake here, it is counted against me": "ps1",
    "When I get something wrong I am blamed for it": "ps1",
    "When I make a mistake it is pinned on me": "ps1",
    "We can bring up tough issues in this team": "ps2",
    "People who are different are excluded from this team": "ps3",
    "Colleagues get rejected for being different": "ps3",
    "I can stick my neck out and take a risk here": "ps4",
    "It is difficult to ask others for help": "ps5",
    "Nobody here would deliberately undermine my work": "ps6",
    "My skills and strengths are appreciated and put to use": "ps7",
}
# The same items turned round: agreeing with these means the opposite of agreeing with ours.
TURNED = {
    "If I make a mistake on this team, it is never held against me": "ps1",
    "Mistakes are not counted against you here": "ps1",
    "Nobody is excluded for being different": "ps3",
    "It is easy to ask others for help": "ps5",
    "It is easy for me to ask other members of this team for help": "ps5",
    "I am never afraid to ask for help": "ps5",
}


@pytest.mark.parametrize(("header", "key"), PARAPHRASES.items())
def test_a_paraphrase_of_an_item_is_taken_with_confidence(header, key):
    (match,) = meaning_matches([header], PSYCH_SAFETY)
    assert match is not None and (match.key, match.sure, match.flip) == (key, True, False)
    assert match.confidence >= 0.5


def test_a_whole_form_of_paraphrases_maps_every_column_right():
    form = {key: header for header, key in PARAPHRASES.items()}  # the last wording of each item
    matches = meaning_matches(list(form.values()), PSYCH_SAFETY)
    assert [(m.key, m.sure) for m in matches] == [(k, True) for k in form]


@pytest.mark.parametrize(("header", "key"), TURNED.items())
def test_an_item_turned_round_is_never_taken_and_both_readings_are_offered(header, key):
    (match,) = meaning_matches([header], PSYCH_SAFETY)
    assert match is not None and not match.sure and match.flip and match.key == key


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(PARAPHRASES.items())),
    st.sampled_from(["It is not true that {}", "{}: never", "I disagree that {}", "It is never the case that {}"]),
)
def test_a_negated_paraphrase_is_never_taken_as_the_item(item, frame):
    header, key = item
    turned = frame.format(header[0].lower() + header[1:])
    (match,) = meaning_matches([turned], PSYCH_SAFETY)
    assert positive(turned) != positive(header)
    assert match is None or not (match.sure and match.key == key and not match.flip)


@pytest.mark.parametrize(
    "header",
    [
        "Risks and issues are raised early rather than being hidden or delayed",
        "I regularly ask for help, not just when I am stuck",
        "I take risks even when I am unsure they will work",
    ],
)
def test_a_statement_whose_direction_is_unclear_is_never_taken(header):
    (match,) = meaning_matches([header], PSYCH_SAFETY)
    assert match is None or not match.sure


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(PARAPHRASES) + sorted(TURNED)), min_size=2, max_size=6))
def test_two_columns_are_never_given_the_same_question(headers):
    keys = [m.key for m in meaning_matches(headers, PSYCH_SAFETY) if m is not None]
    assert len(keys) == len(set(keys))


def test_a_question_already_matched_by_wording_is_not_offered_again():
    cols, _ = plan_columns(
        ["Timestamp", "Team", "ps5", "It is difficult to ask others for help"], PSYCH_SAFETY, ColumnOptions(), {}, []
    )
    assert cols[2].key == "ps5"
    assert cols[3].key != "ps5" and not cols[3].sure


def test_the_suggestions_of_two_unsure_columns_never_name_the_same_key():
    data = (
        b"Timestamp,Team,It is hard to get help from others,Asking for help is difficult here\r\n"
        b"2026-11-03 10:00:00,Orca,3,4\r\n"
    )
    with Database(":memory:") as db:
        plan = importers.plan_import(db, data, "f.csv", "psych-safety", importers.ImportOptions())
    targets = [s.rpartition("=")[2].strip('"') for s in plan.suggestions if s.startswith("--map")]
    assert not plan.ready and len(targets) == len(set(targets))


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Delivering value [Trend]", "value_trend"),
        ("Ease of release [Perception]", "release"),
        ("Health of repository [Perception]", "codebase"),
        ("We are a totally gelled super-team with awesome collaboration!", "teamwork"),
        ("How enjoyable is it to work in your squad?", "fun"),
    ],
)
def test_health_check_rewordings_and_trend_columns(header, key):
    (match,) = meaning_matches([header], HEALTH_CHECK)
    assert match is not None and (match.key, match.sure) == (key, True)


def test_an_enps_question_in_other_words_is_taken():
    (match,) = meaning_matches(["How likely is it you would recommend this company as a place to work?"], ENPS)
    assert match is not None and (match.key, match.sure) == ("enps", True)


@pytest.mark.parametrize(
    "header", ["What is your favourite lunch?", "My current workload feels manageable.", "Conflicts are resolved fast"]
)
def test_a_question_we_do_not_ask_is_not_taken(header):
    (match,) = meaning_matches([header], PSYCH_SAFETY)
    assert match is None or not match.sure


@pytest.mark.parametrize("values", [["", ""], ["I speak up in retros", "Sometimes"], ["3", "Maybe"]])
def test_a_column_matched_by_meaning_whose_answers_do_not_fit_is_not_taken(values):
    from pulse.importers.read import Record

    header = ["Timestamp", "Team", "We can bring up tough issues in this team"]
    sample = [Record(i + 1, i + 2, ["2026-11-03", "Orca", v]) for i, v in enumerate(values)]
    cols, _ = plan_columns(header, PSYCH_SAFETY, ColumnOptions(), {}, sample)
    assert cols[2].key == "ps2" and not cols[2].sure
    cols, _ = plan_columns(header, PSYCH_SAFETY, ColumnOptions(), {}, [Record(1, 2, ["2026-11-03", "Orca", "Agree"])])
    assert cols[2].key == "ps2" and cols[2].sure
