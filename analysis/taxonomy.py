"""The curated topics that agile teams write about, which comment themes start from.

Each topic has a plain ``description`` and example comments in both directions: the embedding
backend places a comment in a topic when its meaning is close enough to these (a zero-shot match),
and the scikit-learn fallback learns the topic from them. ``terms`` are whole words and phrases that
signal the topic in any sense a team would use it; a trailing ``*`` marks a stem that may match the
start of a word ("estimat*" for estimate, estimated, estimation), used only where no unrelated word
starts the same way. So no "environment" (a friendly work environment is not tooling), no
"structure" (org structure is not code), no "hack" (hackathon), no "quarter", "open" or "concern".

Organisations add their own topics in their instrument file (``[[topics]]``, docs/instruments.md);
:func:`topics_with` puts them beside these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    """One topic: ``negative`` and ``positive`` are example comments of unhappy and happy people."""

    key: str
    label: str
    terms: tuple[str, ...]
    negative: tuple[str, ...]
    positive: tuple[str, ...]
    description: str = ""
    neutral: tuple[str, ...] = field(default=())  # examples that lean neither way

    @property
    def examples(self) -> tuple[str, ...]:
        return self.negative + self.positive + self.neutral


# fmt: off
TOPICS: tuple[Topic, ...] = (
    Topic(
        "planning", "Planning, backlog and estimation",
        ("estimat*", "underestimat*", "overestimat*", "story points", "story point", "backlog", "user story",
         "user stories", "sprint planning", "planning poker", "velocity", "requirements", "acceptance criteria",
         "task breakdown", "break down", "split stories", "subtasks", "sub-tasks", "scope creep", "carry over",
         "carried over", "sprint goal", "sprint goals", "prioritis*", "prioritiz*", "task allocation",
         "assign tasks", "assigned tasks", "division of tasks", "kanban", "sprint board", "epic", "epics"),
        ("We underestimated the stories and half of them rolled over to the next sprint.",
         "The backlog is a mess and tickets are not refined before planning.",
         "Requirements were unclear, so we had to redo work.",
         "Tasks were not split evenly and some of us had nothing to pick up."),
        ("Our estimates were close this sprint and we finished what we committed to.",
         "Breaking stories into smaller tasks made planning much easier.",
         "The backlog is well groomed and priorities are clear."),
        "Sprint planning, the backlog and its refinement, user stories and requirements, estimates and "
        "story points, splitting and assigning tasks, and whether the team finishes what it commits to.",
        ("We should define acceptance criteria for each task before starting.",),
    ),
    Topic(
        "meetings", "Meetings and ceremonies",
        ("meeting", "meetings", "standup", "standups", "stand-up", "stand-ups", "daily scrum", "retro", "retros",
         "retrospective", "retrospectives", "refinement session", "sprint review", "demo", "demos", "agenda",
         "calendar", "call", "calls", "daily", "dailies", "video call", "back-to-back", "back to back",
         "wall to wall", "focus time", "check-in", "check-ins", "sync", "syncs", "async"),
        ("Too many meetings, no time left to do the work.",
         "The daily standup takes far too long.",
         "Meetings without an agenda waste everyone's time.",
         "We could not find a time for the scrum meeting that suited everyone."),
        ("Shorter, focused standups have given us time back.",
         "Regular team meetings helped us catch problems early.",
         "The retro is a useful meeting where things actually change."),
        "Meetings and agile ceremonies: daily standups, planning and review sessions, retrospectives, demos, "
        "how often they happen, how long they take and whether they are useful.",
    ),
    Topic(
        "workload", "Workload and pace",
        ("workload", "overtime", "weekend", "weekends", "exhausted", "exhausting", "tired", "burnout",
         "burned out", "burnt out", "pace", "overload*", "overworked", "crunch", "stress", "stressed", "stressful",
         "pressure", "deadline", "deadlines", "last minute", "last-minute", "on-call", "on call", "pager",
         "work-life", "life balance", "too much work", "understaffed", "short-staffed", "rush", "rushed",
         "breather", "breathers", "interrupt*"),
        ("The workload is too high and people are exhausted.",
         "We work evenings and weekends to hit deadlines.",
         "Everything piled up in the last days of the sprint.",
         "Some of us had far too much on our plate."),
        ("The pace feels sustainable and nobody works late.",
         "The workload was spread evenly across the sprint.",
         "We had time to breathe between releases."),
        "How much work people carry and at what pace: overtime, deadlines, last-minute rushes, stress, "
        "burnout, on-call duty, interruptions and whether the pace is sustainable.",
    ),
    Topic(
        "tooling", "Tools, builds and environments",
        ("tooling", "tools", "ci", "ci/cd", "pipeline", "pipelines", "build", "builds", "deploy*", "staging",
         "test environment", "dev environment", "development environment", "local environment", "laptop",
         "laptops", "vpn", "jira", "github", "gitlab", "git", "branch", "branches", "merge conflicts",
         "merge conflict", "merging", "docker", "kubernetes", "cloud", "flaky", "library", "framework",
         "monitoring", "dashboard", "sonarcloud", "figma", "ide"),
        ("The build pipeline is slow and flaky.",
         "Our test environment keeps going down.",
         "We lost hours to merge conflicts between branches.",
         "The library we picked had too many limitations."),
        ("The new deployment tooling saves a lot of time.",
         "Builds are fast and reliable now.",
         "Our git branching works smoothly and the dev branch is always green."),
        "Technical tools and environments: builds, CI/CD pipelines, deployment, test and staging "
        "environments, laptops and access, version control, branches and merges, issue trackers and libraries.",
    ),
    Topic(
        "codebase", "Code quality and technical debt",
        ("code quality", "codebase", "tech debt", "technical debt", "legacy code", "refactor*", "test coverage",
         "unit test", "unit tests", "testing", "tests", "architecture", "spaghetti", "hacky", "bug", "bugs",
         "code review", "code reviews", "documentation", "code smells", "clean code", "duplicated code",
         "maintainab*", "readab*", "defects"),
        ("The codebase is full of technical debt.",
         "Legacy code makes every change risky.",
         "Poor test coverage means nobody dares to refactor.",
         "Code reviews happen too late and find bugs at the last minute."),
        ("The code is clean and well tested.",
         "We reserve time to pay down technical debt.",
         "Code reviews keep the quality high."),
        "The code itself and its quality: technical debt, legacy code, refactoring, bugs, automated tests "
        "and coverage, code review, architecture and documentation.",
    ),
    Topic(
        "collaboration", "Collaboration and communication",
        ("collaborat*", "other team", "other teams", "another team", "cross-team", "handoff", "handoffs",
         "hand-off", "silo", "silos", "siloed", "communicat*", "pairing", "pair programming", "help each other",
         "helped each other", "helping each other", "teamwork", "team work", "knowledge sharing",
         "share knowledge", "cross-training", "time zone", "timezone", "timezones", "frontend and backend",
         "work together", "worked together", "working together", "teammates", "team members"),
        ("We wait a long time for other teams.",
         "We work in silos and do not share knowledge.",
         "Communication between frontend and backend was poor.",
         "People went silent for days and nobody knew their progress."),
        ("We help each other without being asked.",
         "Great teamwork and communication across the team.",
         "Pairing on the hard problems spread the knowledge."),
        "How people work together: communication within and between teams, helping each other, "
        "sharing knowledge, pairing, handoffs, dependencies on others and silos.",
    ),
    Topic(
        "speaking_up", "Speaking up and psychological safety",
        ("speak up", "speaking up", "disagree", "disagreement", "raise concerns", "raised concerns",
         "raise a concern", "brushed off", "blame", "blamed", "blameless", "afraid", "fear", "unsafe",
         "feel safe", "safe to", "uncomfortable", "defensive", "push back", "pushed back", "shot down",
         "bad news", "stupid question", "ask questions", "ask for help", "admit", "doubts", "listened"),
        ("I do not feel safe to disagree in this team.",
         "Raising a concern gets you ignored or blamed.",
         "People stay quiet because mistakes are held against them."),
        ("I can speak up and people listen.",
         "Mistakes are discussed openly without blame.",
         "People share their doubts and ask for help when they are stuck."),
        "Whether people feel safe to speak up: voicing doubts and disagreement, admitting mistakes, "
        "asking for help, blame, fear and being listened to.",
    ),
    Topic(
        "direction", "Leadership and direction",
        ("leadership", "management", "manager", "managers", "product owner", "scrum master", "roadmap",
         "strategy", "vision", "direction", "goals", "objectives", "okr", "okrs", "reorg", "reorganisation",
         "reorganization", "priorities", "stakeholders", "customer", "client", "senior management", "lead",
         "leads"),
        ("Priorities keep changing and we do not know why.",
         "Management does not explain its decisions.",
         "There is no clear product vision.",
         "The product owner was hard to reach and requirements came late."),
        ("The roadmap makes clear why our work matters.",
         "Our lead supports the team and removes blockers.",
         "The product owner kept us well informed about what the client wants."),
        "Leadership and direction: managers, leads, the product owner and scrum master, the vision, "
        "goals, roadmap and priorities, and how decisions from above are made and explained.",
    ),
    Topic(
        "recognition", "Recognition, pay and growth",
        ("recognition", "recognised", "recognized", "appreciat*", "thank you", "thanks", "credit", "praise",
         "kudos", "shout-out", "shout out", "shoutout", "celebrat*", "unnoticed", "reward", "rewarded",
         "promotion", "promoted", "pay", "salary", "salaries", "raise", "bonus", "compensation", "career",
         "training", "course", "courses", "conference", "mentor", "mentoring", "learn", "learned", "learning",
         "learnt", "skills", "grow", "growth", "proud"),
        ("Nobody recognises the effort we put in.",
         "The pay is below market and raises are rare.",
         "There is no time to learn new things.",
         "I do not see a career path here."),
        ("The team celebrates each other's achievements.",
         "I am learning a lot in this team.",
         "We get time and budget for training and conferences."),
        "Recognition and growth: appreciation and credit for work, pay, raises and promotion, learning "
        "new skills, training, mentoring and career paths.",
    ),
    Topic(
        "autonomy", "Autonomy and trust",
        ("autonomy", "autonomous", "micromanag*", "trust", "trusted", "approval", "sign-off", "sign off",
         "told exactly", "freedom", "overruled", "second-guess*", "ownership", "empower*", "top-down",
         "dictated", "self-organis*", "self-organiz*", "own decisions", "choose our"),
        ("Decisions about our work are made for us.",
         "We are micromanaged and not trusted.",
         "Every change needs approval from management."),
        ("We decide ourselves how to solve problems.",
         "Management trusts our technical decisions.",
         "Everyone picks their own tasks and owns them."),
        "Autonomy and trust: whether the team decides how it works, picks and owns its work, or is "
        "micromanaged, overruled and needs approval for everything.",
    ),
)
# fmt: on


def topic_from_mapping(entry: Mapping) -> Topic:
    """A topic from an instrument file's ``[[topics]]`` table (key, label, description, examples, terms)."""
    examples = tuple(str(e) for e in entry.get("examples", ()))
    return Topic(
        key=str(entry["key"]),
        label=str(entry.get("label", entry["key"])),
        terms=tuple(str(t).lower() for t in entry.get("terms", ())),
        negative=(),
        positive=(),
        description=str(entry.get("description", "")),
        neutral=examples,
    )


