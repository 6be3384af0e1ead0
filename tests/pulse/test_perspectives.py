"""Anonymous perspectives: only single-use codes count, nothing links one to its code, fewer than k
stay hidden, release is shuffled and scrubbed, closing is final, themes through any model."""

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse import reviews, teams
from pulse import settings as org_settings
from pulse.errors import CodeInvalid, CollectionClosed, LinkInvalid, PerspectivesHidden, PulseError
from pulse.reviews import perspectives
from pulse.tokens import codes as tokens

TIME_TYPES = ("DATE", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "INTERVAL")


@pytest.fixture
def review(file_db):
    teams.add_team(file_db, "Payments", size=6)
    return reviews.create_review(file_db, "Payments", "Checkout latency", "2026-03-02")


def columns(db, table):
    return dict(
        db.cursor()
        .execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table])
        .fetchall()
    )


def write(db, review_id, texts):
    """Each text through its own single-use code, as participants write them."""
    for text, code in zip(texts, perspectives.issue_codes(db, review_id, len(texts)), strict=True):
        perspectives.submit_perspective(db, text, code=code)


def collect(db, review_id, texts):
    """Open collection, write ``texts`` and close it."""
    perspectives.open_collection(db, review_id)
    write(db, review_id, texts)
    return perspectives.close_collection(db, review_id)


# --- nothing links a perspective to anything ---------------------------------------------------


def test_the_schema_holds_no_identity_no_time_and_no_link_to_codes(file_db):
    assert columns(file_db, "perspectives") == {"id": "UUID", "review_id": "INTEGER", "body": "VARCHAR"}
    assert set(columns(file_db, "perspective_codes")) == {"hash", "review_id", "spent"}
    assert set(columns(file_db, "perspective_collections")) == {"review_id", "status", "link_hash"}
    for table in ("perspectives", "perspective_codes", "perspective_collections"):
        assert not [c for c, t in columns(file_db, table).items() if t in TIME_TYPES]
    shared = set(columns(file_db, "perspectives")) & (
        set(columns(file_db, "perspective_codes")) | set(columns(file_db, "perspective_collections"))
    )
    assert shared == {"review_id"}


def test_nothing_links_a_perspective_to_its_code(file_db, review):
    perspectives.open_collection(file_db, review.id)
    codes = perspectives.issue_codes(file_db, review.id, 4)
    for text, code in zip(["first view", "second view"], codes[:2], strict=True):
        perspectives.submit_perspective(file_db, text, code=code)
    file_db.close()  # texts wait in the mixing buffer; an orderly stop writes them
    cur = file_db.cursor()
    spent = cur.execute("SELECT hash FROM perspective_codes WHERE spent").fetchall()
    stored = cur.execute("SELECT CAST(id AS VARCHAR), review_id, body FROM perspectives").fetchall()
    assert len(spent) == 2 and len(stored) == 2
    every_value = {str(v) for row in stored for v in row}
    for (digest,) in spent:
        assert digest not in every_value
    for code in codes:
        assert code.replace("-", "") not in "".join(every_value).upper().replace("-", "")
    # Which of the issued codes were spent is all the code table knows; closing forgets even that.
    perspectives.close_collection(file_db, review.id)
    assert cur.execute("SELECT count(*) FROM perspective_codes").fetchone()[0] == 0


def test_a_code_works_once_and_a_race_has_one_winner(file_db, review):
    perspectives.open_collection(file_db, review.id)
    (code,) = perspectives.issue_codes(file_db, review.id, 1)
    assert perspectives.invitation_for_code(file_db, code.lower()).title == "Checkout latency"  # not spent by looking
    outcomes = []

    def attempt(i):
        try:
            perspectives.submit_perspective(file_db, f"view {i}", code=code)
            outcomes.append("ok")
        except CodeInvalid:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 7
    assert perspectives.collection_state(file_db, review.id).count == 1
    with pytest.raises(CodeInvalid, match=tokens.REFUSED):
        perspectives.invitation_for_code(file_db, code)
    with pytest.raises(CodeInvalid, match=tokens.REFUSED):
        perspectives.submit_perspective(file_db, "guess", code="0000-0000-0000-0000")


