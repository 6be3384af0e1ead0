"""The blame check on whole real postmortems (issue 13, second pass): what made a facilitator stop reading
(tools read as people, one person as several findings, role words used otherwise, descriptions read as
blame, the classifier on telegraphic notes), and the clear blame that must still be found. Sentences are
written here after the shapes seen on the tuning postmortems (data/evaluation/blame/postmortems.txt)."""

import pytest

from pulse import lint
from pulse.lint import entities
from tests.lint_testing import model_fixture  # noqa: F401  (the model fixture)

PHRASING = {"blame", "counterfactual", "judgement", "blaming-tone"}


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in lint.lint_text(text)]


def phrasing(text: str) -> list[str]:
    return [k for k, _ in kinds(text) if k in PHRASING]


# Whole postmortems (issue 13): what made a facilitator stop reading, in sentences written here after the
# shapes seen on the tuning postmortems (dfds 2019-2021, iasql; data/evaluation/blame/postmortems.txt).
TOOL_LINES = """# Outage of the billing cluster

- Permanently removed the Fenwick admission controller
- Restarted the Fenwick admission webhook
- Upgraded the Orlin Kubernetes cluster to 1.29
- AWS Quillon checked, no vulnerable versions found
- Improved logging in the Brisk example deployment
- Misc.

The Orlin Kubernetes ingress was reconfigured. Migration to the new CNI is planned.
"""


def test_tools_clusters_and_line_heads_are_not_people_in_a_document():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    names = [f.text for f in lint.lint_text(TOOL_LINES) if f.kind in ("name", "possible-name")]
    assert names == []


def test_one_finding_per_person_with_the_address_beside_the_name(model):
    found = lint.lint_text("Author: Marta Kowalczyk <marta.k@example.org>\n\nWe rolled back the release.")
    identities = [f for f in found if f.kind in ("name", "possible-name", "email")]
    assert [(f.kind, f.text, f.severity) for f in identities] == [
        ("email", "Marta Kowalczyk <marta.k@example.org>", "high")
    ]


def test_role_words_used_as_other_words_are_no_people(model):
    # "support" as a verb or a feature, a role as a modifier of a thing, a pronoun things are done to.
    assert not [k for k in kinds("To support this the annotations were modified, accidentally overwriting others.")]
    assert not [k for k, _ in kinds("A call introduced by the multi-region support did not do so.") if k in PHRASING]
    assert not [
        k for k, _ in kinds("This highlights the importance of debugging on local developer machines.") if k in PHRASING
    ]
    assert ("blame", "accidentally") in kinds("The support engineer accidentally removed the annotations.")


def test_passives_processes_and_descriptions_are_not_blame(model):
    assert not [k for k, _ in kinds("They were not checked for the vulnerable library.") if k in PHRASING]
    assert not [k for k, _ in kinds("The primary culprit was identified and terminated, and the team was told.")]
    assert not [k for k, _ in kinds("Release day, but being extra cautious, it was put on hold.") if k in PHRASING]
    assert not [k for k, _ in kinds("- Appointing an incident manager earlier could have helped") if k in PHRASING]
    # The same words about people still are.
    assert ("blame", "culprit") in kinds("The new intern was the culprit.")
    assert ("blame", "Be more careful") in kinds("- Be more careful when testing fixes in the sandbox")
    assert any(k == "blame" for k, _ in kinds("Engineers must be more vigilant on Fridays."))
    assert any(k == "blame" for k, _ in kinds("He was not paying attention to the alerts."))


def test_the_tone_reads_sentences_not_telegraphic_notes():
    # A timeline row or list item without final punctuation is a note; the classifier learned sentences.
    rows = "| 14:02 | Owner of the ingress causing the issue contacted |\n- Teach the product owners how to read CVEs\n"
    assert not [f for f in lint.lint_text(rows) if f.kind == "blaming-tone"]
    assert lint._note(rows, 10, 50)
    assert not lint._note("The owner of the ingress ignored the pages for an hour.", 0, 54)


def test_facts_investigations_and_reassurance_are_not_blame(model):
    for text in (
        "He confirmed that he did not access the account that night.",
        "The blocks passed validation, but they did not get added to the chain.",
        "- Check why the alert did not fire for the exporter",
        "The underlying CI system appears to have hit a fatal error.",
        "The rogue dev container kept opening connections.",
    ):
        assert not [k for k, _ in kinds(text) if k in PHRASING], text
    assert ("judgement", "rogue engineer") in kinds("A rogue engineer deleted the backups.")
    assert any(k == "blame" for k, _ in kinds("The reviewer did not test the change before approving it."))
    assert any(k == "counterfactual" for k, _ in kinds("Why didn't the on-call engineer roll back?"))


def test_a_hyphenated_user_name_is_one_finding_and_a_tool_used_is_no_person():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    text = "- 01:56: Ashley contacts [Greg-Halvorsen], who has access\n\nWe moved the job into Harbormaster overnight."
    names = [f.text for f in lint.lint_text(text) if f.kind == "possible-name"]
    assert "Greg-Halvorsen" in names and "Harbormaster" not in names
    assert "Greg" not in names and "Halvorsen" not in names