def topics_with(extra: Iterable = ()) -> tuple[Topic, ...]:
    """The built-in topics followed by an organisation's own (an own topic replaces a built-in of the same key).

    ``extra`` holds Topics, mappings, or ``pulse.instruments.CommentTopic`` (an instrument's ``topics``).
    """
    own = [t if isinstance(t, Topic) else topic_from_mapping(t if isinstance(t, Mapping) else vars(t)) for t in extra]
    keys = {t.key for t in own}
    return tuple(t for t in TOPICS if t.key not in keys) + tuple(own)


# fmt: off
_POSITIVE = (
    "addition", "additions", "amazing", "appreciate", "appreciated", "awesome", "best", "better", "breathing room",
    "bright", "calm", "celebrated", "celebrates", "clear", "clearer", "comfortable", "confidence", "confident",
    "consistent", "easier", "easy", "effective", "effectively", "efficient", "efficiently", "engaged", "enjoy",
    "enjoyed", "excellent", "fair", "fairly", "fantastic", "fast", "faster", "finally", "focused", "for once",
    "for the first time", "freedom", "fun", "genuinely", "glad", "going well", "good", "great", "grow", "growing",
    "happy", "healthy", "heartfelt", "help", "helped", "helpful", "helping", "helps", "honest", "improve",
    "improved", "improvement", "improvements", "inspired", "inspiring", "learned", "learning", "like", "liked",
    "listened", "love", "loved", "lovely", "manageable", "managed to", "motivated", "motivating", "nice", "openly",
    "paid off", "painless", "paying off", "payoff", "pays off", "pleasant", "productive", "proud", "quick",
    "reliable", "respect", "rested", "safe", "saved", "saves", "smooth", "smoothly", "space", "stable",
    "strong", "succeeded", "success", "successful", "successfully", "support", "supported", "supportive",
    "sustainable", "thank", "thanks", "time back", "trust", "trusted", "trusts", "up to date", "valuable",
    "welcome", "welcoming", "well", "willing", "worked well", "works", "works well",
)
_NEGATIVE = (
    "afraid", "angry", "annoyed", "annoying", "anymore", "awful", "awkward", "bad", "blame", "blamed", "blocked",
    "blocker", "blockers", "broke", "broken", "brushed", "burnout", "chaos", "chaotic", "clunky", "confused",
    "confusing", "constantly", "contradict*", "crowded", "crunch", "debt", "delay", "delayed", "delays",
    "dictated", "difficult", "difficulties", "difficulty", "dismissed", "drag", "drags", "drained", "drifting",
    "exhausted", "exhausting", "fail", "failed", "failing", "fails", "fear", "flaky", "forced", "frustrat*",
    "hacky", "hard", "harder", "hate", "hidden", "hurt", "hurting", "ignored", "impossible", "inconsistent",
    "interrupted", "invisible", "lack", "lacking", "late", "lonely", "lose", "losing", "lost", "mess", "messy",
    "micromanag*", "misunderstanding", "missed", "missing", "noisy", "overruled", "overtime", "pain", "painful",
    "pointless", "poor", "poorly", "postponed", "prayer", "problem", "problems", "rejected", "rework", "rush",
    "rushed", "sadly", "scared", "second-guess*", "shot down", "silent", "silo", "silos", "siloed", "slow",
    "slower", "spaghetti", "stale", "stress", "stressed", "struggle", "struggled", "struggles", "struggling",
    "stuck", "stupid", "tangled", "terrible", "thankless", "throw away", "tired", "too long", "too many",
    "too much", "too slow", "unclear", "uncomfortable", "unfair", "unfortunately", "unnoticed", "unsafe",
    "upset", "vague", "waiting", "wall to wall", "waste", "wasted", "worried", "worry", "worse", "worst",
    "wrong",
)
# fmt: on

# Words that flip the lean of the next few words ("not clear", "nobody had to stay late"); alone they
# lean negative ("nobody noticed"). Any word ending in n't is one too.
NEGATORS = frozenset({"not", "no", "never", "nobody", "nothing", "none", "hardly", "without", "cannot", "rarely"})
POSITIVE_WORDS = frozenset(_POSITIVE)
NEGATIVE_WORDS = frozenset(_NEGATIVE)