def test_shared_links_are_refused_and_a_perspective_needs_a_code(file_db, review):
    perspectives.open_collection(file_db, review.id)
    (code,) = perspectives.issue_codes(file_db, review.id, 1)
    with pytest.raises(LinkInvalid, match="personal link"):
        perspectives.submit_perspective(file_db, "through a shared link", link="an-old-shared-link-token")
    with pytest.raises(PulseError):
        perspectives.submit_perspective(file_db, "no code at all")
    with pytest.raises(PulseError):
        perspectives.submit_perspective(file_db, "   ", code=code)
    assert perspectives.invitation_for_code(file_db, code).review_id == review.id  # the empty text spent nothing
    assert perspectives.collection_state(file_db, review.id).count == 0


def test_a_perspective_code_and_a_pulse_code_never_open_each_other(file_db, review):
    from pulse import rounds
    from pulse.tokens.codes import issue_codes, round_for_code

    perspectives.open_collection(file_db, review.id)
    (perspective_code,) = perspectives.issue_codes(file_db, review.id, 1)
    (pulse_code,) = issue_codes(file_db, rounds.open_round(file_db, "Payments", "enps").id, 1)
    with pytest.raises(CodeInvalid):
        round_for_code(file_db, perspective_code)
    with pytest.raises(CodeInvalid):
        perspectives.invitation_for_code(file_db, pulse_code)


# --- fewer than k stay hidden --------------------------------------------------------------------


def test_nothing_shows_while_open_and_fewer_than_k_stay_hidden(file_db, review):
    perspectives.open_collection(file_db, review.id)
    write(file_db, review.id, ["one", "two", "three", "four", "five"])
    while_open = perspectives.release(file_db, review.id)
    assert (while_open.shown, while_open.n, while_open.texts) == (False, 5, [])
    other = reviews.create_review(file_db, "Payments", "Missed launch", "2026-04-01", "missed-goal")
    collect(file_db, other.id, ["only me", "and me", "me too", "and a fourth"])  # k is 5 by default
    hidden = perspectives.release(file_db, other.id)
    assert (hidden.shown, hidden.n, hidden.texts) == (False, 4, [])
    assert "fewer than 5" in hidden.note
    with pytest.raises(PerspectivesHidden):
        perspectives.group_into_themes(file_db, other.id, model=lambda texts: [0] * len(texts))
    never = reviews.create_review(file_db, "Payments", "Quiet one", "2026-04-02")
    assert perspectives.release(file_db, never.id).status == "not-open"


def test_k_or_more_are_released_shuffled_and_scrubbed(file_db, review):
    perspectives.open_collection(file_db, review.id)
    texts = [
        "I messaged priya.n@example.com and @priya_n but the alert had already cleared.",
        "Priya Natarajan was on call and did what the runbook said.",
        "Call me on +44 20 7946 0958 if you want details.",
        "Nobody knew who owned the queue.",
        "The dashboard averaged latency.",
        "We asked Tomasz to restart the consumer.",
    ]
    write(file_db, review.id, texts)
    assert perspectives.close_collection(file_db, review.id).count == 6
    released = perspectives.release(file_db, review.id, roster="Priya Natarajan, on-call engineer")
    assert released.shown and sorted(released.texts) == sorted(
        [
            "I messaged [email] and [handle] but the alert had already cleared.",
            "[name] was on call and did what the runbook said.",
            "Call me on [phone] if you want details.",
            "Nobody knew who owned the queue.",
            "The dashboard averaged latency.",
            "We asked [name] to restart the consumer.",
        ]
    )
    orders = {tuple(perspectives.release(file_db, review.id).texts) for _ in range(20)}
    assert len(orders) > 1  # 6! orders: twenty identical draws would have probability 720**-19


