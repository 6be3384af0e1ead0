"""Review pages: start, edit, blame check with waivers, publish, perspectives by personal link and code, learning."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from pulse import reviews
from pulse.reviews import perspectives
from pulse.tokens import codes
from tests.dashboard_testing import APP, TIMEOUT, app_db_fixture, no_trouble, run_app, texts  # noqa: F401  (the app_db fixture)

BLAMING = "The deploy broke because the engineer forgot to run the migration."


@pytest.fixture
def review(app_db):
    return reviews.create_review(
        app_db, "Atlas", "Checkout outage", date(2026, 6, 1), "incident",
        summary="The checkout service failed for 40 minutes after a deploy.",
        timeline=[("T+0", "Deploy started"), ("T+12m", "Error rate alarm fired")],
        factors=[("tooling", "No migration check in the pipeline")],
        actions=[{"what": "Add a migration check to CI", "owner": "platform team", "due": date(2026, 7, 1)}],
    )  # fmt: skip


def test_start_a_review_from_the_list(app_db):
    at = run_app(app_db, "demo-facilitator", "app_pages/reviews.py")
    no_trouble(at)
    at.text_input(key="new_review_title").input("Missed the release date")
    at.selectbox(key="new_review_team").set_value("Beacon")
    at.selectbox(key="new_review_kind").set_value("missed-goal")
    at.button(key="new_review_start").click().run()
    no_trouble(at)
    (created,) = reviews.list_reviews(app_db)
    assert (created.title, created.team, created.kind, created.status) == (
        "Missed the release date", "Beacon", "missed-goal", "draft",
    )  # fmt: skip
    assert at.title[0].value == "Edit review"


def section(review, name, stored):
    from dashboard.widgets import review_form

    return review_form.section_key(review, name, stored)


def details_key(review):
    return section(review, "details", (review.title, review.summary, review.went_well, review.was_hard))


def list_key(review, name):
    from dashboard.widgets import review_form

    columns = {"timeline": review_form.TIMELINE, "factors": review_form.FACTORS, "actions": review_form.ACTIONS}[name]
    extra = ("id",) if name == "actions" else ()
    return section(review, name, review_form.as_rows(getattr(review, name), columns, extra))


def test_the_editor_shows_the_review_and_saves_a_new_version(app_db, review):
    at = run_app(app_db, "demo-facilitator", "app_pages/review_edit.py", query={"review": str(review.id)})
    no_trouble(at)
    v = details_key(review)
    assert at.text_input(key=f"{v}_title").value == "Checkout outage"
    at.text_area(key=f"{v}_summary").input(BLAMING)
    at.button(key="review_save").click().run()
    no_trouble(at)
    saved = reviews.get_review(app_db, review.id)
    assert saved.summary == BLAMING and saved.version == review.version + 1
    assert [a.what for a in saved.actions] == ["Add a migration check to CI"]  # lists survive a save untouched
    assert saved.timeline == review.timeline and saved.factors == review.factors


def shown_values(at):
    return [w.value for w in at.text_input] + [w.value for w in at.text_area] + [str(w.value) for w in at.selectbox]


def test_the_timeline_is_a_list_with_add_and_remove_and_nothing_shows_none(app_db, review):
    at = run_app(app_db, "demo-facilitator", "app_pages/review_edit.py", query={"review": str(review.id)})
    no_trouble(at)
    assert not at.get("arrow_data_frame") and "None" not in shown_values(at)  # no grid, no None anywhere
    t = list_key(review, "timeline")
    rows = [w for w in at.text_area if w.key.startswith(t) and w.key.endswith("_what")]
    assert [w.value for w in rows] == ["Deploy started", "Error rate alarm fired"]
    before = len(at.text_area)
    at.run()  # a rerun (or hovering) adds nothing
    assert len(at.text_area) == before
    at.button(key=f"{t}_add").click().run()
    no_trouble(at)
    rows = [w for w in at.text_area if w.key.startswith(t) and w.key.endswith("_what")]
    assert len(rows) == 3 and rows[2].value == ""
    rows[2].input("Rollback finished")
    [w for w in at.text_input if w.key.startswith(t) and w.key.endswith("_at")][2].input("T+40m")
    first = rows[0].key.removesuffix("_what")
    at.button(key=f"{first}_remove").click().run()  # what was typed in the new row survives the removal
    no_trouble(at)
    at.button(key=f"{t}_save").click().run()
    no_trouble(at)
    saved = reviews.get_review(app_db, review.id)
    assert [(e.at, e.what) for e in saved.timeline] == [
        ("T+12m", "Error rate alarm fired"),
        ("T+40m", "Rollback finished"),
    ]
    assert "Timeline saved" in texts(at)


def test_factors_are_readable_choices_and_a_factor_without_a_choice_is_named(app_db, review):
    at = run_app(app_db, "demo-facilitator", "app_pages/review_edit.py", query={"review": str(review.id)})
    f = list_key(review, "factors")
    (choice,) = [w for w in at.selectbox if w.key.startswith(f)]
    assert choice.value == "tooling" and "Workload and pressure" in choice.options
    assert "workload-and-pressure" not in choice.options  # labels, not keys
    at.button(key=f"{f}_add").click().run()
    [w for w in at.text_area if w.key.startswith(f)][1].input("Everyone was on the sale")
    at.button(key=f"{f}_save").click().run()
    assert "Factor 2: choose which factor it was" in at.error[0].value
    assert reviews.get_review(app_db, review.id).factors == review.factors  # nothing half-saved
    [w for w in at.selectbox if w.key.startswith(f)][1].set_value("workload-and-pressure")
    at.button(key=f"{f}_save").click().run()
    no_trouble(at)
    assert [x.category for x in reviews.get_review(app_db, review.id).factors] == ["tooling", "workload-and-pressure"]


def test_publish_stays_disabled_with_its_reasons_until_every_finding_is_settled(app_db, review):
    reviews.update_review(app_db, review.id, summary=BLAMING)
    reviews.submit_for_review(app_db, review.id)
    at = run_app(app_db, "demo-facilitator", "app_pages/review_edit.py", query={"review": str(review.id)})
    no_trouble(at)
    assert at.button(key="move_published").disabled
    assert "Publish is not available yet" in texts(at) and "Summary: “" in texts(at)
    assert "went_well" not in texts(at) and "timeline[" not in texts(at)
    for finding in reviews.check_review(app_db, review.id):
        reviews.waive_finding(app_db, review.id, finding, "quoted from the incident channel, kept on purpose")
    at.run()
    assert not at.button(key="move_published").disabled
    assert "quoted from the incident channel" in texts(at)
    at.button(key="move_published").click().run()
    no_trouble(at)
    assert reviews.get_review(app_db, review.id).status == "published"


def test_field_labels_read_as_a_person_names_them():
    from dashboard.widgets.review_form import field_label

    assert field_label("went_well") == "What went well"
    assert field_label("timeline[2].what") == "Timeline, moment 2: what happened"
    assert field_label("actions[1].owner") == "Action 1: owner"


def test_publishing_is_refused_until_each_finding_is_waived(app_db, review):
    reviews.update_review(app_db, review.id, summary=BLAMING)
    reviews.submit_for_review(app_db, review.id)
    at = run_app(app_db, "demo-facilitator", "app_pages/review_check.py", query={"review": str(review.id)})
    no_trouble(at)
    assert "forgot" in texts(at) and "1 finding to fix or waive" in texts(at)
    assert at.button(key="move_published").disabled  # and the store refuses it too (tests/pulse/test_reviews.py)
    assert "to fix or waive with a reason first" in texts(at)
    assert reviews.get_review(app_db, review.id).status == "in-review"
    for finding in reviews.check_review(app_db, review.id):
        reviews.waive_finding(app_db, review.id, finding, "quoted from the incident channel, kept on purpose")
    at.run()
    at.button(key="move_published").click().run()
    no_trouble(at)
    assert reviews.get_review(app_db, review.id).status == "published"
    assert "review_markdown" in {b.key for b in at.get("download_button")}


def test_a_finding_is_waived_from_the_page(app_db, review):
    reviews.update_review(app_db, review.id, summary=BLAMING)
    at = run_app(app_db, "demo-facilitator", "app_pages/review_check.py", query={"review": str(review.id)})
    (finding,) = [f for f in reviews.check_review(app_db, review.id) if f.kind == "blame"]
    at.text_input(key=f"waive_reason_{finding.id}").input("the words of the runbook, not of a person")
    at.button(key=f"waive_{finding.id}_submit").click().run()
    no_trouble(at)
    (after,) = [f for f in reviews.check_review(app_db, review.id) if f.id == finding.id]
    assert after.waived == "the words of the runbook, not of a person"


def open_perspective_page(**query: str) -> AppTest:
    """Open the perspective page as a browser opens a link to it: straight onto it, with its query."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.switch_page("app_pages/perspective.py").run()


