"""The blame-language check: every pattern kind, rosters, clean text, the labelled set, the command."""

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse import lint
from pulse.errors import TrainingDataMissing
from teampulse.cli import main

# The labelled set ships inside the package: the classifier reads it at run time, installed or not.
LABELLED = lint.TRAINING_DATA

# The labelled set (pulse/lint/data/lint-labelled.csv) was written in rounds, each before the rules were next changed.
# First measurements (recall on blaming sentences / false-positive rate on neutral ones): round 2 0.48 /
# 0.02, round 3 0.64 / 0.00, round 4 0.45 / 0.00, round 5 0.40 / 0.07, round 6 0.33 / 0.03. Rounds 1-4 and 6
# were then used to generalise the rules and to train the blaming-tone classifier: they are tuning data.
# Round 5 was never tuned on: it is the honest measure of unseen wording (0.81 / 0.06 after the change;
# the rules alone 0.60 / 0.06).
# Round 8 (session 11) is real text: the sentences of data/evaluation/blame/tuning.csv, heldout.csv,
# heldout-2.csv and heldout-3.csv, each added after its one measurement. Trained without heldout-3, the
# classifier flagged 8.7% of heldout-3's neutral sentences instead of 12.5% (blame recall 0.92 for 0.94).
TUNED_ROUNDS = ("round1", "round2", "round3", "round4", "round6", "round7", "round8", "round9", "round10",
                "round11", "round12", "round13", "round14", "round15")  # fmt: skip
# Rounds 8 and later are real sentences that name real people (a finding of their own).
REAL_ROUNDS = tuple(f"round{n}" for n in range(8, 16))
UNSEEN_ROUNDS = ("round5",)
# Round 5 was 0.78 with the classifier at 0.84; round 7 (report-style neutral sentences, issue 13) moved the
# leave-one-round-out threshold to 0.87, where round 5 is 0.72 (docs/reviews.md). Since session 13 the classifier
# is a fine-tuned encoder read at 0.9 (docs/reviews.md, seventh pass); these floors still hold.
MIN_RECALL = {"tuned": 0.95, "unseen": 0.70}
MAX_FALSE_POSITIVE_RATE = {"tuned": 0.03, "unseen": 0.09}
MIN_UNSEEN_RULES_ONLY_RECALL = 0.55


def kinds(text, roster=None):
    return [f.kind for f in lint.lint_text(text, roster)]


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("The change was reviewed by Priya Natarajan.", "name", "Priya Natarajan"),
        ("Marco forgot to renew the certificate.", "possible-name", "Marco"),
        ("The build broke after a change by Tomasz.", "possible-name", "Tomasz"),
        ("Contact mike.jones@example.com about the rollout.", "email", "mike.jones@example.com"),
        ("@kevin merged it on Tuesday.", "handle", "@kevin"),
        ("The outage was caused by human error.", "blame", "human error"),
        ("We need to know who caused the failure.", "blame", "who caused"),
        ("The developer failed to test the migration.", "blame", "failed to test"),
        ("The operator didn't follow the runbook.", "blame", "didn't follow"),
        ("Somebody forgot to update the DNS record.", "blame", "forgot"),
        ("The engineer should have checked the graphs.", "counterfactual", "should have"),
        ("Mike could have asked for help.", "counterfactual", "could have"),
        ("They would have recovered sooner.", "counterfactual", "would have"),
        ("If only the backup had run, we were fine.", "counterfactual", "If only the backup had run"),
        ("If the reviewer had looked at it, it was caught.", "counterfactual", "If the reviewer had looked"),
        ("That was careless.", "judgement", "careless"),
        ("The handling was negligent.", "judgement", "negligent"),
        ("He was obviously wrong.", "judgement", "obviously"),
        ("The reviewer rubber-stamped the pull request.", "blame", "rubber-stamped"),
        ("The team lead threw the testers under the bus.", "blame", "threw the testers under the bus"),
        ("The database was dropped by the new contractor.", "blame", "was dropped by the new contractor"),
        ("We missed the deadline because of Leonie.", "blame", "because of Leonie"),
        ("The outage is on Keith.", "blame", "is on Keith"),
        ("Marcus blew the budget.", "possible-name", "Marcus"),
        ("Brilliant move by the ops team, again.", "judgement", "Brilliant move"),
        (
            "The on-call engineer took two hours to respond to a critical page.",
            "blaming-tone",
            "The on-call engineer took two hours to respond to a critical page.",
        ),
    ],
)
def test_every_pattern_kind_is_found_with_its_span_and_a_question(text, kind, words):
    roster = lint.parse_roster("Priya Natarajan, reviewer")
    found = [f for f in lint.lint_text(text, roster) if f.kind == kind]
    assert found, f"no {kind} finding in {text!r}: {lint.lint_text(text, roster)}"
    first = found[0]
    assert first.text == words
    assert text[first.start : first.end] == words
    assert "?" in first.question
    assert kind in lint.KINDS


