"""One person, many spellings (issue 13): a handle, a first name and a full name in one review are one
person to settle; two people who share a first name are never merged."""

from hypothesis import given
from hypothesis import strategies as st

from pulse import lint


def keyed(*spellings: tuple[str, str]) -> dict[tuple[str, str], str]:
    return lint.persons(spellings)


def test_a_handle_a_first_name_and_a_full_name_are_one_person():
    people = keyed(
        ("possible-name", "Katharine Berry"),
        ("possible-name", "Katharine"),
        ("handle", "@Katharine"),
        ("handle", "@kberry"),
        ("possible-name", "Katharine Berry's"),
        ("email", "kberry@example.org"),
    )
    assert len(set(people.values())) == 1


def test_logins_made_from_a_name_join_it():
    for login in ("@stevekuznetsov", "@skuznets", "@SteveKuznetsov", "@steve-kuznetsov", "@kuznetsovs"):
        people = keyed(("possible-name", "Steve Kuznetsov"), ("handle", login))
        assert len(set(people.values())) == 1, login


def test_a_handle_of_two_words_stands_for_the_person_named_in_parts():
    # "@tony-yang" and a bare "@Tony" and "Yang" in a chat log: one person.
    people = keyed(("handle", "@tony-yang"), ("handle", "@Tony"), ("possible-name", "Yang"))
    assert len(set(people.values())) == 1
    people = keyed(("handle", "@BenTheElder"), ("handle", "@bentheelder"), ("possible-name", "Elder"))
    assert len(set(people.values())) == 1


def test_a_first_name_shared_by_two_people_joins_neither():
    people = keyed(("name", "Ana Ng"), ("name", "Ana Lee"), ("possible-name", "Ana"))
    assert len({people[("name", "Ana Ng")], people[("name", "Ana Lee")], people[("possible-name", "Ana")]}) == 3


def test_different_people_and_phrasing_stay_apart():
    people = keyed(("possible-name", "Tom"), ("handle", "@priya"), ("possible-name", "Priya Shah"), ("blame", "forgot"))
    assert ("blame", "forgot") not in people
    assert people[("possible-name", "Tom")] != people[("handle", "@priya")]
    assert people[("handle", "@priya")] == people[("possible-name", "Priya Shah")]
    # A login that is not built from the name stays its own person.
    assert len(set(keyed(("possible-name", "Priya Shah"), ("handle", "@pshahrokh")).values())) == 2


# Name words; particles ("van", "der") and link words ("the") are not name words on their own.
_NOT_NAME_WORDS = {"the", "and", "van", "von", "der", "den", "del", "bin"}
_word = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)
    .filter(lambda w: w not in _NOT_NAME_WORDS)
    .map(str.capitalize)
)


@given(st.lists(st.tuples(_word, _word), min_size=2, max_size=6, unique_by=lambda n: frozenset(n)))
def test_two_full_names_are_never_one_person(names):
    full = [("possible-name", f"{first} {last}") for first, last in names if first != last]
    people = keyed(*full)
    distinct_sets = {frozenset(s[1].casefold().split()) for s in full}
    # Only a name inside another one ("Ann Lee" in "Mary Ann Lee") may join it.
    nested = sum(any(a < b for b in distinct_sets) for a in distinct_sets)
    assert len(set(people.values())) >= len(distinct_sets) - nested


@given(_word, _word, _word)
def test_a_first_name_joins_a_full_name_only_when_one_person_has_it(first, last, other):
    people = keyed(("possible-name", f"{first} {last}"), ("possible-name", first))
    assert people[("possible-name", first)] == people[("possible-name", f"{first} {last}")]
    if other.casefold() not in (first.casefold(), last.casefold()):
        people = keyed(("possible-name", f"{first} {last}"), ("possible-name", f"{first} {other}"),
                       ("possible-name", first))  # fmt: skip
        assert len(set(people.values())) == 3 or first.casefold() in (last.casefold(), other.casefold())