def test_perspectives_by_personal_link_are_hidden_until_closed_then_shown_in_themes(app_db, review):
    page = "app_pages/review_perspectives.py"
    at = run_app(app_db, "demo-facilitator", page, query={"review": str(review.id)})
    at.button(key="collection_open").click().run()
    no_trouble(at)
    at.number_input(key="pc_n").set_value(6)
    at.button(key="perspective_issue").click().run()
    no_trouble(at)
    issued, personal_links = at.code[0].value.splitlines(), at.code[1].value.splitlines()
    assert len(issued) == len(personal_links) == 6
    assert all(link.endswith(f"/perspective?code={code}") for code, link in zip(issued, personal_links, strict=True))
    words = [
        "The alarm was easy to miss at night.",
        "Nobody knew the migration was needed.",
        "The runbook was old.",
        "The deploy window overlapped the sale.",
        "On-call had no access to the database.",
    ]
    for text, link in zip(words, personal_links[:5], strict=True):  # one spare link stays unused
        participant = open_perspective_page(code=link.split("code=")[1])
        no_trouble(participant)
        assert "Checkout outage" in texts(participant)
        participant.text_area(key="perspective0_text").input(text)
        participant.button(key="perspective0_send").click().run()
        no_trouble(participant)
        assert "your perspective is in" in participant.success[0].value
        participant.run()
        assert not participant.text_area  # the link worked once: this session holds no code any more
    at.button(key="perspective_codes_forget").click().run()
    assert at.metric[0].value == "5" and not [t for t in words if t in texts(at)]
    at.checkbox(key="collection_confirm").check().run()
    at.button(key="collection_close").click().run()
    no_trouble(at)
    shown = "\n".join(t.value for t in at.text)
    assert all(t in shown for t in words)


