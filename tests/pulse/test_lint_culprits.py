"""Blame in the shapes of news, accident reports and pull-request threads (session 12, read in the training
sentences of round 9 and in heldout-4 after it was measured): occupations as roles, errors named as someone's,
demands to answer for it, self-blame, and the same words said of a thing or of blame itself."""

import numpy
import pytest

from pulse import lint
from pulse.lint import entities
from tests.lint_testing import model_fixture  # noqa: F401  (the model fixture)

RULE_KINDS = {"blame", "counterfactual", "judgement"}


def rule_texts(text: str) -> list[str]:
    """What the rules flag (the tone classifier is measured apart)."""
    return [f.text for f in lint.lint_text(text) if f.kind in RULE_KINDS]


@pytest.mark.parametrize(
    "text",
    [
        "The pilot inadvertently used the Boulder outbound course instead of the correct one.",
        "The flight crashed because of several fatal mistakes made by the captain.",
        "Carmel believes the minister must take responsibility for these failures.",
        "Why are the people involved in these cock-ups not held to account?",
        "The main root cause was reported as a human process error.",
        "He was keen to throw the blame back at the previous administration.",
        "They blamed the on-call engineer for the outage.",
        "He blamed the outage on the intern.",
        "Oh dear, it looks like I've broken the build.",
        "Sorry for breaking the build!",
        "I did a bad thing in the last release.",
        "I probably should have run every single CI job I could.",
        "The report lists the captain's failure to follow the procedure as a contributing factor.",
        "The company also fired two workers in its research division.",
        "The university sacked two top IT managers over the breaches.",
        "He was forced to resign without his severance pay.",
        "The cause was not a shortage of electricity but employee error.",
        "A fat-fingered admin brought down the compute assets of an entire data center.",
        "The engineer caused the outage.",
        "Some other wanker had forgotten to turn the diesel supply back on.",
        "The on-call engineer brought the site down.",
        "The new hire took prod down with a bad migration.",
        "Management blamed QA for the missed regression.",
        "They blamed the outage on engineering.",
        "The fatal mistakes were made by Captain Smith.",
        "The engineers' failure to test caused it.",
        "The engineer fat-fingered the command.",
        "The contract personnel's mistake hit an estimated 4,000 flights.",
        "A contractor checked the wrong box on the payment form.",
        "Each time the action item was the same: exercise more caution when deploying.",
        "Sorry for not waiting for the tests to finish before merging.",
        "Mr Staffieri said he regretted not notifying the minister's office straight away.",
        "It was a one-man error, the vice chief told reporters.",
        "This is one of many errors that have happened on Hancock's watch.",
        "It happened because someone on the security team added a firewall rule to prod.",
        "Shouldn't you have known what your infrastructure can support?",
        "It's putting lives at risk and he should apologise when he responds.",
        '"Somebody must be responsible."',
        # Action taken against a person, and owning the failure (read in heldout-9 after its one measurement).
        "The security officer was fired, as was the lawyer he had told about the breach.",
        "The trader was later fired.",
        "The bank's trader was suspended.",
        "i'm responsible for today's outage",
        "A technician in Alberta terminated for shutting off phone service.",
        "The bank's chief executive stepped down after the payment outage.",
        "Two traders have been suspended over the trade.",
        "Hi all - I'm mainly responsible for today's outage, so here is what happened.",
        "My actions cost their accounting department two months of transactions.",
        "It's entirely my fault, sorry.",
        "The manager was quick to blame the intern.",
        "It was easy to see that the contractor caused the outage.",
        "Although particular conditions set off the outage, we should have foreseen it.",
        "I'm personally responsible for this happening, and it won't happen again.",
        "today, during a routine config update, i fat fingered the YAML.",
        "I managed to push broken code twice, which caused four minutes of downtime.",
        # A person's change told with its harm, and the addressee's work as the harm (read in heldout-11 after
        # its one measurement).
        "Today @dkolar pushed an update to the docs branch that took the site offline.",
        "I merged a patch that, through some bad luck, made every webhook fail for an hour.",
        "The release manager shipped a build which caused the outage in the EU region.",
        "your revision seems to have killed the staging site, a new commit should fix it.",
        "Your migration just wiped the cache tables.",
        "I think it's your fault, you merged it without review.",
        "They were blaming someone else for the outage.",
    ],
)
def test_blame_in_news_reports_and_threads_is_found(model, text):
    assert rule_texts(text), text


