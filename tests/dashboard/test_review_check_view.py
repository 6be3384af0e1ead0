"""The blame check's document view (issue 13): findings highlighted in place, grouped by field and heading,
each with its sentence, a neutral rewrite accepted in one click, a waiver; then the review publishes."""

from datetime import date

import pytest

from pulse import reviews
from pulse.errors import PublishRefused
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app  # noqa: F401  (the app_db fixture)

SUMMARY = """# Timeline
- 22:29 Paladox accidentally deleted the testwiki database
- 22:40 The database was restored from the nightly dump

## What could have gone better
- Could we have caught this in review?
"""
PAGE = "app_pages/review_check.py"


@pytest.fixture
def review(app_db):
    made = reviews.create_review(
        app_db, "Atlas", "Deleted test wiki", date(2026, 6, 1), "incident",
        summary=SUMMARY, was_hard="Be more careful with <img src=x onerror=alert(1)> **commands**.",
    )  # fmt: skip
    reviews.submit_for_review(app_db, made.id)
    return made


def markdown_of(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_findings_are_highlighted_in_place_escaped_and_grouped(app_db, review):
    at = run_app(app_db, "demo-facilitator", PAGE, query={"review": str(review.id)})
    no_trouble(at)
    shown = markdown_of(at)
    # Each finding is marked where it stands, by severity; the writer's markup is escaped, not rendered.
    assert ":red-background[accidentally]" in shown
    assert "Paladox" in shown and "\\*\\*commands\\*\\*" in shown
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in shown
    assert "<img" not in shown.replace("\\<img", "")
    # Grouped by field, and by the heading inside it; the question in a "could have gone better" section passes.
    assert "#### Summary" in shown and "#### What was hard" in shown and "**Timeline**" in shown
    labels = [e.label for e in at.expander]
    assert not any("Could we have caught" in label for label in labels)
    assert any("high" in label and "accidentally" in label for label in labels)


def test_a_review_goes_from_findings_to_published_through_the_document_view(app_db, review):
    at = run_app(app_db, "demo-facilitator", PAGE, query={"review": str(review.id)})
    (name,) = [f for f in reviews.check_review(app_db, review.id) if f.text == "Paladox"]
    at.button(key=f"rewrite_{name.id}").click().run()
    no_trouble(at)
    after = reviews.get_review(app_db, review.id)
    assert "Paladox" not in after.summary and "accidentally" not in after.summary
    assert "22:29 A team member deleted the testwiki database (at the time, this made sense because" in after.summary
    assert after.version == review.version + 2  # submitted, then the rewrite
    # Publish waits, disabled, until every finding is fixed or waived; it says why.
    assert at.button(key="move_published").disabled
    assert any("to fix or waive with a reason first" in c.value for c in at.caption)
    for finding in [f for f in reviews.check_review(app_db, review.id) if f.open]:
        at.text_input(key=f"waive_reason_{finding.id}").input("the facilitator kept these words on purpose")
        at.button(key=f"waive_{finding.id}_submit").click().run()
        no_trouble(at)
    assert not [f for f in reviews.check_review(app_db, review.id) if f.open]
    assert not at.button(key="move_published").disabled
    at.button(key="move_published").click().run()
    no_trouble(at)
    assert reviews.get_review(app_db, review.id).status == "published"


def test_a_name_in_many_places_is_one_finding_to_settle(app_db):
    timeline = "\n".join(f"- 0{h}:00 Nishant restarted node {h}" for h in range(1, 5))
    made = reviews.create_review(app_db, "Atlas", "Sync stalled", date(2026, 6, 2), "incident", summary=timeline)
    reviews.submit_for_review(app_db, made.id)
    at = run_app(app_db, "demo-facilitator", PAGE, query={"review": str(made.id)})
    no_trouble(at)
    # Highlighted in every place, settled once: the count, the one expander and the publish refusal agree.
    assert markdown_of(at).count("-background[Nishant]") == 4
    assert [s.value for s in at.subheader][0] == "1 finding to fix or waive"
    (label,) = [e.label for e in at.expander if "Nishant" in e.label]
    assert label.endswith("· 4 places")
    with pytest.raises(PublishRefused) as refused:
        reviews.set_status(app_db, made.id, "published")
    assert "has 1 finding(s)" in str(refused.value)


def test_one_person_in_many_spellings_is_one_finding_with_one_role_for_every_place(app_db):
    made = reviews.create_review(
        app_db, "Atlas", "Nodes out of memory", date(2026, 6, 3), "incident",
        summary="Katharine Berry restarted the scheduler.",
        timeline=[("14:11", "@Katharine finds the nodes out of memory"), ("14:17", "Katharine paged the node team")],
    )  # fmt: skip
    reviews.submit_for_review(app_db, made.id)
    at = run_app(app_db, "demo-facilitator", PAGE, query={"review": str(made.id)})
    no_trouble(at)
    assert [s.value for s in at.subheader][0] == "1 finding to fix or waive"
    (label,) = [e.label for e in at.expander if "Katharine" in e.label]
    assert "also “@Katharine”, “Katharine”" in label and label.endswith("· 3 places")
    first = reviews.to_settle(reviews.check_review(app_db, made.id))[0]
    at.text_input(key=f"role_{first.id}").input("on-call engineer")
    at.button(key=f"person_{first.id}_submit").click().run()
    no_trouble(at)
    saved = reviews.get_review(app_db, made.id)
    assert saved.summary == "The on-call engineer restarted the scheduler."
    assert [e.what for e in saved.timeline] == [
        "The on-call engineer finds the nodes out of memory",
        "The on-call engineer paged the node team",
    ]
    assert [s.value for s in at.subheader][0] == "No open finding"


def test_every_person_named_gets_a_role_in_one_form_and_an_unticked_one_stays(app_db):
    timeline = [
        ("10:00", "Nishant restarted the beacon nodes"),
        ("10:05", "Terence Tsao asked Nishant for the logs"),
        ("10:20", "Terence shares a patch"),
        ("10:30", "Preston Van Loon notices errors in the validator client"),
    ]
    made = reviews.create_review(app_db, "Atlas", "Finality lost", date(2026, 6, 5), "incident", timeline=timeline)
    reviews.submit_for_review(app_db, made.id)
    at = run_app(app_db, "demo-facilitator", PAGE, query={"review": str(made.id)})
    no_trouble(at)
    (panel,) = [e.label for e in at.expander if "named: give each a role" in e.label]
    assert panel.startswith("3 people named")
    people = {f.text: f for f in reviews.people_named(reviews.check_review(app_db, made.id))}
    assert set(people) == {"Nishant", "Terence Tsao", "Preston Van Loon"}
    assert at.checkbox(key=f"people_pick_{people['Terence Tsao'].person}").label.endswith("· 2 places")
    at.text_input(key=f"people_role_{people['Nishant'].person}").input("on-call engineer")
    at.text_input(key=f"people_role_{people['Terence Tsao'].person}").input("client lead")
    at.checkbox(key=f"people_pick_{people['Preston Van Loon'].person}").uncheck()
    at.button(key="people_submit").click().run()
    no_trouble(at)
    saved = reviews.get_review(app_db, made.id)
    assert [e.what for e in saved.timeline] == [
        "The on-call engineer restarted the beacon nodes",
        "The client lead asked the on-call engineer for the logs",
        "The client lead shares a patch",
        "Preston Van Loon notices errors in the validator client",
    ]
    assert "2 people replaced by their roles in every place." in [s.value for s in at.success]
    assert [s.value for s in at.subheader][0] == "1 finding to fix or waive"
    assert not [e for e in at.expander if "named: give each a role" in e.label]  # one person left: its own form


def test_a_person_waived_in_one_place_and_named_again_is_shown_where_it_is_open(app_db):
    made = reviews.create_review(
        app_db, "Atlas", "Pool scaled", date(2026, 6, 4), "incident",
        summary="Katharine Berry restarted the scheduler.",
    )  # fmt: skip
    reviews.submit_for_review(app_db, made.id)
    (first,) = reviews.check_review(app_db, made.id)
    reviews.waive_finding(app_db, made.id, first, "She asked to be named")
    reviews.update_review(app_db, made.id, timeline=[("15:00", "Katharine Berry scaled the pool")])
    at = run_app(app_db, "demo-facilitator", PAGE, query={"review": str(made.id)})
    no_trouble(at)
    assert [s.value for s in at.subheader][0] == "1 finding to fix or waive"
    (still_open,) = reviews.to_settle(reviews.check_review(app_db, made.id))
    assert still_open.field == "timeline[1].what"
    at.text_input(key=f"waive_reason_{still_open.id}").input("She asked to be named here too")
    at.button(key=f"waive_{still_open.id}_submit").click().run()
    no_trouble(at)
    assert [s.value for s in at.subheader][0] == "No open finding"
