"""What people wrote is shown as plain text on every page: no Markdown, no HTML (issue 11, item 8).

A Markdown image in an admin-written question label made every respondent's browser fetch the
admin's address; comments were rendered as Markdown on the coaches' pages. AppTest does not render
Markdown, so these tests check what the browser would: every character that could start Markdown
is escaped (shown literally), unescaping gives the text back unchanged, and no image element exists.
"""

import re

from streamlit.testing.v1 import AppTest

from dashboard.widgets import plain
from pulse import accounts
from pulse.closing import close_round
from pulse.instruments import add_instrument, parse_toml
from pulse.responses import submit_response
from pulse.rounds import open_round
from pulse.teams import add_team
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app  # noqa: F401  (the app_db fixture)

IMAGE = "![x](http://evil.example/track.png)"
HTML = '<img src="http://evil.example/pixel.gif">'
HOSTILE = f"Safe to speak {IMAGE} {HTML} **loud** $x$ :red[alarm]"
INSTRUMENT = f"""
key = "hostile"
name = "Evil {IMAGE}"
description = 'Described {HTML}'
scoring = "mean"

[[questions]]
key = "h1"
text = '{HOSTILE}'
scale = [1, 5]
low_label = "{IMAGE}"
high_label = 'Agree {HTML}'

[[questions]]
key = "h2"
text = "A plain second question."
scale = [1, 5]
"""


def unescaped(markdown: str) -> str:
    """What CommonMark shows for text with backslash escapes (the only Markdown ``plain.md`` emits)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def shows_literally(markdown: str, original: str) -> bool:
    """``markdown`` reads as ``original`` and cannot open an image, a link, a tag or maths."""
    return unescaped(markdown) == original and not re.search(r"(?<!\\)[!\[\]()<>$*:]", markdown)


def test_plain_md_escapes_everything_markdown_or_html_could_use():
    for text in (IMAGE, HTML, HOSTILE, "Team *Rocket* & co. #1 | `x` ~y~ _z_ {a} 50% 'q' \"d\" ^=+-"):
        assert shows_literally(plain.md(text), text), plain.md(text)
    assert plain.md("two\nlines\r\n# heading") == "two lines \\# heading"
    assert plain.md(None) == ""


def question_page():
    import streamlit as st

    from dashboard.widgets.questions import question_widgets
    from pulse.instruments import parse_toml

    question_widgets(parse_toml(st.session_state["toml"]), "q")


def test_a_markdown_image_in_a_question_label_is_shown_as_text():
    at = AppTest.from_function(question_page)
    at.session_state["toml"] = INSTRUMENT
    at.run()
    assert not at.exception
    first = at.radio(key="q_h1")
    assert shows_literally(first.label.removeprefix("1\\. "), HOSTILE)
    assert first.options == ["1", "2", "3", "4", "5"]  # bare numbers: one line on a phone
    low, high = at.caption[0].value.split(" · ")  # the scale's ends, on one line under it
    assert shows_literally(low.removeprefix("1 "), IMAGE)
    assert shows_literally(high.removeprefix("5 "), 'Agree <img src="http://evil.example/pixel.gif">')
    assert not at.get("imgs")


def test_instrument_names_and_descriptions_are_text_on_the_admin_page(app_db):
    add_instrument(app_db, parse_toml(INSTRUMENT))
    at = run_app(app_db, "demo-admin", "app_pages/admin_instruments.py")
    no_trouble(at)
    (expander,) = [e for e in at.expander if "evil" in e.label]
    assert shows_literally(expander.label, f"Evil {IMAGE} (hostile, custom, 2 questions)")
    assert any(shows_literally(c.value, f"Described {HTML}") for c in at.caption)
    assert not at.get("imgs")


def test_comments_with_markdown_and_html_are_shown_as_text_to_a_coach(app_db):
    add_team(app_db, f"Nova {IMAGE}", None, 6)
    team = f"Nova {IMAGE}"
    rnd = open_round(app_db, team, "psych-safety")
    comment = f"The deploy pipeline is slow again {IMAGE} {HTML} **really** slow"
    for value in (3, 4, 5, 4, 3, 5):
        submit_response(app_db, {f"ps{i}": value for i in range(1, 8)}, round_id=rnd.id, comment=comment)
    close_round(app_db, rnd.id)
    accounts.set_teams(app_db, "demo-coach", ["Atlas", team])
    at = run_app(app_db, "demo-coach", "app_pages/trends.py", query={"team": team})
    no_trouble(at)
    snippets = [t.value for t in at.text]
    assert snippets and all(IMAGE in s and HTML in s for s in snippets), snippets
    for element in [*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.subheader, *at.expander]:
        shown = getattr(element, "value", None) or element.label
        assert not re.search(r"(?<!\\)!\[", shown) and not re.search(r"(?<!\\)<img", shown), shown
    assert not at.get("imgs")