def test_closing_is_final_and_rewrites_storage_in_random_id_order(file_db, review):
    perspectives.open_collection(file_db, review.id)
    codes = perspectives.issue_codes(file_db, review.id, 2)
    write(file_db, review.id, [f"view {i}" for i in range(5)])
    perspectives.close_collection(file_db, review.id)
    ids = [r[0] for r in file_db.cursor().execute("SELECT id FROM perspectives").fetchall()]
    assert ids == sorted(ids)
    with pytest.raises(CodeInvalid, match=tokens.REFUSED):
        perspectives.submit_perspective(file_db, "late", code=codes[0])
    with pytest.raises(CollectionClosed):
        perspectives.open_collection(file_db, review.id)
    with pytest.raises(CollectionClosed):
        perspectives.issue_codes(file_db, review.id, 1)
    with pytest.raises(CollectionClosed):
        perspectives.close_collection(file_db, review.id)


def test_a_published_review_collects_nothing(file_db, review):
    reviews.submit_for_review(file_db, review.id)
    reviews.publish(file_db, review.id)
    with pytest.raises(CollectionClosed):
        perspectives.open_collection(file_db, review.id)


def test_published_export_mentions_only_the_count(file_db, review, tmp_path):
    collect(file_db, review.id, ["alpha view", "beta view", "gamma view"])
    reviews.submit_for_review(file_db, review.id)
    reviews.publish(file_db, review.id)
    md, js = reviews.export_review(file_db, review.id, tmp_path)
    assert "3 anonymous perspective(s)" in md.read_text(encoding="utf-8")
    assert '"perspectives": 3' in js.read_text(encoding="utf-8")
    assert "alpha view" not in md.read_text(encoding="utf-8") + js.read_text(encoding="utf-8")


# --- themes ----------------------------------------------------------------------------------


@pytest.fixture
def released(file_db, review):
    collect(
        file_db,
        review.id,
        [
            "The alert went to a muted channel.",
            "Alerts fire too often to notice.",
            "The pager alerts were muted.",
            "Too many meetings that week.",
            "The planning meeting ran long.",
            "Meetings filled the whole week.",
        ],
    )
    return review


def test_themes_from_a_plain_callable(file_db, released):
    themes = perspectives.group_into_themes(
        file_db, released.id, model=lambda t: ["alerts" if "lert" in x else "meetings" for x in t]
    )
    assert sorted((t.label, t.size) for t in themes) == [("alerts", 3), ("meetings", 3)]


class FitPredict:
    def fit_predict(self, texts):
        return [int("eeting" in t) for t in texts]


class FitsLabels:
    """The scikit-learn shape the analysis theme model follows: fit returns self, labels_ and names."""

    def fit(self, texts):
        self.labels_ = [int("eeting" in t) for t in texts]
        self.theme_labels_ = ["alerting", "meetings"]
        return self


class Scores:
    def fit(self, texts):
        return self

    def transform(self, texts):
        return [[0.1, 0.9] if "eeting" in t else [0.8, 0.2] for t in texts]


@pytest.mark.parametrize(
    ("model", "labels"),
    [
        (FitPredict(), {"theme 0", "theme 1"}),
        (FitsLabels(), {"alerting", "meetings"}),
        (Scores(), {"theme 0", "theme 1"}),
    ],
)
def test_themes_from_estimators(file_db, released, model, labels):
    themes = perspectives.group_into_themes(file_db, released.id, model=model)
    assert {t.label for t in themes} == labels
    assert sorted(t.size for t in themes) == [3, 3]
    meeting_theme = next(t for t in themes if any("meeting" in x for x in t.texts))
    assert all("eeting" in x for x in meeting_theme.texts)


def test_without_a_theme_model_everything_is_one_theme(file_db, released):
    (theme,) = perspectives.group_into_themes(file_db, released.id)
    assert theme.size == 6


def test_a_model_that_miscounts_is_refused(file_db, released):
    with pytest.raises(PulseError):
        perspectives.group_into_themes(file_db, released.id, model=lambda t: [0])