@pytest.mark.parametrize(
    "text",
    [
        "Then Priya did not check the backups.",
        "However Priya never reviewed the change.",
        "We heard about it via Maria. Maria did not check the backups.",
        "During the rollout the engineer did not check the logs.",
        "Following the alert the engineer did not escalate.",
        "Next time, be more careful.",
        "Lesson learned: be more careful.",
        "(Be more careful.)",
        "Engineers will be more careful from now on.",
        "The culprit, as usual, was the intern.",
        "The culprit: the new contractor.",
        "To blame: the on-call engineer.",
        "He did not get approval before deploying.",
        "She did not include the migration in the release.",
        "The engineer did not see the alert for an hour.",
        "The on-call did not have the runbook open.",
        "Rasheed did not check the backups.",
        "Jules forgot to rotate the key.",
        "Priya had forgotten to update the runbook.",
        "The agent ignored the error.",
        "The rogue SRE disabled the firewall.",
    ],
)
def test_clear_blame_is_still_found_in_every_shape(model, text):
    # Probes from a review of the second pass: each lost its finding to one of the narrowing rules above.
    assert phrasing(text), text


def test_names_spelt_like_products_and_people_named_after_a_sentence_word_are_found():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    for text, name in (
        ("Then Priya did not check the backups.", "Priya"),
        ("JoAnn skipped the review.", "JoAnn"),
        ("D'Angelo ignored the alert.", "D'Angelo"),
        ("Rasheed did not check the backups.", "Rasheed"),
    ):
        assert ("possible-name", name) in kinds(text), text


def test_addresses_mark_one_person_each_and_no_more(model):
    assert kinds("We paged Ops. Ann Lee <ann@example.org> replied.") == [("email", "Ann Lee <ann@example.org>")]
    assert kinds("Email Ann Lee <ann@example.org> for access.") == [("email", "Ann Lee <ann@example.org>")]
    assert kinds("Ann Lee <ann@example.org> Bob Smith <bob@example.org>") == [
        ("email", "Ann Lee <ann@example.org>"),
        ("email", "Bob Smith <bob@example.org>"),
    ]
    assert ("email", "ann@example.org") in kinds("ann@example.org Bob forgot the key.")
    assert not [t for k, t in kinds("Honestly, Kevin did great work.") if t == "Honestly"]


def test_beliefs_feelings_things_and_what_was_seen_are_not_blame(model):
    for text in (
        "Lena noted the table was small, so we didn't think the slowdown came from the database.",
        "They did not feel confident enough to roll back without a second opinion.",
        "Detection was through customers telling us it wasn't working.",
        "The field is loaded up front, which avoids later lazy DB lookups.",
        "The second engineer read the logs but saw nothing obviously wrong.",
    ):
        # The rules' findings (a single sentence is also read by the classifier, measured apart).
        assert not [k for k in phrasing(text) if k != "blaming-tone"], text
    assert "blame" in phrasing("The engineer didn't think about the rollback plan.")


def test_versions_bots_and_names_with_particles():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    names = [t for k, t in kinds("Tested with Python3.6 and it failed. Dependabot opened a pull request.")]
    assert names == []
    assert ("possible-name", "Sarika van Dijk") in kinds("Sarika van Dijk reports that logins fail.")


def test_being_careful_is_found_as_a_demand_not_as_a_description(model):
    for text in (
        "We should be more careful when making changes at the end of the day.",
        "He's forgotten the password again.",
        "They've forgotten to rotate the keys.",
        "The intern had, once again, forgotten the keys.",
        "The lazy DBA skipped the backup.",
    ):
        assert [k for k in phrasing(text) if k != "blaming-tone"], text
    for text in (
        "The audit will be thorough.",
        "The new checks will be more thorough than the old ones.",
        "We decided to be extra careful with the rollout.",
        "The funds were forgotten in the old wallet.",
        "The SRE did not receive the page because the pager service was down.",
    ):
        assert not [k for k in phrasing(text) if k != "blaming-tone"], text


def test_initials_leading_verbs_and_particles_in_identities(model):
    assert kinds("Ann Q. Lee <ann@example.org> replied.") == [("email", "Ann Q. Lee <ann@example.org>")]
    assert kinds("Contact Ann Lee <ann@example.org> for access.") == [("email", "Ann Lee <ann@example.org>")]
    # Two roster people are never merged into one finding by a particle between them.
    found = lint.lint_text("Ann de Bob pushed the change.", roster=["Ann Lee", "Bob Smith"])
    assert [(f.kind, f.text) for f in found if f.kind == "name"] == [("name", "Ann"), ("name", "Bob")]


def test_two_part_product_spellings_are_no_people():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    for text in ("GoDaddy didn't renew the domain.", "We moved the models to PyTorch and PyTorch leaked memory."):
        assert not [t for k, t in kinds(text) if k == "possible-name"], text
    assert ("possible-name", "JoAnn") in kinds("JoAnn skipped the review.")


def test_plurals_product_spellings_and_reasoned_decisions(model):
    text = "**Detection**: Operators noticed the mismatch and told the other operators."
    assert not [k for k, _ in kinds(text) if k == "possible-name"]
    for word in ("Keybase", "Stackbot", "Zenchainlab", "Shopify"):
        assert not [k for k, _ in kinds(f"We restored it from {word}'s snapshot.") if k == "possible-name"], word
    decided = "- Did not follow the rollback plan proposed by the team, as it would have caused worse issues"
    assert not [k for k in phrasing(decided) if k != "blaming-tone"]
    assert "blame" in phrasing("- Did not follow the rollback plan proposed by the team")
    assert ("possible-name", "Ines") in kinds("Ines ignored the review.")


def test_packages_technical_capitals_and_code_as_subject(model):
    text = "- Patch CVE-2021-3807 by upgrading to ansi-regex@6.0.1 and golang.org/x/crypto@0.0.0-2020 in core"
    assert not [k for k, _ in kinds(text) if k == "email"]
    assert ("email", "ops.lead@example.org") in kinds("Write to ops.lead@example.org for access.")
    assert not phrasing("Unfinished blocks with different Foliage were rejected.")
    assert not phrasing("The code that creates outputs failed to check against negative values.")
    assert "blame" in phrasing("We lost the deal because sales failed to follow up.")
    assert "blame" in phrasing("We failed to consider the case of a single spend.")


