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
