"""Labels, timestamps and headers found in real exports beyond the first fixtures: TeamRetro's
Good / Neutral / Bad, health-check votes Needs attention / Some concerns, words with an emoji beside
them, Korean Google Sheets timestamps, and Korean / Japanese / Chinese identity and team headers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse.errors import InvalidAnswer
from pulse.importers import columns as c
from pulse.importers.dates import parse_date
from pulse.importers.labels import answer_value, label_value
from pulse.instruments import HEALTH_CHECK

LIGHT = HEALTH_CHECK.question("fun")
TREND = HEALTH_CHECK.question("fun_trend")
WORDS = {"Good": 3, "Neutral": 2, "Bad": 1, "Needs attention": 1, "Some concerns": 2, "Awesome": 3, "Green": 3}
PICTURES = {"🙂": 3, "😐": 2, "🙁": 1, "🟢": 3, "🟡": 2, "🔴": 1}
TREND_WORDS = {"Improving": 1, "Stable": 0, "Deteriorating": -1, "Declining": -1, "Getting worse": -1}
TREND_PICTURES = {"↗️": 1, "➡️": 0, "↘️": -1, "⬆️": 1, "⬇️": -1}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(WORDS)), st.sampled_from(sorted(PICTURES)), st.booleans(), st.booleans())
def test_a_vote_with_a_picture_is_read_when_they_agree_and_refused_when_not(word, picture, before, upper):
    text = word.upper() if upper else word
    cell = f"{picture} {text}" if before else f"{text} {picture}"
    if WORDS[word] == PICTURES[picture]:
        assert answer_value(cell, LIGHT) == WORDS[word]
    else:
        assert label_value(cell, LIGHT) is None
        with pytest.raises(InvalidAnswer):
            answer_value(cell, LIGHT)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(TREND_WORDS)), st.sampled_from(sorted(TREND_PICTURES)))
def test_a_trend_word_with_an_arrow(word, arrow):
    cell = f"{word} {arrow}"
    expected = TREND_WORDS[word] if TREND_WORDS[word] == TREND_PICTURES[arrow] else None
    assert label_value(cell, TREND) == expected


@pytest.mark.parametrize(("word", "value"), WORDS.items())
def test_health_check_vote_words(word, value):
    assert answer_value(word, LIGHT) == value


def test_vote_words_are_not_read_on_an_agreement_scale():
    from pulse.instruments import PSYCH_SAFETY

    with pytest.raises(InvalidAnswer):
        answer_value("Good", PSYCH_SAFETY.question("ps2"))


@settings(max_examples=80, deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["오전", "오후", "上午", "下午", "午前", "午後"]),
    st.integers(1, 12),
    st.integers(0, 59),
    st.booleans(),
)
def test_korean_and_other_east_asian_timestamps_read_to_their_day(day, meridiem, hour, minute, padded):
    month = f"{day.month:02d}" if padded else str(day.month)
    cell = f"{day.year}. {month}. {day.day}. {meridiem} {hour}:{minute:02d}:07"
    assert parse_date(cell) == day
    assert parse_date(f"{day.year}. {month}. {day.day}") == day


def test_a_korean_timestamp_with_words_after_it_is_refused():
    with pytest.raises(ValueError):
        parse_date("2026. 11. 3. 오전 10:21:33 어제")


@pytest.mark.parametrize("header", ["이름", "성명", "이메일 주소", "氏名", "名前", "姓名", "メールアドレス"])
def test_east_asian_identity_headers_are_dropped(header):
    assert c.role_of(header)[0] == c.IDENTITY


@pytest.mark.parametrize("header", ["팀", "チーム", "团队"])
def test_east_asian_team_headers(header):
    assert c.role_of(header)[0] == c.TEAM


@pytest.mark.parametrize(
    "header",
    ["Would you tell me a bit more about why you rated above score?", "What is one thing we could change?"],
)
def test_comment_questions_in_other_words(header):
    assert c.role_of(header)[0] == c.COMMENT