def test_a_tool_qualifying_a_noun_is_no_cause_and_a_product_with_at_is_no_address(model):
    assert not phrasing("These required manual reprocessing due to Riak write timeouts.")
    assert "blame" in phrasing("The release slipped because of Leila.")
    assert "blame" in phrasing("It was delayed due to Leila forgetting the key.")
    assert "blame" in phrasing("We lost a day because of Priya's change.")
    assert [k for k, _ in kinds("Compute@Edge was affected; write to alice@example.org.") if k == "email"] == ["email"]


# Session 8, from the findings on heldout-8 (incident reports published as blog posts): sentences written here.
def test_shared_mailboxes_platforms_and_repository_owners_are_no_people(model):
    assert not kinds("To fund this work, write to sponsors@example.org or donations@example.org.")
    assert ("email", "dana.k@example.org") in kinds("To fund this work, write to dana.k@example.org.")
    assert not kinds("A researcher posted on Twitter about the package, and the owner replied on Mastodon.")
    text = "The token leaked from Brewhouse's build server, with push to Brewhouse/core and Brewhouse/formulae."
    assert not kinds(text)
    # Only the repository's owner: a person's possessive beside it is still a name (the model alone tags
    # "Priya" an organisation here, so the heuristics are asked).
    if model == "heuristics":
        text = "We pushed to Brewhouse/core and Brewhouse/formulae from Priya's laptop."
        assert [(k, t) for k, t in kinds(text) if k.endswith("name")] == [("possible-name", "Priya")]
        # One repository is as likely a person's fork: "Mike/infra" leaves Mike a name.
        assert ("possible-name", "Mike") in kinds("Escalated to Mike/infra, but Mike ignored the page.")


def test_well_known_tools_and_organisations_are_no_people(model):
    text = "The nodes run Ubuntu and Traefik. Wardell Games reported the outage, and Flux rolled the change back."
    assert not [k for k, _ in kinds(text) if k.endswith("name")]
    assert ("possible-name", "Wardell") in kinds("Wardell forgot to rotate the key.") or not entities.available()


def test_a_word_joined_to_a_lower_case_word_qualifies_a_noun(model):
    assert not kinds("The stolen data included tokens and other Cobalt Pay-related settings.")
    assert not kinds("Our Kestrel-based pipeline stalled for an hour.")
    assert not kinds("Since then, Trusted Publishers also provides a signal to users.")


def test_questions_to_answer_and_harm_that_might_have_been_done_are_no_counterfactuals(model):
    assert not phrasing("A second review began to determine if any releases had been altered.")
    assert not phrasing("We checked if the key had been used from another address.")
    assert not phrasing("Sitting between the user and the site, the attacker could have captured the code.")
    assert not phrasing("This bug could have affected every user of the mirror.")
    # Hindsight about what someone should have done is still found.
    assert "counterfactual" in phrasing("If the on-call had checked the dashboard, we would have caught it.")
    assert "counterfactual" in phrasing("Mike could have asked before merging.")
    assert phrasing("He could have read the runbook.")
    assert "counterfactual" in phrasing("Jonas could have reached out to the owners first.")


# From the findings on tuned-5 (retellings of public postmortems): sentences written here.
def test_products_named_with_computing_nouns_and_code_names_are_no_people(model):
    text = "Compute Engine, Cloud Functions and the Load Balancers returned errors; the Active Directory sync stalled."
    assert not [k for k, _ in kinds(text) if k.endswith("name")]
    assert not kinds("The MailCheckWorker did not move the status to Sending before it began.")
    assert not kinds("Although the replica recovered, the queue kept growing.")
    assert "blame" in phrasing("Tomasz did not move the status to Sending before he began.")


def _parsed(words, heads, pos, ents):
    """A parse written out (the small model's parse of long lists varies), to test the rules on it."""
    from spacy.tokens import Doc

    deps = ["ROOT" if h == i else "dep" for i, h in enumerate(heads)]
    doc = Doc(entities._pipeline().vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)
    for i, token in enumerate(doc):
        if pos[i] == "PROPN" and heads[i] != i and words[heads[i]][0].isupper() and i > heads[i]:
            token.dep_ = "conj"
    return doc


