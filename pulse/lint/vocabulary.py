"""Word lists the name heuristics and the phrasing rules share: what is not a name, what people do,
what roles are called. Each list is a set of lower-case words or a regular-expression alternation."""


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


# Capitalised words that are not people: sentence words, calendar, places of work, common tools.
# What follows an organisation's name ("Acme Network", "Acme Inc"): the word before it is no person's name.
ORGANISATION_SUFFIXES = word_set(
    "Network Networks Inc Ltd LLC Corp Corporation Labs Technologies Systems Software Foundation Group GmbH"
    " Games Studios Bank Capital Ventures Holdings Solutions Consulting Enterprises Industries Institute"
    " University Agency Association"
)

NOT_NAMES = word_set(
    """
    a an the this that these those it its we us our ours they them their he him his she her hers i me my
    you your yours there here then when while after before during since until if but and or nor so
    because as at on in of for by to with from into onto over under about also however meanwhile later
    misc etc approx incl dept info ref eg ie nb fyi aka vs viz cf
    attacker attackers hacker hackers customer customers user users visitor visitors community
    dependabot renovate renovatebot mergify snyk codecov sonarcloud fix hotfix patch rollback
    nobody everyone everybody someone somebody anyone anybody nothing something everything none who what
    why how which where whom whose whoever yes no not all some each every both either neither one two three
    four five six seven eight nine ten first second third next last once today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
    christmas easter q1 q2 q3 q4 am pm utc gmt cet est pst
    action actions note notes summary timeline impact team teams review retro sprint standup
    incident outage customer customers production prod staging canary release deploy deployment
    red amber green blue yellow orange
    kubernetes docker jenkins github gitlab bitbucket jira confluence slack zoom pagerduty opsgenie grafana
    prometheus datadog splunk kibana elasticsearch elastic kafka redis postgres postgresql mysql mongo
    mongodb terraform ansible helm vault consul nginx apache linux windows mac macos android ios chrome
    firefox safari chromium python java javascript typescript rust ruby rails django node react angular vue
    aws azure gcp google amazon microsoft apple excel outlook gmail sentry airflow spark snowflake
    bigquery tableau looker salesforce zendesk stripe figma notion trello asana cloudflare akamai okta
    heroku vercel netlify argo argocd istio envoy lambda dynamodb cloudwatch cloudfront fastly twilio
    sendgrid scrum kanban agile safe okr okrs sre devops api sdk cli ci cd
    english french german spanish dutch europe america asia africa australia london berlin paris
    streamlit duckdb pandas pyarrow numpy scipy scikit-learn sklearn altair click argon2 pytest hypothesis
    ruff playwright torch teampulse rundeck
    twitter mastodon bluesky linkedin facebook instagram reddit discord telegram whatsapp youtube hackerone
    bugcrowd gitter keybase webex hangouts stackoverflow pypi npm rubygems crates homebrew
    twitch zulip mattermost skype irc fediverse
    pymongo pydantic pytorch pyspark pyyaml pyopenssl pyjwt pymysql pyodbc pyinstaller pylint pyright pyenv pipenv
    psycopg psycopg2 sqlalchemy celery gunicorn uwsgi uvicorn jupyter jupyterhub jupyterlab binderhub kubespawner
    ubuntu debian fedora centos rhel alpine traefik flux fluxcd karpenter cilium calico coredns etcd containerd
    podman openshift nomad vagrant circleci buildkite teamcity spinnaker tekton artifactory sonarqube
    gradle yarn conda webpack cypress selenium puppeteer postman swagger openapi graphql grpc rabbitmq
    zookeeper couchbase couchdb clickhouse hadoop hdfs flink dagster dbt metabase superset redash opentelemetry
    newrelic dynatrace appdynamics nagios zabbix statuspage pingdom sumologic logstash fluentd fluentbit graylog
    papertrail rollbar bugsnag launchdarkly mixpanel posthog intercom hubspot mailchimp mailgun auth0 keycloak
    cognito ldap openvpn wireguard tailscale haproxy memcached elasticache rds ec2 eks ecs gke aks iam kms sqs
    sns kinesis digitalocean linode crowdstrike concourse bitwarden lastpass yubikey go golang bitcoin ethereum
    although though whereas despite unless whether thus hence therefore moreover furthermore additionally
    finally initially eventually subsequently consequently nevertheless nonetheless otherwise instead overall
    unfortunately fortunately luckily
    act committee council commission congress parliament senate ministry
    """
) | {w.casefold() for w in ORGANISATION_SUFFIXES}