def test_people_who_share_a_surname_or_a_word_are_not_merged():
    for pair in [("Yang Liu", "Bin Liu"), ("Li Wei", "Wei Li"), ("Al Smith", "Bob Smith"), ("Jane S.", "Jane Doe")]:
        people = keyed(*(("name", n) for n in pair))
        assert len(set(people.values())) == 2, pair
    # Short or loosely built logins join no one.
    for login, name in [("@pm", "Priya Mehta"), ("@jsmith", "Jane Smithers")]:
        assert len(set(keyed(("handle", login), ("name", name)).values())) == 2, login
    assert len(set(keyed(("email", "db@example.com"), ("name", "Dana Brown")).values())) == 2


# --- a name found once, found again (pulse/lint/recurring.py) ---------------------------------------


def names_in(text: str, known: tuple[str, ...] = ()) -> list[str]:
    return [f.text for f in lint.lint_text(text, known=known) if f.kind in ("name", "possible-name")]


def test_a_name_found_once_is_found_where_a_person_stands_again():
    text = "- 14:10 Katharine Berry restarted the scheduler.\n- 14:18 The node team asked Katharine for the logs."
    assert names_in(text) == ["Katharine Berry", "Katharine"]
    # From another field of the review.
    assert names_in("The node team asked Katharine for the logs.", known=("Katharine Berry",)) == ["Katharine"]
    # A timeline row in the present tense; a plural noun after the word is no action.
    row = "- 10:20 Terence shares a patch. Max workers on the pool hit 40, Max connections 500."
    assert names_in(row, known=("Terence Tsao", "Max Weber")) == ["Terence"]


def test_a_found_name_is_not_found_again_in_words_numbers_or_other_names():
    cases = {
        "Max Weber paged the team. Max connections on the primary hit 500.": ["Max Weber"],
        "Liam O'Brien restarted it. Config lives in Liam.yaml and #liam-oncall.": ["Liam O'Brien"],
        "Katharine Berry restarted it. Its config is in Katharine.yaml, Jan 14 09:40.": ["Katharine Berry"],
    }
    for text, expected in cases.items():
        assert names_in(text) == expected, text
    assert names_in("Mark the old runbook as deprecated. Deployed Jun 3.", known=("Mark Diaz", "Jun Wang")) == []
    assert names_in("Ana Lee and Ana Novak scaled the pool.", known=("Ana Lee",)).count("Ana") == 0


def test_a_known_name_before_a_config_plural_a_number_or_a_noun_is_still_a_person_where_one_stands():
    known = ("Max Weber", "Katharine Berry", "Nishant Das")
    for text in (
        "Max requests per second hit the limit.",
        "Max tokens were exhausted.",
        "Max blobs per block rose to 9.",
    ):
        assert names_in(text, known=known) == [], text
    # A number after a name is no version: the person stays a person.
    assert names_in("It took Katharine 1.5 hours to see the alert.", known=known) == ["Katharine"]


def test_a_byline_holds_only_names():
    assert names_in("Author: Nishant pushed config change #412 to production") == ["Nishant"]
    assert "Priya Shah" in names_in("Reviewed by: Priya Shah. Priya Shah rolled it back.")
    assert names_in("Author: Tim Beiko, [Mario Havel](https://example.org/mh)\n\nThe nodes forked.") == []


names_list = st.lists(
    st.sampled_from(["@kberry", "@pshah", "@nishant", "Priya", "Terence"]), min_size=1, max_size=5, unique=True
)


@given(names_list)
def test_several_people_side_by_side_stay_several_after_replacement(people):
    text = "At 10:05 we paged " + " ".join(people) + " about the pool."
    spans, at = [], len("At 10:05 we paged ")
    for who in people:
        spans.append((at, at + len(who), "", who))
        at += len(who) + 1
    out = lint.replace_spans(text, spans)
    assert out.count("a team member") == len(people)
    assert not any(who in out for who in people)