def test_one_tool_at_the_end_of_a_list_of_people_leaves_the_people_named():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    # "Thanks to Alex and Omar, Lars and Grafana.": Grafana is a conjunct of Alex, far away.
    doc = _parsed(
        ["Thanks", "to", "Alex", "and", "Omar", ",", "Lars", "and", "Grafana", "."],
        [0, 0, 1, 2, 2, 2, 2, 6, 2, 0],
        ["NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "PUNCT"],
        ["O", "O", "B-PERSON", "O", "B-PERSON", "O", "B-PERSON", "O", "B-ORG", "O"],
    )
    assert not entities._names_a_thing(doc.ents[0], set())
    # "Prisma and Django": the next conjunct is a tool, so the "person" is one too.
    doc = _parsed(
        ["We", "use", "Prisma", "and", "Django", "."],
        [1, 1, 1, 2, 2, 1],
        ["PRON", "VERB", "PROPN", "CCONJ", "PROPN", "PUNCT"],
        ["O", "O", "B-PERSON", "O", "B-ORG", "O"],
    )
    assert entities._names_a_thing(doc.ents[0], set())


def test_error_reporting_is_no_ones_error(model):
    assert not phrasing("Timeouts showed up as cancelled contexts in their error reporting.")
    assert "blame" in phrasing("It was their error, and they should own it.")


def test_judgement_words_said_of_systems_are_no_judgements(model):
    assert not phrasing("A cold buffer pool on the new primary led to poor performance for an hour.")
    assert not phrasing("The operator used a tool with lax input validation to reboot the servers.")
    assert not phrasing("The router acts as a dumb pipe between the two regions.")
    # Said of people, they still are.
    assert "judgement" in phrasing("Kevin's poor performance on call let the outage run on.")
    assert "judgement" in phrasing("The reviewer was lax about the checklist.")
    assert "judgement" in phrasing("Frankly the engineer's response was unacceptable.")


def test_places_where_only_a_place_stands_are_no_people():
    if not entities.available():
        pytest.skip("the nlp extra is not installed: without the model a place is as likely a name")
    for text in ("The support team, based in Lisbon, was alerted hours later.", "Users in Chile could not log in."):
        assert not [k for k, _ in kinds(text) if k.endswith("name")], text
    assert ("possible-name", "Priya") in kinds("In the end, Priya restarted the primary.")


def test_an_owner_of_infrastructure_or_customers_is_an_organisation(model):
    assert not kinds("For two hours Tessera's serving infrastructure dropped most requests.")
    assert not kinds("During the storm Hollowell's data centres lost power.")
    # A person's home network is theirs: "Sam's network was down" leaves Sam a name (above).
    assert ("possible-name", "Marta") in kinds("Later we rebuilt Marta's laptop from the image.")


def test_a_role_word_before_a_thing_and_neglected_as_an_adjective_are_no_blame(model):
    assert not phrasing("The site went down after a traffic spike caused by a marketing campaign.")
    assert not phrasing("The first fixes included tuning neglected queries and adding indexes.")
    assert "blame" in phrasing("The outage was caused by a marketing person.")
    assert "blame" in phrasing("The team neglected the backups for a year.")
    assert "blame" in phrasing("We neglected the alerts.")


def test_dictionary_words_opening_a_line_are_no_names_without_the_model():
    entities.set_enabled(False)
    try:
        for text in ("Museum reopened after the outage.", "Topic lagged behind for an hour.", "Guard restarted twice."):
            assert not [k for k, _ in kinds(text) if k.endswith("name")], text
        # Names the dictionary also writes capitalised stay names; so do those the text shows acting.
        assert ("possible-name", "Grace") in kinds("Grace forgot to rotate the key.")
        assert ("possible-name", "Tomasz") in kinds("Tomasz deleted the table by mistake.")
    finally:
        entities.set_enabled(True)


# Recall kept through session 8's changes: probes a reviewing helper wrote against them (each lost by a first
# version of those rules: holdings, adverbs, places, forks, harms weighed, scoped judgements, titles).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mike's change broke services in two regions.", {"blame"}),
        ("Dana's API change broke the mobile app.", {"blame"}),
        ("Mike's brand new config broke everything.", {"blame"}),
        ("Tom's typo crashed servers across the fleet.", {"possible-name"}),
        ("Dana's engineering team skipped the load test.", {"possible-name"}),
        ("Priya's network change dropped the VPN for everyone.", {"possible-name"}),
        ("Obviously Mike dropped the ball here.", {"judgement", "blame"}),
        ("Unfortunately Priya forgot the renewal.", {"blame"}),
        ("The ticket sat in Jordan and Priya's queue for a week.", {"possible-name"}),
        ("Tom forked Tom/config and Tom broke it.", {"blame"}),
        ("Priya could have obtained sign-off before deploying.", {"counterfactual"}),
        ("He could have accessed the runbook and seen the right command.", {"counterfactual"}),
        ("The engineer could have affected fewer customers by waiting for the canary.", {"counterfactual"}),
        ("Tom could have captured the logs before restarting.", {"counterfactual"}),
        ("We don't know if Kofi had tested the change, which says a lot.", {"counterfactual"}),
        ("Dana made a dumb config change that took down prod.", {"judgement"}),
        ("Priya's lax checks let the bad build through.", {"judgement"}),
        ("Dana pushed the change on Friday, and that was unacceptable.", {"judgement"}),
        ("The contractor was slow, and the poor performance cost us an hour.", {"judgement"}),
        ("His mistake counts as the root cause.", {"blame"}),
        # and of a second review
        ("Dr Patel restarted the primary without a review.", {"possible-name"}),
        ("Prof Lee failed to check the backups.", {"possible-name", "blame"}),
        ("They could have impacted fewer customers by failing over earlier.", {"counterfactual"}),
        ("Somebody could have obtained approval from the DBA.", {"counterfactual"}),
        ("Sam's network was down, so Sam skipped the canary.", {"possible-name", "blame"}),
        ("Author: Grace Park <events@example.org>", {"possible-name"}),
        ("ops@example.org ignored the warning.", {"email", "blame"}),
        ("It is unacceptable that admin@example.org shared the password.", {"judgement"}),
        ("The manager launches migrations on Fridays and never checks.", {"blame"}),
        ("Tom and Amir argued about the rollback.", {"possible-name"}),
    ],
)
def test_blame_and_names_survive_the_rules_for_things(model, text, expected):
    assert expected <= {f.kind for f in lint.lint_text(text)}


def test_an_attacker_could_have_is_a_harm_weighed(model):
    text = "Since the attacker sat between the user and the site,\nthey could have captured the one-time code."
    assert not phrasing(text)
    assert not kinds("Ask marketing@example.org about the campaign.")