# What an organisation has and a person seldom does, right after its possessive: "Square's serving
# infrastructure", "Acme's data centres", "Acme's products and services" (not a bare "Sam's network").
HOLDINGS = (
    r"(?:(?:serving|production|corporate|global|entire)\s+(?:infrastructure|network)|data\s?cent(?:er|re)s?"
    r"|datacent(?:er|re)s?|backbone|headquarters|subsidiar(?:y|ies)|stock|share\s+price|products\s+and\s+services"
    # "Instapaper's MySQL database", "Travis's internal image catalog", "Metrist's service", "Canada's GDP"
    # A product's own kind of system after it ("Instapaper's MySQL database", "Travis's internal image catalog");
    # a person's database or website stays theirs ("Dana's database migration", "Tom's personal website").
    r"|(?:(?-i:[A-Z]\w*[A-Z]\w*)|internal|production)\s+(?:[\w-]+\s+){0,2}?(?:databases?|catalog(?:ue)?s?"
    r"|services?|platform|backend|infrastructure|fleet|datastore)|subscribers|userbase|user\s+base|economy|gdp)"
    r"(?!\s+(?:team|teams|change|changes|key|keys|access|account|update|config|settings|rule|rules|admin))\b"
)
# Common nouns of computing that products are named with ("Compute Engine", "Cloud Functions", "Load
# Balancers"), and that end the names of code ("MailCheckWorker"): no person's name.
TECH_NOUNS = word_set(
    """
    engine engines function functions endpoint endpoints balancer balancers directory controller controllers
    orchestrator region regions zone zones array console gateway gateways router routers interconnect vpn vpns
    queue queues bucket buckets cluster clusters pipeline pipelines registry scheduler proxy proxies cache
    database databases monitor storage compute cloud app apps server servers service services platform
    worker workers container containers instance instances node nodes firewall load handler handlers job jobs
    client clients store config resolver check checks spanner bigtable datastore pubsub lambda lambdas
    """
)
NOT_NAMES |= TECH_NOUNS


PRONOUN_SUBJECTS = word_set("he she they you i someone somebody whoever anyone anybody nobody everyone everybody")
# Roles in software teams, and the occupations that news and accident reports blame ("the pilot", "a trader").
ROLE_NOUNS = word_set(
    """
    engineer engineers developer developers dev devs operator operators admin administrator on-call oncall
    employee employees
    sre reviewer reviewers tester testers qa manager managers lead leads intern interns hire contractor
    contractors person people author approver analyst designer owner architect consultant commander
    coordinator support sales ops colleague colleagues guy guys scrummaster agent pm po boss junior senior newbie
    rep team squad department marketing finance legal trainee apprentice student newcomer member dba
    scientist crew staff vendor consultants director executive cto ceo vp supervisor programmer coder
    analysts designers architects admins managers dbas pms sres testers owners
    maintainer maintainers contributor contributors committer committers staffer staffers
    pilot pilots captain captains copilot copilots co-pilot co-pilots signaller signallers signalman signalmen
    dispatcher dispatchers trader traders clerk clerks nurse nurses doctor doctors surgeon surgeons physician
    physicians pharmacist pharmacists technician technicians mechanic mechanics officials bureaucrat
    bureaucrats minister ministers officer officers chairman chancellor sysadmin sysadmins personnel
    banker bankers juniors interns executives
    """
) | {"scrum master", "scrum masters"}