def test_the_issue_s_reframing_question_is_asked_for_blame():
    (finding,) = lint.lint_text("The engineer failed to check the dashboard.")
    assert finding.question == "What made this look like the right action at the time?"


CLEAN = [
    "The deploy pipeline has no automated rollback step.",
    "Alerts for disk usage were routed to a channel nobody monitors at night.",
    "The health check failed to detect the degraded database connection.",
    "Kubernetes restarted the pod three times before the alert fired.",
    "On Friday afternoon the release train was already behind schedule.",
    "The Payments team owns the retry policy; the Platform team owns the queue.",
    "At 14:20 the on-call engineer paged the database team.",
    "We agreed to add a canary stage to the pipeline by the end of March.",
    "What made the rollback look risky at the time was the pending schema change.",
    "Streamlit's session state was reset after the server restarted.",
    "DuckDB locked the file during the nightly export.",
    "The engineer noticed that messages disappeared from the queue.",
    "The vendor's API documentation did not mention the rate limit.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_system_focused_text_gives_no_finding(text):
    assert lint.lint_text(text) == []


# Known false flag of the tone encoder (docs/reviews.md, seventh and eighth passes): it reads a long stay on a
# call as blame. Strict, so that a retrained encoder that gets it right turns this into a failure to remove (the
# encoder of session 14 got the reassurance "No, you didn't do anything wrong." right: it is tested below).
@pytest.mark.xfail(strict=True, reason="the tone encoder reads this as blame")
@pytest.mark.parametrize("text", ["The on-call engineer sat on the bridge call for two hours."])
def test_known_false_flags_of_the_tone_encoder(text):
    assert lint.lint_text(text) == []


def test_a_reassurance_is_no_blame():
    # A false flag of the encoder of session 13 (0.80), read right since (0.67).
    assert lint.lint_text("No, you didn't do anything wrong.") == []


def test_blaming_tone_covers_the_sentence_without_markup_and_asks_a_question():
    text = "The alert fired at 09:14.\n- The on-call engineer took two hours to respond to a critical page.\n"
    (finding,) = lint.lint_text(text)
    assert finding.kind == "blaming-tone"
    assert finding.text == "The on-call engineer took two hours to respond to a critical page."
    assert (finding.line, finding.column) == (2, 3)
    assert finding.question.endswith("?")


def test_a_whole_document_is_read_by_the_rules_alone():
    # On real postmortems the classifier was wrong nine times in ten; a review's fields are still read for tone.
    field = "- The on-call engineer took two hours to respond to a critical page.\n"
    assert kinds(field) == ["blaming-tone"]
    assert kinds("# Notes\n\n" + field) == []
    assert kinds("# Notes\n\n- The on-call engineer forgot to renew the certificate.\n") == ["blame"]
    long_field = "The queue drained slowly over the afternoon and the dashboards stayed green. " * 30
    assert kinds(long_field + field) == []  # longer than a field: a pasted document
    assert kinds("**Summary**\n\n" + field) == ["blaming-tone"]  # a bold line is no document heading


def test_blaming_tone_is_not_added_where_a_rule_already_flagged_the_phrasing():
    assert kinds("Frankly the reviewer was incompetent and did a terrible job.") == ["judgement", "judgement"]


@pytest.mark.parametrize(
    "text",
    [
        "At 09:20 we paged Dana, who joined the call within five minutes.",
        "The fix was pair-programmed by Nils and a platform engineer.",
        "During the retro, Chen suggested a canary stage, and the team agreed.",
        "We asked Vitess to retry.",
    ],
)
def test_a_name_alone_does_not_make_a_sentence_blaming(text):
    # Names are findings of their own; the classifier does not read them (no neutral sentence it learned
    # from has a name, so it would otherwise take any name as blame).
    assert "blaming-tone" not in kinds(text)


def test_the_classifier_learns_only_from_the_tuning_rounds():
    # The encoder is trained offline (scripts/train_tone_encoder.py) on these rounds; round 5 stays unseen.
    assert lint.TRAINING_ROUNDS == TUNED_ROUNDS
    assert not set(lint.TRAINING_ROUNDS) & set(UNSEEN_ROUNDS)


def test_a_clean_markdown_document_gives_no_finding():
    doc = (
        "# Checkout latency\n\n"
        "## Timeline\n\n"
        "| When | What happened |\n| --- | --- |\n"
        "| 09:14 | Error rate rose to 12% |\n| 09:20 | The on-call engineer was paged |\n\n"
        "## Contributing factors\n\n"
        "- **Tooling**: the dashboard averaged latency, which hid the spikes.\n"
        "- **Process**: the canary stage was optional.\n\n"
        "See `@retry(times=3)` in `client.py` and https://example.com/@someone/notes for details.\n"
    )
    assert lint.lint_text(doc) == []


def test_roster_names_are_found_in_full_and_by_capitalised_part_only():
    roster = lint.parse_roster("Will Turner, release engineer\nPriya Natarajan")
    text = "will turner restarted it. Will said the queue drained. We will retry. natarajan looked."
    found = lint.lint_text(text, roster)
    names = [f.text for f in found if f.kind == "name"]
    assert names == ["will turner", "Will"]  # "will" the verb and lowercase parts stay
    assert "Natarajan" in lint.lint_text("Natarajan looked at the graphs.", roster)[0].text


def test_roster_names_are_replaced_by_roles():
    roster = lint.parse_roster("Alice Smith, on-call engineer\nBob Jones\nCara Diaz: Platform team")
    text = "Alice Smith restarted the node. Then alice smith's fix held. Bob paged Cara."
    replaced = lint.replace_names(text, roster)
    assert replaced == (
        "The on-call engineer restarted the node. Then the on-call engineer's fix held."
        " A team member paged Platform team."
    )
    assert not [f for f in lint.lint_text(replaced, roster) if f.kind == "name"]


def test_parse_roster_reads_common_pasted_shapes():
    roster = lint.parse_roster(
        "name,role\n# people in the room\nAlice Smith, SRE\nBob Jones\tdeveloper\n"
        "Cara Diaz <cara@example.com>\nDan Wu - product owner\n\n"
    )
    assert roster.entries == (
        ("Alice Smith", "SRE"),
        ("Bob Jones", "developer"),
        ("Cara Diaz", None),
        ("Dan Wu", "product owner"),
    )
    assert lint.as_roster(["Eve Ng"]).entries == (("Eve Ng", None),)
    assert lint.as_roster({"Eve Ng": "tester"}).role_of("Eve") == "tester"


def test_lines_and_columns_point_at_the_words():
    text = "First line is fine.\n\n  The reviewer was careless."
    (finding,) = lint.lint_text(text)
    assert (finding.line, finding.column) == (3, 20)
    assert text.splitlines()[2][finding.column - 1 :].startswith("careless")


def test_curly_apostrophes_count_as_apostrophes():
    assert "blame" in kinds("The operator didn’t follow the procedure.")
    assert "possible-name" in kinds("Jenny’s review was rushed.")


def read_labelled():
    with LABELLED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def rates(rows):
    blaming = [r for r in rows if r["label"] == "blaming"]
    neutral = [r for r in rows if r["label"] == "neutral"]
    recall = sum(bool(lint.lint_text(r["text"])) for r in blaming) / len(blaming)
    false_positive_rate = sum(bool(lint.lint_text(r["text"])) for r in neutral) / len(neutral)
    return recall, false_positive_rate


@pytest.fixture
def rules_only(monkeypatch):
    monkeypatch.setattr(lint, "tone_model", lambda: None)


@pytest.fixture
def training_file_gone(monkeypatch, tmp_path):
    """The packaged training sentences missing, as in a wheel built without its package data."""
    monkeypatch.setattr(lint.training, "TRAINING_DATA", tmp_path / "absent" / "lint-labelled.csv")
    for cached in (lint.training_sentences, lint.names.common_words):
        cached.cache_clear()
    yield
    for cached in (lint.training_sentences, lint.names.common_words):
        cached.cache_clear()


def test_the_training_sentences_ship_inside_the_package():
    assert Path(str(lint.TRAINING_DATA)).is_relative_to(Path(lint.__file__).parent)
    assert lint.training_sentences()


def test_a_missing_training_file_is_an_error_not_a_quietly_weaker_check(training_file_gone):
    with pytest.raises(TrainingDataMissing, match="lint-labelled.csv"):
        lint.lint_text("The on-call engineer took two hours to respond to a critical page.")


@pytest.mark.parametrize("gone, named", [("training_file_gone", "training"), ("weights_gone", "encoder")])
def test_the_command_reports_a_missing_packaged_file_in_one_line(gone, named, request, tmp_path):
    request.getfixturevalue(gone)  # the training sentences, or the encoder's weights (tests/pulse/conftest.py)
    doc = tmp_path / "review.md"
    doc.write_text("The on-call engineer took two hours to respond to a critical page.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(doc)])
    assert result.exit_code != 0
    assert result.stderr.strip().startswith("teampulse: error:") and named in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_labelled_set_is_varied_and_balanced():
    rows = read_labelled()
    assert {r["label"] for r in rows} == {"blaming", "neutral"}
    assert len({r["text"] for r in rows}) == len(rows)
    for split in {r["split"] for r in rows}:
        labels = [r["label"] for r in rows if r["split"] == split]
        assert labels.count("blaming") >= 30 and labels.count("neutral") >= 30


def test_labelled_set_recall_and_false_positive_rate(capsys):
    rows = read_labelled()
    assert {r["split"] for r in rows} == set(TUNED_ROUNDS + UNSEEN_ROUNDS)
    with capsys.disabled():
        for split in TUNED_ROUNDS + UNSEEN_ROUNDS:
            r, f = rates([row for row in rows if row["split"] == split])
            print(f"\nlint {split}: recall {r:.3f}, false-positive rate {f:.3f}", end="")
        print()
    # Real sentences are scored by benchmarks/blame_accuracy.py.
    written = tuple(r for r in TUNED_ROUNDS if r not in REAL_ROUNDS)
    for group, splits in (("tuned", written), ("unseen", UNSEEN_ROUNDS)):
        recall, fpr = rates([row for row in rows if row["split"] in splits])
        assert recall >= MIN_RECALL[group], f"{group} recall {recall:.3f}"
        assert fpr <= MAX_FALSE_POSITIVE_RATE[group], f"{group} false-positive rate {fpr:.3f}"


def test_the_rules_alone_still_catch_most_unseen_blaming_sentences(rules_only):
    recall, fpr = rates([row for row in read_labelled() if row["split"] in UNSEEN_ROUNDS])
    assert recall >= MIN_UNSEEN_RULES_ONLY_RECALL, f"rules-only unseen recall {recall:.3f}"
    assert fpr <= MAX_FALSE_POSITIVE_RATE["unseen"]


# --- properties --------------------------------------------------------------------------------

prose = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ '’.,;:!?@-_\n\t`0123456789é")),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(prose)
def test_spans_always_point_at_the_reported_words(text):
    found = lint.lint_text(text)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        line_start = text.rfind("\n", 0, f.start) + 1
        assert f.line == text.count("\n", 0, f.start) + 1
        assert f.column == f.start - line_start + 1
        assert f.kind in lint.KINDS and f.question


names = st.tuples(
    st.sampled_from(["Alice", "Bogdan", "Chiara", "Dmitri", "Esi", "Farid", "Grete", "Hiroshi"]),
    st.sampled_from(["Smith", "Okafor", "Rossi", "Ivanova", "Mensah", "Haddad", "Larsen", "Tanaka"]),
).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(names, st.sampled_from(["restarted the queue", "was paged", "reviewed the change"]), st.booleans())
def test_replaced_text_holds_no_roster_name(name, rest, with_role):
    roster = lint.as_roster({name: "duty engineer" if with_role else None})
    text = f"At 09:00 {name} {rest}. Later {name.split()[0]} {rest} again, and {name.upper()} too."
    replaced = lint.replace_names(text, roster)
    assert not [f for f in lint.lint_text(replaced, roster) if f.kind == "name"]
    for part in name.split():
        assert part not in replaced


# --- the command -----------------------------------------------------------------------------


def _lint_with_roster(tmp_path, text: str):
    doc = tmp_path / "review.md"
    doc.write_text(text, encoding="utf-8")
    roster = tmp_path / "roster.txt"
    roster.write_text("Priya Natarajan, on-call engineer\n", encoding="utf-8")
    return CliRunner().invoke(main, ["lint", str(doc), "--roster", str(roster)])


def test_lint_command_prints_findings_with_line_numbers_and_exits_1(tmp_path):
    result = _lint_with_roster(tmp_path, "# Review\n\nThe alert fired.\nPriya should have checked the graphs.\n")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # Surest first: the roster name (high) before the hindsight (medium).
    assert lines[0].split() == ["line", "column", "severity", "kind", "text", "question"]
    assert lines[1].split()[:5] == ["4", "1", "high", "name", "Priya"]
    assert lines[2].split()[:5] == ["4", "7", "medium", "counterfactual", "should"]


def test_lint_command_counts_a_name_in_many_places_once_to_settle(tmp_path):
    result = _lint_with_roster(
        tmp_path, "# Timeline\n\n- 01:00 Priya restarted node 1\n- 02:00 Priya restarted node 2\n"
    )
    assert result.exit_code == 1
    assert "2 finding(s) (1 distinct): 2 name" in result.stderr


def test_lint_command_json_and_clean_file(tmp_path):
    doc = tmp_path / "notes.txt"
    doc.write_text("It was obviously careless.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(doc), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    # "obviously" judges only with a person in the sentence; "careless" always does.
    assert [d["kind"] for d in data] == ["judgement"]
    assert {"line", "column", "start", "end", "text", "question", "severity", "section", "sentence"} <= set(data[0])
    doc.write_text("The alert fired at 09:14 and the queue drained by 09:40.\n", encoding="utf-8")
    clean = CliRunner().invoke(main, ["lint", str(doc), "--format", "json"])
    assert clean.exit_code == 0 and json.loads(clean.stdout) == []
    assert CliRunner().invoke(main, ["lint", str(doc)]).exit_code == 0


def test_lint_command_refuses_a_binary_file_in_one_line(tmp_path):
    doc = tmp_path / "blob.bin"
    doc.write_bytes(b"\xff\xfe\x00garbage")
    result = CliRunner().invoke(main, ["lint", str(doc)])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("teampulse: error:") and "UTF-8" in result.stderr