def test_obvious_is_a_judgement_only_about_someone_else(model):
    assert "judgement" in phrasing("This is obviously a massive fail by the dev teams.")
    assert "judgement" in phrasing("Obviously the on-call should have seen it.")
    assert not phrasing("There is obviously a lot we need to do before the next release.")
    assert not phrasing("For obvious reasons we do not discuss that work here.")
    assert not phrasing("We investigated to see if any vulnerabilities had been exploited.")


def test_an_action_item_opening_with_a_verb_names_no_doer():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    text = "## Actions\n\n- Migrate all ingresses back to the default controller\n- Scale coreDNS with the node count\n"
    assert not [k for k, _ in kinds(text) if k.endswith("name")]
    assert ("possible-name", "Amir") in kinds("Amir restarted the primary at 02:10.")


# Session 9: shapes read on heldout-10 (mybinder.org, Hachyderm, Open Food Facts, govau; measured once, then read)
# and on the earlier tuning sets; sentences written here.
def test_notes_heading_a_row_or_a_timeline_entry_name_no_doer(model):
    for text in (
        "| 2025-03-03 18:53 | Post on Slack from a customer about stuck workloads |",
        "Context:\n\n15:35 – Plan pushed to git branch\n16:08 – Leak found by inspection\n",
        "Demand dropped below the limit before the limit was raised.",
        "- Allow disabling the image culler\n- Investigate and fix the memory leak in the spawner\n",
        "- Update the runbook for launch templates\n  - Scale coreDNS with the number of nodes\n",
    ):
        assert not [k for k, _ in kinds(text) if k.endswith("name")], text
    # A person opening a line or a row by something only people do stays a name.
    assert ("possible-name", "Mercy") in kinds("Mercy forgot to rotate the key.")
    if model == "with-model":  # a dictionary word opening a paragraph is a name when the model says so
        assert ("possible-name", "Jackal") in kinds("Jackal took the list without checking it and deleted each page.")


def test_places_in_lists_and_after_a_direction_are_no_people():
    if not entities.available():
        pytest.skip("the nlp extra is not installed: without the model a place is as likely a name")
    for text in (
        "Problems were also reported in other state capitals, including Melbourne, Brisbane, Perth, and Adelaide.",
        "Data centres in South America (e.g., São Paulo) and Europe (e.g., London, Frankfurt) were affected.",
        "Earlier accidents include Marietta, Georgia and Hamilton, Ontario.",
        "Full restoration for parts of Toronto took until Tuesday.",
    ):
        assert not [k for k, _ in kinds(text) if k.endswith("name")], text
    # People listed beside a name the model takes for a place stay people.
    names = {t for k, t in kinds("Thanks to Charles Brossollet, Guillaume Valadon, and Gaëtan Ferry for their help.")}
    assert {"Charles Brossollet", "Gaëtan Ferry"} <= names
    assert ("possible-name", "Tom") in kinds("The bridge from Berlin was held by Georgia and Tom.")


def test_status_codes_platforms_abbreviations_and_placeholders_are_no_people(model):
    for text in (
        "After the deploy most users got a '403 Forbidden' when launching.",
        "We found some great help on Twitch and in the Fediverse.",
        "Eg, only publish alerts if the machine is down for fifteen minutes.",
        "Connection pooling is handled by Pymongo entirely.",
        "Run `kubectl delete pod <pod-name> --force` if it hangs.\n\n    kubectl delete pod <pod-name>\n",
        "The platform is built with Pivotal Cloud Foundry, an industry platform.",
    ):
        assert not [k for k, _ in kinds(text) if k.endswith("name")], text
    # A chat log's speaker is still a name everywhere it is written.
    log = "Paladox dropped the table.\n\n[22:28:45] <+paladox> !log delete db testwiki\n"
    assert ("possible-name", "Paladox") in kinds(log)


def test_what_systems_did_and_what_people_lacked_are_no_blame(model):
    for text in (
        "The Operations Manager detected the EC2 instance had disappeared and started a recovery.",
        "Most of the services kept running and could do their job, but were unreachable.",
        "In hindsight, it is most likely because the pod only requests 100Mi of memory.",
        "I did not have the time, nor the means, to find a temporary fix.",
        "The primary engineer did not have any contextual clues that the hub had changed.",
        "We balance the needs of the community while not accidentally creating silos due to our team structures.",
    ):
        assert not phrasing(text), text
    for text in (
        "The manager saw the intern had disappeared.",
        "The on-call engineer is not doing their job.",
        "Dana didn't do her job that night.",
        "In hindsight, the engineer should have waited.",
        "The on-call did not have the runbook open.",
        "The outage was due to our team.",
        "The intern accidentally deleted the bucket.",
    ):
        assert phrasing(text), text


def test_organisations_holding_systems_title_case_terms_and_linked_sites_are_no_people(model):
    for text in (
        "The system that failed was Instapaper's MySQL database, hosted on RDS.",
        "A cleanup job deleted images removed from Travis's internal image catalog.",
        "Emoji reactions are close, as is Message Editing and a host of other features.",
        "The incident was reviewed by the Mission Control personnel on shift.",
        "Patch the weakness by upgrading Cryptographic Algorithm in the feeder repository.",
        "Thanks to sponsors such as [Alpha-Omega](https://alpha-omega.dev/) for funding this work.",
        "- Release: [Frankenstein's Monster](https://github.com/sigp/lighthouse/releases/tag/v7.0.0-beta.2)",
    ):
        assert not [k for k, _ in kinds(text) if k.endswith("name")], text
    # A person's things, a full name of words that are also names, a person linked to a profile stay names.
    assert ("possible-name", "Dana") in kinds("Dana's database change broke the app.")
    assert ("possible-name", "Marta") in kinds("Later we rebuilt Marta's laptop from the image.")
    if model == "with-model":  # without it "Grace" opening a sentence was never a name
        assert ("possible-name", "Grace Park") in kinds("Grace Park restarted the primary.")
    linked = "Thanks to [Kade Morton](https://www.linkedin.com/in/kade-morton/) for the review."
    assert any(k == "possible-name" and t.startswith("Kade") for k, t in kinds(linked))
    assert any(t.startswith("Tom") for _, t in kinds("Thanks to [Tom Lee](https://github.com/tomlee) for the fix."))