# --- properties ------------------------------------------------------------------------------

local = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=12).filter(
    lambda s: s[0].isalnum() and s[-1].isalnum() and ".." not in s
)


@settings(max_examples=100, deadline=None)
@given(local, st.sampled_from(["example.com", "corp.example.org"]), st.text(max_size=80))
def test_scrubbed_text_keeps_no_email(user, domain, filler):
    text = f"{filler} write to {user}@{domain} or @{user}x please"
    scrubbed = perspectives.scrub_names(text)
    assert f"{user}@{domain}" not in scrubbed
    assert f"@{user}x" not in scrubbed


# --- the analysis theme model ------------------------------------------------------------------


def test_the_analysis_theme_model_groups_by_meaning(file_db, review):
    themes_module = pytest.importorskip("analysis.themes")  # the pages pass it: pulse never imports analysis
    meetings = [
        "Standups dragged on and planning took a whole afternoon.",
        "Too many meetings that week, no time to build.",
        "My calendar was wall to wall calls.",
    ]
    tooling = [
        "The deploy tooling kept failing and CI was slow.",
        "The build pipeline broke twice and nobody owned it.",
        "Our laptops were too slow to run the test suite.",
    ]
    collect(file_db, review.id, meetings + tooling)
    model = themes_module.ThemeModel(backend="lexical", random_state=0)
    themes = perspectives.group_into_themes(file_db, review.id, model=model)
    groups = sorted(sorted(t.texts) for t in themes)
    assert groups == sorted([sorted(meetings), sorted(tooling)])
    assert all(not t.label.startswith("theme ") for t in themes)  # readable names from theme_labels_


# --- issue 11, item 3: k counts people -----------------------------------------------------------


def test_a_facilitator_cannot_pad_one_real_perspective_with_filler_to_release_it(file_db, review):
    """Before: the shared link took any number of perspectives and three were enough, so four filler
    texts beside one real one released it, and the one not written by the facilitator was theirs."""
    perspectives.open_collection(file_db, review.id)
    real, *spare = perspectives.issue_codes(file_db, review.id, 6)
    perspectives.submit_perspective(file_db, "I pushed the change without a review.", code=real)
    for i in range(4):
        with pytest.raises(LinkInvalid):
            perspectives.submit_perspective(file_db, f"filler {i}", link="the-shared-link-of-old")
    perspectives.close_collection(file_db, review.id)
    released = perspectives.release(file_db, review.id)
    assert (released.shown, released.n, released.texts) == (False, 1, [])
    with pytest.raises(CodeInvalid):  # the spare codes died with the collection
        perspectives.submit_perspective(file_db, "late filler", code=spare[0])


def test_release_follows_the_organisations_k_not_a_constant(file_db, review):
    org_settings.set_min_group_size(file_db, 7)
    collect(file_db, review.id, [f"view number {i}" for i in range(6)])
    hidden = perspectives.release(file_db, review.id)
    assert not hidden.shown and "fewer than 7" in hidden.note
    org_settings.set_min_group_size(file_db, 6)
    assert perspectives.release(file_db, review.id).shown


def test_a_spent_and_an_unknown_perspective_code_are_answered_alike(file_db, review):
    perspectives.open_collection(file_db, review.id)
    spent, unused = perspectives.issue_codes(file_db, review.id, 2)
    perspectives.submit_perspective(file_db, "what I saw", code=spent)
    answers = set()
    for code in (spent, tokens.new_code()):
        for ask in (perspectives.invitation_for_code, lambda db, c: perspectives.submit_perspective(db, "x", code=c)):
            with pytest.raises(CodeInvalid) as caught:
                ask(file_db, code)
            answers.add((type(caught.value), str(caught.value)))
    assert answers == {(CodeInvalid, tokens.REFUSED)}
    perspectives.close_collection(file_db, review.id)
    for code in (spent, unused, tokens.new_code()):
        with pytest.raises(CodeInvalid, match=tokens.REFUSED):
            perspectives.invitation_for_code(file_db, code)