@pytest.mark.parametrize(
    "text",
    [
        # Errors of a thing, blame of an organisation's choice or of a thing.
        "The outage was caused by errors made by the load balancer.",
        "The union blamed BA's outsourcing of IT jobs for the systems failure.",
        "While the airline blames a power outage, an expert said it should not have mattered.",
        # Blame itself talked about, or said to be absent.
        "This was a systemic failure, not individual error by a junior official, a spokesman said.",
        "The chair cautioned against pinning the blame on one person alone.",
        "Focus on flaws in the system, gaps in the process and tooling, not on individual human error.",
        "Maybe help measure what it costs to blame a person instead of changing the process.",
        "A blameless timeline entry describes the technical event, not the person's fault.",
        "Do not mention any names: no single person is responsible for an incident.",
        "The team's inability to reproduce it slowed us down.",
        "The deploy caused the outage.",
        # Found by a review of the rules above: ordinary timeline and action-item text.
        "I killed the stuck process and the queue drained.",
        "I think it crashed because of the OOM killer.",
        "I broke the problem down into three tickets.",
        "I broke the work into three smaller PRs.",
        "The autoscaler terminated 3 worker nodes.",
        "PagerDuty fired two alerts to the on-call engineer.",
        "Support was asked to step down the alert level.",
        "The script called on the API to fire the webhook.",
        "14:02 Sarah triggered an incident in PagerDuty.",
        "The DBA took the database down for the planned upgrade.",
        "Errors seen by the support team spiked.",
        "Errors returned by Braintree spiked.",
        "The platform team should take responsibility for the alerting config.",
        "We will hold the vendor to account under the SLA.",
        "The engineer's failure analysis was thorough.",
        "Alice's build failure alert fired.",
        "If a single person's mistake can take down prod, that is a system design issue.",
        "Add a confirmation prompt to prevent fat-finger mistakes.",
        "The ingress controller error rate spiked.",
        "A driver error in the kernel log pointed to the NIC.",
        "Roughly 10,000 flights were delayed because of the outage of the pilot-alerting system.",
        "They blamed the cache for the on-call pages.",
        # Blame talked about in guides (read in heldout-6 after its one measurement).
        "The problem was never carelessness.",
        'When you tell an engineer to "be more careful," you have not changed the system.',
        "Don't worry too much about whose fault it is, but focus on fixing things.",
        "Incidents do not have a single root cause, so they cannot have a single person to blame.",
        "We hold the system accountable; we do not blame the person.",
        # Processes, jobs and alerts are terminated, suspended and dismissed too.
        "The pod was terminated after it ran out of memory.",
        "The engineer noticed the job was suspended.",
        "The on-call engineer's session was terminated.",
        "The contractor's account was suspended after the breach.",
        "The alert was dismissed by the on-call engineer.",
        "Alert was fired at 14:02 and acknowledged at 14:04.",
        "Primary was demoted to a replica during the failover.",
        "The incident commander stepped down after six hours and Priya took over.",
        "Alex was dismissed from the bridge call after the fix was confirmed.",
        # Owning a task, or denying fault, is not owning a failure.
        "I'm responsible for the incident review this week.",
        "I'm not responsible for the outage, the process is.",
        "My script deleted the temporary files as designed.",
        "If I fat finger a command, the dry-run catches it.",
        # Changes with their harm but no person as the agent, a fix, the writers, a guide's condition.
        "The deploy pipeline pushed an update that took the site offline.",
        "Renovate merged a dependency bump that broke the build.",
        "We deployed a change that broke logins for an hour.",
        "Priya merged a change that fixed the login page.",
        "Priya found the commit that broke the build.",
        "The release manager released the version that crashed on older phones.",
        "If your change broke something, roll it back.",
        "Your summary broke down the timeline into phases.",
        # Blaming talked about as a clause's subject, fault denied in an opinion (read in heldout-11).
        "Blameless reviews work because blaming someone for an honest slip wastes everyone's time.",
        "Blaming the intern won't fix the deploy pipeline.",
        "I don't think it's your fault, just an unlucky merge of a very old PR.",
        "I pushed a fix for the broken build.",
        "I am responsible for what happens to the backups after this.",
        # The urge to blame, described (read in heldout-10 after its one measurement).
        "It is human nature to look for an individual to pin the blame on when something goes wrong.",
        "I know how easy it is to blame the lawyers when something goes wrong.",
        "Once an incident is over, people feel pressure to find out who caused it.",
    ],
)
def test_the_same_words_said_of_things_or_of_blame_itself_are_no_finding(model, text):
    assert rule_texts(text) == [], text


def test_the_tone_reads_sentences_about_people_in_a_field_but_not_a_whole_document(monkeypatch):
    read: list[str] = []

    class Model:  # records what the classifier is asked to read; scores nothing as blaming
        def predict_proba(self, texts):
            read.extend(texts)
            return numpy.array([[1.0, 0.0] for _ in texts])

    monkeypatch.setattr(lint, "tone_model", lambda: Model())
    # The encoder judges whether someone is blamed: the writer, the team, a role or a name; not a system alone.
    lint.lint_text(
        "Thanks, I must have merged before the tests had run. We merged the fix before the tests had run. "
        "The dashboard should have shown the latency percentiles."
    )
    lint.lint_text("Disk I/O spiked when the backup of every table started at noon.")
    assert len(read) == 2 and "merged before the tests" in read[0] and read[1].startswith("We merged")
    read.clear()
    lint.lint_text("# Outage review\n\nWe merged the fix before the tests had run.\n")
    assert read == []


def test_speakers_and_given_names_the_model_mistakes_are_people():
    if not entities.available():
        pytest.skip("the nlp extra is not installed")
    names = [f.text for f in lint.lint_text("These investigations must provide answers, Schram said.")]
    assert names == ["Schram"]  # the model calls the surname an organisation
    # "Starling" ends like a long noun of a product name ("Networking"); after a given name it is a surname.
    found = [f.text for f in lint.lint_text("After a PHP error was reported, Tim Starling investigated.")]
    assert found == ["Tim Starling"]
    assert lint.lint_text("The Container Networking Interface failed.") == []
    assert lint.lint_text("Microsoft said the outage was over.") == []
