"""Properties of the importer's parsers: dates in every shape form tools write, answer labels, the
direction of a statement, identity headers, and the mapping step's refusal to guess."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulse.errors import ImportFailed, InvalidAnswer
from pulse.importers.columns import IDENTITY, role_of
from pulse.importers.dates import decide_order, parse_date
from pulse.importers.labels import AGREEMENT_WORDS, answer_value
from pulse.importers.layouts import ColumnOptions, plan_columns
from pulse.importers.mapping import meaning_matches, positive
from pulse.importers.read import Record
from pulse.instruments import ENPS, HEALTH_CHECK, PSYCH_SAFETY

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
TIMES = st.times().map(lambda t: t.replace(microsecond=0))
ZONES = st.sampled_from(["", " GMT+1", " GMT+5:30", " GMT-3", " GMT", " EST", " AST", " CEST", " UTC"])


def twelve(t) -> str:
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d}:{t.second:02d} {'AM' if t.hour < 12 else 'PM'}"


@settings(max_examples=300, deadline=None)
@given(day=DAYS, t=TIMES, zone=ZONES, shape=st.integers(0, 7))
def test_every_shape_of_date_a_form_writes_reads_back_to_its_day(day, t, zone, shape):
    text, order = [
        (f"{day:%Y/%m/%d} {twelve(t)}{zone}", "mdy"),  # Google Forms CSV
        (f"{day.month}/{day.day}/{day.year} {t:%H:%M:%S}", "mdy"),  # Google Sheets, US
        (f"{day.day}/{day.month}/{day.year} {t:%H:%M:%S}", "dmy"),  # Google Sheets, UK
        (f"{day:%d.%m.%Y} {t:%H:%M}", "mdy"),  # Excel, German locale: dots are day first whatever the order
        (f"{day.isoformat()}T{t:%H:%M:%S}Z", "dmy"),  # ISO with a zone
        (f"{day.month}/{day.day}/{day:%y} {twelve(t)}", "mdy"),  # Excel US short date
        (f"{day:%Y-%m-%d}", "dmy"),
        (f"{day:%d-%m-%Y} {t:%H:%M}", "dmy"),  # Dutch
    ][shape]
    assert parse_date(text, order) == day


@settings(max_examples=200, deadline=None)
@given(junk=st.sampled_from(["garbage", "x", "next week", "10:61", "AMEX", "gmt+1 extra"]), day=DAYS)
def test_words_after_a_date_are_refused_not_ignored(junk, day):
    with pytest.raises(ValueError):
        parse_date(f"{day.isoformat()} {junk}")


def records_of(cells: list[str]) -> list[Record]:
    return [Record(i + 1, i + 2, [c]) for i, c in enumerate(cells)]


@settings(max_examples=200, deadline=None)
@given(days=st.lists(DAYS, min_size=1, max_size=20))
def test_day_first_dates_are_never_read_month_first(days):
    # A day/month file is either read day first (a day past the 12th decides it) or refused with the
    # hint; it is never read month first. Days equal to their month read the same either way.
    cells = [f"{d.day}/{d.month}/{d.year} 10:00:00" for d in days]
    decisive = any(d.day > 12 for d in days)
    ambiguous = any(d.day != d.month for d in days)
    if not decisive and ambiguous:
        with pytest.raises(ImportFailed, match=r"--date-order dmy .*--date-order mdy"):
            decide_order(records_of(cells), 0, "Timestamp", None)
        return
    order = decide_order(records_of(cells), 0, "Timestamp", None).order
    assert [parse_date(c, order) for c in cells] == days


@settings(max_examples=100, deadline=None)
@given(days=st.lists(DAYS, min_size=2, max_size=20), given_order=st.sampled_from(["dmy", "mdy"]))
def test_a_given_order_is_used_unless_the_file_contradicts_it(days, given_order):
    cells = [f"{d.month}/{d.day}/{d.year}" if given_order == "mdy" else f"{d.day}/{d.month}/{d.year}" for d in days]
    order = decide_order(records_of(cells), 0, "date", given_order).order
    assert [parse_date(c, order) for c in cells] == days


def test_a_file_mixing_both_orders_is_refused_naming_the_later_row():
    with pytest.raises(ImportFailed, match=r"row 3, column date: '3/25/2026'.*row 1's '25/3/2026'"):
        decide_order(records_of(["25/3/2026", "4/4/2026", "3/25/2026"]), 0, "date", "dmy")


SPACING = st.sampled_from(["{}", " {} ", "{}  ", "{}."])
CASE = st.sampled_from([str.lower, str.upper, str.title, str])


@settings(max_examples=300, deadline=None)
@given(
    value=st.integers(1, 7),
    spacing=SPACING,
    case=CASE,
    numbered=st.booleans(),
    dash=st.sampled_from([" - ", "-", " = ", ". ", " – "]),
)
def test_agreement_labels_and_numbered_options_read_as_their_point(value, spacing, case, numbered, dash):
    question = PSYCH_SAFETY.question("ps2")
    words = [w for w, v in AGREEMENT_WORDS[7].items() if v == value]
    for word in words:
        label = spacing.format(case(word))
        cell = f"{value}{dash}{label.strip()}" if numbered else label
        assert answer_value(cell, question) == value, cell


@given(value=st.integers(1, 3))
def test_traffic_lights_as_words_and_emoji(value):
    question = HEALTH_CHECK.question("fun")
    cells = {
        1: ["Red", "🔴", "Crappy", "red"],
        2: ["Amber", "🟡", "Yellow", "Some problems"],
        3: ["Green", "🟢", "Awesome", "🟢\ufe0f"],
    }
    for cell in cells[value]:
        assert answer_value(cell, question) == value, cell


@given(value=st.integers(-1, 1), case=CASE)
def test_trend_words(value, case):
    question = HEALTH_CHECK.question("fun_trend")
    words = {
        -1: ["Getting worse", "Worse", "Declining", "↓"],
        0: ["Stable", "Same", "No change"],
        1: ["Improving", "Getting better", "Better", "↑"],
    }
    for word in words[value]:
        assert answer_value(case(word), question) == value, word


@given(n=st.integers(0, 10))
def test_enps_numbered_options(n):
    assert answer_value(f"{n} - whatever the form says", ENPS.question("enps")) == n


@pytest.mark.parametrize(
    "cell",
    ["5 - Strongly agree", "2 - Agree", "OK", "Meh", "8", "0", "4.5", "Agree!!!x", "Strongly", "yes"],
)
def test_labels_that_do_not_fit_the_scale_are_refused(cell):
    # "5 - Strongly agree" is a 5-point form's top answer: on our 7-point scale it is neither 5 nor 7.
    with pytest.raises(InvalidAnswer):
        answer_value(cell, PSYCH_SAFETY.question("ps1"))


def test_ok_is_not_guessed_on_a_traffic_light():
    with pytest.raises(InvalidAnswer):
        answer_value("OK", HEALTH_CHECK.question("fun"))


STATEMENTS = [q.text for q in PSYCH_SAFETY.questions]


@given(text=st.sampled_from(STATEMENTS))
def test_a_negated_statement_changes_direction(text):
    assert positive(text) != positive("It is not true that " + text[0].lower() + text[1:])


@pytest.mark.parametrize(
    ("key", "header"),
    [
        ("ps1", "Mistakes are not held against you in this team"),
        ("ps3", "People here accept others who are different"),
        ("ps5", "It is easy to ask other members of this team for help"),
        ("ps6", "Someone on this team would deliberately undermine my efforts"),
    ],
)
def test_a_statement_worded_the_other_way_round_is_never_matched_by_itself(key, header):
    match = meaning_matches([header], PSYCH_SAFETY)[0]
    assert match is None or not match.sure
    cols, problems = plan_columns(["Timestamp", "team", header], PSYCH_SAFETY, ColumnOptions(), {}, [])
    assert not cols[2].sure
    assert problems


_TAGS = itertools.count()
LEADS = st.sampled_from(["", "Your ", "What is your ", "Please enter your ", "What's your "])
IDENTITY_WORDS = st.sampled_from(
    ["name", "email", "e-mail", "email address", "full name", "employee id", "employee number", "username",
     "phone number", "first name", "last name", "respondent id"]
)  # fmt: skip
TAILS = st.sampled_from(["", "?", " (optional)", ":", " *"])


@given(lead=LEADS, word=IDENTITY_WORDS, tail=TAILS, case=CASE)
def test_identity_questions_however_worded_are_dropped(lead, word, tail, case):
    assert role_of(case(f"{lead}{word}{tail}"))[0] == IDENTITY


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=3, max_size=20)
        .map(lambda s: "Ⓝ" + s.strip())  # a mark found nowhere else, so any trace of a name shows
        .filter(lambda s: len(s) >= 3 and "," not in s and '"' not in s),
        min_size=2,
        max_size=6,
    ),
    header=st.sampled_from(["Name", "Email", "Employee ID", "Name (optional)", "Your full name"]),
)
def test_no_identity_value_reaches_the_database(db, names, header):
    from pulse import importers

    when = (datetime(2026, 9, 1, 10, 0) + timedelta(minutes=7)).strftime("%Y-%m-%d %H:%M:%S")
    rows = [f"team,date,{header},ps1,ps2,ps3,ps4,ps5,ps6,ps7"] + [f"Orion,{when},{n},4,4,4,4,4,4,4" for n in names]
    tag = f"H{next(_TAGS)}"  # a new team per example: each writes its own closed round
    data = "\n".join(rows).replace("Orion", tag).encode()
    importers.import_responses(db, data, "psych-safety")
    cur = db.cursor()
    tables = [t for (t,) in cur.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()]
    values = {str(v) for t in tables for row in cur.execute(f'SELECT * FROM "{t}"').fetchall() for v in row}
    assert not any("Ⓝ" in v for v in values)
    assert not any("10:07" in v for v in values)


def test_a_comment_header_over_numbers_is_not_read_as_a_comment():
    header = ["Timestamp", "team", *[f"ps{i}" for i in range(1, 8)], "Feedback from peers (1-5)"]
    sample = [Record(i, i + 1, ["2026-09-01", "Orion", *["4"] * 7, str(1 + i % 5)]) for i in range(1, 6)]
    cols, problems = plan_columns(header, PSYCH_SAFETY, ColumnOptions(), {}, sample)
    assert cols[-1].role != "comment" and not cols[-1].sure
    assert problems and "--ignore-column" in problems[-1]


@settings(max_examples=100, deadline=None)
@given(tail=st.binary(max_size=400))
def test_a_damaged_workbook_is_refused_in_one_line(tail):
    from pulse.importers.workbook import sheet_records

    with pytest.raises(ImportFailed) as caught:
        sheet_records(b"PK\x03\x04" + tail)
    assert "\n" not in str(caught.value)