def test_fewer_than_k_perspectives_stay_hidden(app_db, review):
    perspectives.open_collection(app_db, review.id)
    for text, code in zip(("one view", "another view"), perspectives.issue_codes(app_db, review.id, 2), strict=True):
        perspectives.submit_perspective(app_db, text, code=code)
    perspectives.close_collection(app_db, review.id)
    at = run_app(app_db, "demo-facilitator", "app_pages/review_perspectives.py", query={"review": str(review.id)})
    no_trouble(at)
    assert "fewer than 5 perspectives" in at.info[0].value
    assert "one view" not in texts(at)


def test_a_perspective_code_works_once_and_a_spent_one_looks_unknown(app_db, review):
    perspectives.open_collection(app_db, review.id)
    (code,) = perspectives.issue_codes(app_db, review.id, 1)
    at = run_app(app_db, None, "app_pages/perspective.py")
    at.text_input(key="perspective_code_entry").input(code)
    at.button(key="perspective_continue").click().run()
    at.text_area(key="perspective0_text").input("We were all tired after the sale weekend.")
    at.button(key="perspective0_send").click().run()
    no_trouble(at)
    assert perspectives.collection_state(app_db, review.id).count == 1
    at.text_input(key="perspective_code_entry").input(code)
    at.button(key="perspective_continue").click().run()
    spent = [e.value for e in at.error]
    at.text_input(key="perspective_code_entry").input(codes.new_code())
    at.button(key="perspective_continue").click().run()
    assert spent == [e.value for e in at.error] == [codes.REFUSED]


def test_an_old_shared_perspective_link_says_links_are_personal_now(app_db, review):
    perspectives.open_collection(app_db, review.id)
    at = open_perspective_page(plink="an-old-shared-link")
    assert not at.exception and not at.error
    assert "every person now gets a personal link" in at.warning[0].value
    assert not at.text_area and at.text_input(key="perspective_code_entry")


def test_learning_reads_published_reviews(app_db, review):
    reviews.submit_for_review(app_db, review.id)
    reviews.publish(app_db, review.id)
    at = run_app(app_db, "demo-facilitator", "app_pages/review_learning.py")
    no_trouble(at)
    assert "Contributing factors over time" in texts(at)
    at.text_input(key="learning_search").input("migration")
    at.run()
    assert "1 review found." in texts(at)


def test_the_trust_view_shows_only_teams_the_reader_may_read(app_db, review):
    reviews.submit_for_review(app_db, review.id)
    reviews.publish(app_db, review.id)
    facilitator = run_app(app_db, "demo-facilitator", "app_pages/review_learning.py")
    no_trouble(facilitator)
    # A facilitator reaches a team's series only through a review, and only that review's own team.
    assert facilitator.selectbox(key="learning_trust_review").value == review.id
    assert f"Team {review.team} only" in texts(facilitator)
    from dashboard.queries import reviews as review_queries

    with pytest.raises(review_queries.NotAllowed, match="only teams you may read"):
        review_queries.trust_points(app_db.path, review.id, ("Some other team",))
    admin = run_app(app_db, "demo-admin", "app_pages/review_learning.py")
    no_trouble(admin)
    assert admin.selectbox(key="learning_trust_review").value == review.id


def test_links_are_built_on_the_dashboards_root_whichever_page_prints_them():
    from dashboard.widgets.page import app_root

    assert app_root("http://host:8501/review-perspectives") == "http://host:8501"
    assert app_root("https://pulse.example.org/admin-codes?x=1") == "https://pulse.example.org"
    assert app_root("https://example.org/tools/teampulse/review-perspectives", "/tools/teampulse/") == (
        "https://example.org/tools/teampulse"
    )