def test_products_described_as_such_are_no_people():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    for text in (
        "The disruption extended to critical services such as the discount airline Jetstar.",
        "Hubot was updated with new templates for rapid response.",
    ):
        assert not [k for k, _ in kinds(text) if k.endswith("name")], text
    assert ("possible-name", "Tom") in kinds("Tom was updated on the incident by the lead.")
    assert ("possible-name", "Priya Patel") in kinds("Our vendor Priya Patel was paged.")


# Recall kept through session 9's changes: probes a reviewing helper wrote against them (each lost by a first
# version of those rules: reported clauses, "do their job", lists of places, dictionary words opening a line,
# status codes, line heads, Python packages, computing nouns, chat logs, "did not have", verbs among things).
@pytest.mark.parametrize(
    ("text", "expected", "model_only"),
    [
        ("Tom merged the PR without asking anyone.", {"blame", "possible-name"}, False),
        ("The intern deleted the bucket without checking the backups.", {"blame"}, False),
        ("Tom deployed the fix yet never checked the logs.", {"blame", "possible-name"}, False),
        ("He did not do his job.", {"judgement"}, False),
        ("Nobody did their job that night.", {"judgement"}, False),
        ("I talked to Sydney, Victoria and Tom about the outage.", {"possible-name"}, False),
        ("Austin, Dallas and Sydney restarted the cluster.", {"possible-name"}, False),
        ("Thanks to Israel, Jordan and Sam for their help.", {"possible-name"}, False),
        ("Rose broke the build twice this week.", {"blame", "possible-name"}, False),
        ("Incident 412 Priya was paged and deleted the wrong bucket.", {"blame", "possible-name"}, False),
        ("| 10:00 | Sky paged the on-call |", {"possible-name"}, True),
        ("- Priya with help from Tom rolled back the deploy.", {"possible-name"}, False),
        ("- 09:12 Priya in Berlin acknowledged the page.", {"possible-name"}, True),
        ("Pyarelal forgot to renew the certificate.", {"blame", "possible-name"}, False),
        ("Job Bakker restarted the primary.", {"possible-name"}, False),
        ("[#ops] <kofi_b> dropping the table\nThe table was dropped by kofi_b.", {"possible-name"}, False),
        ("In hindsight, the change should never have been approved.", {"judgement"}, False),
        ("Tom did not have the budget alert configured.", {"blame"}, False),
        ("The engineer did not have the capacity alert set up.", {"blame"}, False),
        ("The lead engineer schedules releases on Fridays and never tests them.", {"blame"}, False),
        ("The engineer structures the code and never documents it.", {"blame"}, False),
    ],
)
def test_blame_and_names_survive_session_9_rules(model, text, expected, model_only):
    if model_only and model != "with-model":
        pytest.skip("without the model a dictionary word heading a row is an action")
    assert expected <= {f.kind for f in lint.lint_text(text)}


def test_safeguards_events_adjectives_and_mitigations_are_no_blame(model):
    for text in (
        "We need emergency stop mechanisms to prevent human error in deployments.",
        "Automation leaves less room for human error.",
        "Notification from the security team regarding leaked credentials.",
        "We have monitoring for failing jobs, but in this case the job was mistakenly marked as correct.",
        "The breach stopped the shard maps from being built, rendering them useless.",
        "It was considered an embarrassing and tragic mishap for the navy.",
        "To mitigate the impact, engineers broke the dependency between the queue and other subsystems.",
    ):
        assert not phrasing(text), text
    for text in (
        "The outage was due to human error.",
        "The engineer leaked the key.",
        "The engineer was rushed, and accidentally deleted the bucket.",
        "The intern accidentally deleted the bucket.",
        "It is embarrassing that the contractor lied about the deploy.",
        "Mike's change broke services in two regions.",
    ):
        assert phrasing(text), text


# Shapes read on heldout-12 (Envoy, Ethereum, Node.js, Optimism, Prysm, Yearn; measured once, then read).
def test_mailing_lists_package_paths_and_testnets_are_no_people(model):
    text = (
        "The CVE was reported to envoy-security@googlegroups.com and vulnerabilities@discuss.istio.io, and the"
        " summary shared with cncf-envoy-distributors-announce@lists.cncf.io.\n\n"
        "import {Widget} from '@site/src/components/Widget.js';\n"
    )
    assert not kinds(text)
    assert ("email", "ann.lee@example.org") in kinds("Ask ann.lee@example.org about it.")
    assert ("handle", "@htuch") in kinds("It was reported by maintainer @htuch on Monday.")
    if model == "with-model":
        assert not [k for k, _ in kinds("19:30: the operator deploys to Kovan and mainnet.") if k.endswith("name")]
        assert ("possible-name", "Priya") in kinds("Priya and friends fixed the deploy.")


def test_harms_events_and_things_that_forget_are_no_hindsight_or_blame(model):
    for text in (
        "We would not have automatically detected this bug if it had been exploited.",
        "Had this event continued beyond 100 epochs, we would not have recovered.",
        "Restart the beacon node so that it forgets about the bad response.",
    ):
        assert not phrasing(text), text
    assert "counterfactual" in phrasing("Had the engineer checked the logs, we would have known.")
    assert "counterfactual" in phrasing("If the reviewer had read the diff, the bug would not have shipped.")
    assert "blame" in phrasing("We also forgot to revert the images.")
    assert "blame" in phrasing("The on-call forgot to rotate the key.")