# Role words that are as often a verb, an adjective or a feature ("to support this", "multi-region support",
# "senior"): a role only when capitalised ("Support") or before a word for people
# ("the support team").
AMBIGUOUS_ROLES = word_set("support senior junior")
PEOPLE_AFTER = r"(?:team|teams|engineers?|staff|reps?|agents?|desk|people|person|folks|managers?|leads?)\b"

# Things a role word can qualify ("developer machines", "admin rights", "the dev container"): then no person.
THING_NOUNS = (
    r"machines?|laptops?|environments?|tools?|tooling|experience|portal|docs|documentation|productivity"
    r"|accounts?|access|workstations?|setup|guides?|mode|console|panel|dashboards?|api|apis|credentials|permissions"
    r"|rights|roles?|tickets?|requests?|queues?|channels?|groups?|pool|interface|ui|facing|friendly|containers?"
    r"|servers?|boxes|branch(?:es)?|builds?|instances?|clusters?|onboarding|training|checklists?|process(?:es)?"
    r"|campaigns?|promotions?|newsletters?|blasts?|culture|norms|boundaries|dynamics|capacity"
    r"|workloads?|priorities|calendars?|rotas?|rotations?|size|topology"
    # "the pilot rollout", "a pilot program" ("the pilot forgot" is a person).
    r"|rollouts?|programs?|programmes?|projects?|phases?|studies|study|schemes?|images?|releases?"
    # "our team structures"; not "the engineer structures the code"
    r"|(?:structures?|schedules?)(?!\s+(?:the|a|an|our|their|its|his|her|releases?|deploys?|code|work)\b)"
)

# Something people do: after a capitalised word it suggests a name.
PERSON_VERBS = (
    r"said|says|told|tells|asked|asks|forgot|forgets|decided|decides|thought|knew|assumed|ignored|ignores"
    r"|missed|skipped|rushed|approved|merged|pushed|deleted|broke|breaks|messed|screwed|dropped|neglected"
    r"|refused|promised|agreed|insisted|complained|admitted|apologi[sz]ed|yelled|shouted|argued|interrupted"
    r"|wanted|noticed|reali[sz]ed|overlooked|misread|misunderstood|panicked|blamed|wrote|should|shouldn't"
    r"|should've|could've|would've|must|lied|mishandled|misjudged|botched|bungled|fumbled|underestimated"
    r"|overestimated|keeps|kept|went\s+ahead|chose|picked|typed|edited|wiped|refused"
    r"|(?:was|were)\s+(?:told|asked|warned|reminded|supposed|meant|expected|assigned|rude|late|careless|lazy|sacked"
    r"|reprimanded)"
)
# What only people do, of PERSON_VERBS: after a common word opening a line, the others ("Plan pushed to git
# branch", "Demand dropped below the limit") are a note about a thing.
MIND_VERBS = (
    r"said|says|told|tells|asked|asks|forgot|forgets|decided|decides|thought|knew|assumed|ignored|ignores"
    r"|refused|promised|agreed|insisted|complained|admitted|apologi[sz]ed|yelled|shouted|argued|interrupted"
    r"|wanted|noticed|reali[sz]ed|overlooked|misread|misunderstood|panicked|blamed|lied|misjudged"
    r"|underestimated|overestimated|went\s+ahead|chose|(?:was|were)\s+(?:told|asked|warned|reminded|rude|late"
    r"|careless|lazy|sacked|reprimanded)"
)
# Weaker evidence, used only mid-sentence where a capital already marks a proper noun.
WEAK_VERBS = (
    r"was|wasn't|is|isn't|had|hadn't|has|did|didn't|does|doesn't|could|would|will|won't|can|can't|still"
    r"|also|just|then|again|got|made|took|gave|sent|went|came|left|ran|tried|kept|started|stopped|changed"
    r"|reviewed|replied|answered|called|paged|joined|thinks|knows|never|always"
    r"|couldn't|wouldn't|shouldn't|can't|won't|isn't|really|simply|clearly"
)
# Irregular past tenses: after a capitalised subject at a sentence start they suggest a person (the
# regular ones end in -ed and are matched as such).
IRREGULAR_PAST = (
    r"blew|drove|held|sank|took|lost|spent|made|hid|left|gave|went|broke|ran|wrote|threw|shot|sold|bought"
    r"|brought|caught|fought|built|sent|kept|slept|swept|dug|stuck|struck|stole|tore|froze|chose|rode|fell"
    r"|forgot|got|hit|let|put|quit|shut|split|bit|led|fled|sat|said|told|knew|drew|saw|came|began|won|meant"
    r"|felt|dealt|heard|found|paid|laid|understood|stood|undid|overrode|oversaw|mistook|misled"
)
PERSON_PRECEDERS = word_set(
    """
    asked ask told tell thanked thank blamed blame pinged ping paged page called call cc contact contacted
    emailed messaged by did does didn't doesn't was wasn't is isn't had hadn't has should could would why
    whom mr mrs ms dr prof let
    """
)
# "talked to Bob", "paired with Bob", "a message from Bob"; not "migrated to Vault" or "integrated with Stripe".
SOCIAL_PREPOSITIONS = word_set("to with from")
SOCIAL_WORDS = word_set(
    """
    talked spoke speak speaking sent send reported report handed hand explained explain wrote write
    escalated escalate passed assigned gave give mentioned said replied reply message messages email emails
    note feedback request requests help approval question questions complaint paired pair met meet worked
    work argued argue checked check discussed discuss agreed disagreed call chat conversation apology
    listened listen asked reached deferred pinged thanks
    """
)
# "most developers don't ...": a statement about a group, not about someone.
QUANTIFIERS = word_set("most many some few several")
SUBORDINATORS = word_set(
    "that which who whom whoever when whenever while because as after before if since until unless where so"
    " though although whereas once"
)