# Recall kept through session 9's second round: probes of a second review (each lost by a first version of
# those rules: possessives before systems, Title Case terms, linked sites, a passive slip with its agent,
# products described as such, personal addresses, handles, "forgot", "Had ...", harms, events, places).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana's database migration failed at 10:02.", {"possible-name"}),
        ("Tom deleted Dana's database by mistake.", {"possible-name", "blame"}),
        ("Kenji's services were not monitored.", {"possible-name"}),
        ("Lena's website was defaced.", {"possible-name"}),
        ("Marta's revenue dashboard was wrong.", {"possible-name"}),
        ("Omar's infrastructure rewrite introduced the bug.", {"possible-name", "blame"}),
        ("Senior Engineer Priya Shah deleted the table.", {"possible-name"}),
        ("Incident Commander Dana Kim declared the incident.", {"possible-name"}),
        ("Dominic Petrovic ran the script.", {"possible-name"}),
        ("[Jess Frazelle](https://jessfrazelle.com) wrote the first draft.", {"possible-name"}),
        ("The flag was mistakenly flipped by Marco.", {"blame"}),
        ("The release was inadvertently pushed by the intern.", {"blame"}),
        ("Write to security-jane@corp.com or priya-security@acme.com.", {"email"}),
        ("Ping @tom/@priya for the rollout.", {"handle"}),
        ("The person that forgot to page us was new.", {"blame"}),
        ("Had this engineer followed the checklist, we would have been fine.", {"counterfactual"}),
        ("If he had been exposed to this before, he would have known.", {"counterfactual"}),
        ("Priya's blatant error took the site down.", {"judgement"}),
        ("That was an unacceptable outage caused by Sam.", {"judgement"}),
        ("Priya broke the link to the status page.", {"blame"}),
        ("Tom is prone to human error.", {"blame"}),
        ("He did not do his job.", {"judgement"}),
        ("You need to do your job.", {"judgement"}),
    ],
)
def test_blame_and_names_survive_session_9_second_round(model, text, expected):
    assert expected <= {f.kind for f in lint.lint_text(text)}


def test_what_people_lacked_systems_that_did_their_job_and_checklists(model):
    for text in (
        "Dana did not have access to prod.",
        "Tom did not have the budget.",
        "The alerts did not do their job.",
        "- [ ] <pod-name> restarted\n- [x] <service-name> updated",
    ):
        assert not [k for k, _ in kinds(text) if k not in ("possible-name", "blaming-tone")], text


def test_people_moved_or_joined_to_a_group_stay_people():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    for text, name in (
        ("Sam was migrated to the platform team last week.", "Sam"),
        ("Tom and security reviewed the change.", "Tom"),
        ("On the website Tom posted a status update.", "Tom"),
        ("Austin, Dallas and Sydney restarted the cluster.", "Dallas"),
    ):
        assert ("possible-name", name) in kinds(text), text
    assert not [k for k, _ in kinds("Tokyo, Osaka and Seoul saw errors.") if k.endswith("name")]


# Shapes read on heldout-11 (Kubernetes test-infra, COG-UK, Flutter, Fosstodon, Rust CI, iroh, tzBTC, TorBox), after
# its one measurement.
def test_broadcasts_aliases_beliefs_plans_code_and_domains_are_no_findings(model):
    for text in (
        "- The bot sends an @channel alert to #stream.\n\n@test-infra-oncall there's something broken.",
        "I don't think it is stateful so much as a deployment with a volume.",
        "80% of IPs served for flutter.dev fail to serve correctly.",
        "With an Android 14 device, WebViewWidget shows a white screen.",
        "![Fosstodon Sidekiq backlog](/images/backlog.png)",
        "The bug is verified but flaky, so team members will keep testing.",
        "Additionally, had jobs been running, many PRs would have been unable to merge.",
    ):
        assert not kinds(text), text
    assert ("handle", "@liggitt") in kinds("Thanks for finding the bug @liggitt!")
    assert "blame" in phrasing("The engineer doesn't know the system.")
    assert "blame" in phrasing("The dev failed to check the backups.")
    assert "counterfactual" in phrasing("Had engineers been warned, they would have waited.")


# Shapes read on the tuning sets in session 10 (heldout-11 and heldout-12, measured once in session 9, then read).
def test_a_byline_names_who_wrote_the_review_not_who_did_what(model):
    text = (
        "# Testnet incident\nAuthor: Tim Beiko, Mario Havel\n**Authors:** Raul Jordan, Nishant Das\n"
        "Created By: [Sen Lu](https://example.org/sen)\n\n## Timeline\n- 10:00 Raul Jordan paged the client teams.\n"
    )
    found = [(f.kind, f.text, f.line) for f in lint.lint_text(text) if f.kind in ("name", "possible-name", "handle")]
    assert found and {line for _, _, line in found} == {7}


def test_a_word_before_a_network_noun_or_a_version_names_a_system_at_every_mention(model):
    text = (
        "- 10:00 Nishant restarted the Holesky nodes. Holesky was down for two weeks.\n"
        "- 11:00 The Sepolia testnet forked. Sepolia recovered after a patch.\n"
        "- 12:00 Erigon v2.61.3 was released. Erigon crashed again.\n"
        "- 13:00 Katharine checks the logs. Later Katharine forks the repository.\n"
        "- 14:00 `Asklepian` raised an error. Elan finishes and Asklepian begins. Asklepian terminated.\n"
    )
    names = [f.text for f in lint.lint_text(text) if f.kind == "possible-name"]
    assert not {"Holesky", "Sepolia", "Erigon", "Asklepian"} & set(names)
    if model == "with-model":  # without it, "Katharine checks" alone is no evidence of a person
        assert names[:2] == ["Nishant", "Katharine"]