# Things only people do (or fail to do): "failed to check", "didn't escalate".
HUMAN_ACTIONS = (
    r"follow|check|test|notice|read|ask|tell|inform|warn|review|verify|respond|reply|bother|think|listen"
    r"|communicate|document|update|report|mention|escalate|acknowledge|consider|double-check|look|pay|plan"
    r"|prepare|anticipate|understand|reali[sz]e|raise|flag|coordinate|consult|wait|heed|learn|catch|spot"
    r"|remember|prioriti[sz]e|delegate|care|know|understand|listen|try|bother|help"
)
BAD_OUTCOMES = (
    r"outage|incident|failure|breach|leak|bug|mistake|problem|issue|delay|mess|error|crash|downtime|loss"
    r"|damage|disaster|fiasco|slip"
)
# What harm might have been done ("an attacker could have captured the code", "this could have affected
# more users"): a risk weighed, not hindsight about what someone should have done.
EXPOSURE = (
    r"accessed|captured|stolen|exfiltrated|obtained|harvested|intercepted|compromised|tampered|leaked|exposed"
    r"|abused|exploited|affected|impacted|resulted|spread"
)
# Past participles after "had" in a counterfactual ("if X had done ..."): regular ones end in -ed.
PARTICIPLES = (
    r"[a-z]+ed|done|known|seen|told|taken|given|gone|made|run|written|read|caught|kept|left|sent|thought"
    r"|spoken|found|put|set|let|got|gotten|paid|heard|understood|chosen|begun|shown|spent|built|brought"
    r"|foreseen|overseen|withdrawn"
)
ADVICE = (
    r"warnings?|alerts?|advice|instructions?|process|runbook|checklist|review|feedback|guidelines?|procedures?"
    r"|policy|polic(?:y|ies)|rules?|recommendations?|errors?|signs?|messages?|pages?|requests?"
)

# Endings of common nouns ("Pressure", "Testing", "Ownership") rather than of given names.
NOUN_ENDINGS = (
    "ing",
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ance",
    "ence",
    "ure",
    "age",
    "ism",
    "ogy",
    "ics",
    "ship",
    "hood",
    "dom",
    "ery",
    "ory",
    "ers",
    "ors",
    "ists",
    "ies",
    "als",
    "ents",
    "ants",
)