def test_a_word_listed_with_an_organisation_is_one_of_a_list_of_things(model):
    def names(text: str) -> list[str]:
        return [f.text for f in lint.lint_text(text) if f.kind == "possible-name"]

    assert names("- 11:00 Lodestar and Lighthouse announce fixes to OOM issues in their clients.") == []
    if model == "with-model":  # the model calls "Preston" a place: no evidence the list is of things
        assert names("- 12:00 Terence and Preston restarted the nodes.") == ["Terence", "Preston"]
        # A list with "myself" in it is a list of people.
        assert "Mike" in names("Coop, Mike and myself have also doubled the contribution we make each month.")


def test_a_given_name_before_a_surname_the_model_missed_is_part_of_the_name(model):
    found = [f.text for f in lint.lint_text("- 10:00 Raul Jordan paged the client teams.") if f.kind == "possible-name"]
    assert found == (["Raul Jordan"] if model == "with-model" else ["Jordan"])


def test_an_authors_heading_is_a_byline_and_an_author_named_in_the_events_is_a_name(model):
    text = (
        "# Deployment failure\n\n## Author(s)\n\n- Alejandro Guillen\n- David Ellis\n\n## Summary\n\n"
        "To limit the impact on the team, only David worked on this issue.\n"
    )
    found = [(f.text, f.line) for f in lint.lint_text(text) if f.kind in ("name", "possible-name")]
    assert found == [("David", 10)]


def test_a_person_listed_with_a_vendor_is_still_a_person(model):
    if model != "with-model":
        pytest.skip("the list rule is the model's; the heuristics never read 'Priya and AWS' as two things")
    found = [f.text for f in lint.lint_text("Then Priya and AWS restored access.", known=("Priya Shah",))]
    assert "Priya" in found


# Shapes read in heldout-2 after its one measurement (session 11): looking for a culprit, and owning the blame.
def test_looking_for_a_culprit_and_owning_the_blame_are_findings_and_their_neighbours_are_not(model):
    def phrased(text: str) -> bool:
        return any(f.kind in ("blame", "judgement", "counterfactual") for f in lint.lint_text(text))

    for blaming in (
        'CTO: "How did this happen? Who approved this migration?"',
        "Somebody must be responsible.",
        "Don't let it happen again.",
        "We have taken action with that particular employee.",
        "The airline looks set to pin the blame on a single worker.",
        "The engineer instead decided erroneously to skip the normal procedures.",
        'He reconnected the power supply in "an uncontrolled and uncommanded fashion".',
        "It was my bad. I was sure everything was merged.",
        "So we have to be *very* careful from now on.",
    ):
        assert phrased(blaming), blaming
    for neutral in (
        "We checked who approved the change in the audit log.",
        "Hackers apparently found the weak link and started stealing data.",
        "Unfortunately, he did not have the right level of access to restart the backend services.",
        "The migration was approved in the weekly review.",
        "Action was taken against the spam accounts.",
    ):
        assert not phrased(neutral), neutral


# Shapes read in heldout-13 after its one measurement (session 11).
def test_terms_citations_products_and_adjectives_are_no_findings_and_a_listed_person_is_one(model):
    def kinds(text: str) -> list[tuple[str, str]]:
        return [(f.kind, f.text) for f in lint.lint_text(text)]

    assert kinds("When constructing a new @transaction, a wallet references a past output.") == []
    assert kinds("Outputs are picked as recommended in [Möser et al](https://arxiv.org/pdf/1704.04299/).") == []
    assert kinds("Compromised Curseforge login tokens were used. Later CurseForge rotated every token.") == []
    assert kinds("OSTIF and their contractor uncovered misconfigured infrastructure which exposed the token.") == []
    assert ("blame", "misconfigured") in kinds("The contractor misconfigured the firewall.")
    if model == "with-model":
        row = "- 15:15 Greg Maxwell shares the report with Cory Fields, Suhas Daftuar, Alex Morcos and Matt Corallo"
        assert ("possible-name", "Suhas Daftuar") in kinds(row)


# Shapes read in heldout-3 and heldout-14 after their one measurement (session 11).
def test_hindsight_and_blame_of_people_by_handle_or_by_the_human_element(model):
    def phrased(text: str) -> list[str]:
        return [f.text for f in lint.lint_text(text) if f.kind in ("blame", "judgement", "counterfactual")]

    assert phrased("@Mr0grog should have posted in #questions-tools instead of #team-ops.") == ["should have"]
    assert phrased("@jaronoff97 did not alert others that his work changed the state.") == ["did not alert"]
    for blaming in (
        "So we should have checked the closed issues and the recently merged commits too.",
        "The staging environment should have been checked beforehand.",
        "It is a reminder that the human element is often the weakest link.",
        "The root cause of this incident was an engineer-driven configuration error.",
        "The build is broken because of @yegor256's commits 3410ff4f and b3b86009.",
        '"John, I understand that you caused an outage today."',
        "I gave a talk this week about a big mistake I once made in my career.",
    ):
        assert phrased(blaming), blaming
    for neutral in (
        "We should have alerting on config load failures.",
        "We should have our 100k validators up and running in the next hour!",
        "While this wasn't great, nobody got fired!",
        "The employee was reassigned, but there are no plans to fire him.",
        "If a deployment causes downtime, don't ask whose fault it is.",
    ):
        assert not phrased(neutral), neutral
