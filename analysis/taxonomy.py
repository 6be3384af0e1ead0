"""The curated taxonomy of team-health topics that comment themes start from.

Engagement platforms do the same: a fixed list of topics people keep writing about, each with the
words and phrasings that signal it, so "standups drag on" and "wall to wall calls" both land in
meetings although they share no word. Comments that fit no topic are clustered into emerging themes.

``terms`` are lower-case word stems (a stem matches any word that starts with it, so "meeting"
matches "meetings") or phrases of stems; stems of three letters or fewer must match whole words.
``negative`` and ``positive`` are short example sentences in both directions: the classifiers of
both backends learn topics and leans from them. Edit freely: nothing else needs to change.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    terms: tuple[str, ...]
    negative: tuple[str, ...]  # example sentences of people unhappy about the topic
    positive: tuple[str, ...]  # and of people happy about it

    @property
    def examples(self) -> tuple[str, ...]:
        return self.negative + self.positive


# fmt: off
TOPICS: tuple[Topic, ...] = (
    Topic(
        "meetings",
        "Meetings and focus time",
        (
            "meeting", "standup", "stand-up", "stand up", "daily", "sync", "call", "calendar", "invite", "agenda",
            "ceremon", "retro", "refinement", "grooming", "planning", "catch-up", "catch up", "video", "zoom",
            "teams call", "back-to-back", "back to back", "wall to wall", "focus time", "deep work", "interrupt",
            "demo day", "check-in", "session", "async", "status report",
        ),
        (
            "Too many meetings, no time left to do the work.",
            "Our calendars are full of recurring calls.",
            "The daily standup takes far too long.",
            "Meetings without an agenda waste everyone's time.",
        ),
        (
            "Shorter, focused meetings have given us time back.",
            "We moved status updates to writing and cancelled the sync.",
            "I have protected focus time now.",
        ),
    ),
    Topic(
        "workload",
        "Workload and pace",
        (
            "workload", "overtime", "late", "weekend", "exhaust", "tired", "burn", "burnout", "pace", "capacity",
            "overload", "plate", "crunch", "stress", "pressure", "deadline", "on-call", "on call", "pager", "rota",
            "holiday", "vacation", "rest", "sustainab", "overwork", "too much work", "keep up", "stretched",
            "understaff", "short-staffed", "energy", "balance", "scope",
        ),
        (
            "The workload is too high and people are exhausted.",
            "We work evenings and weekends to hit deadlines.",
            "On-call duty is wearing us down.",
            "The pace is not sustainable.",
        ),
        (
            "The pace feels sustainable and nobody works late.",
            "We have a healthy balance between work and rest.",
            "We commit to what we can actually deliver.",
        ),
    ),
    Topic(
        "tooling",
        "Tools, builds and environments",
        (
            "tool", "ci", "pipeline", "build", "deploy", "release", "environment", "staging", "laptop", "machine",
            "vpn", "access", "permission", "monitoring", "dashboard", "alert", "tracker", "jira", "ticket system",
            "infrastructure", "cloud", "cluster", "flaky", "cache", "setup", "set up", "template", "observability",
            "automat", "preview", "script", "docker", "kubernetes", "console",
        ),
        (
            "The build pipeline is slow and flaky.",
            "Our test environment keeps going down.",
            "Deploying is manual and error-prone.",
            "My laptop is too slow for the work.",
        ),
        (
            "The new deployment tooling saves a lot of time.",
            "Builds are fast and reliable now.",
            "Setting up the development environment is easy.",
        ),
    ),
    Topic(
        "codebase",
        "Code quality and technical debt",
        (
            "code", "codebase", "tech debt", "technical debt", "debt", "legacy", "refactor", "test coverage",
            "unit test", "tests", "architecture", "monolith", "spaghetti", "tangled", "hack", "bug", "documentation",
            "docs", "readab", "structure", "module", "duplicat", "copy-paste", "copy paste", "review", "clean",
            "quality", "naming", "dependenc", "maintainab",
        ),
        (
            "The codebase is full of technical debt.",
            "Legacy code makes every change risky.",
            "Poor test coverage means nobody dares to refactor.",
            "The architecture is hard to understand.",
        ),
        (
            "The code is clean and well tested.",
            "We reserve time to pay down technical debt.",
            "Refactoring made the code much easier to change.",
        ),
    ),
    Topic(
        "recognition",
        "Recognition and appreciation",
        (
            "recogni", "appreciat", "thank", "credit", "praise", "kudos", "shout-out", "shout out", "celebrat",
            "noticed", "unnoticed", "unmentioned", "visib", "invisible", "reward", "promotion", "valued",
            "thankless", "acknowledg", "named", "win", "wins", "pat on the back", "cog",
        ),
        (
            "Nobody recognises the effort we put in.",
            "Our work goes unnoticed by leadership.",
            "Only the visible work gets rewarded.",
            "Nobody said thank you after the launch.",
        ),
        (
            "We got a lovely thank you for our work.",
            "The team celebrates each other's achievements.",
            "I feel appreciated for what I do.",
        ),
    ),
    Topic(
        "direction",
        "Direction, goals and priorities",
        (
            "priorit", "goal", "objective", "okr", "roadmap", "strategy", "strategic", "vision", "mission",
            "purpose", "direction", "reorg", "re-org", "reorganis", "pivot", "why we", "the point", "alignment",
            "aligned", "focus on", "quarter", "leadership", "business", "customer problem", "what comes next",
            "drifting", "wish list", "urgent",
        ),
        (
            "Priorities keep changing and we do not know why.",
            "It is unclear what our goals are this quarter.",
            "Since the reorganisation nobody knows who decides.",
            "There is no clear product vision.",
        ),
        (
            "The roadmap makes clear why our work matters.",
            "We have clear goals and stable priorities.",
            "I understand how our work fits the strategy.",
        ),
    ),
    Topic(
        "collaboration",
        "Collaboration across and within teams",
        (
            "collaborat", "other team", "another team", "teams", "squad", "cross-team", "cross team", "handoff",
            "hand-off", "hand off", "silo", "dependenc", "blocked", "block us", "wait", "communicat", "pairing",
            "pair with", "help each other", "teamwork", "together", "knowledge shar", "share knowledge",
            "shares knowledge", "guild", "side by side", "over a wall", "joint", "partner", "time zone",
            "talk to each other", "one team", "pitching in", "duplicate work",
        ),
        (
            "We wait a long time for other teams.",
            "Handoffs between teams keep failing.",
            "We work in silos and do not share knowledge.",
            "Communication between the teams is poor.",
        ),
        (
            "We help each other without being asked.",
            "Working with the other squad went really smoothly.",
            "Great teamwork across disciplines.",
        ),
    ),
    Topic(
        "speaking_up",
        "Speaking up and psychological safety",
        (
            "speak up", "speaking up", "disagree", "voice", "quiet", "concern", "brushed off", "dismiss", "blame",
            "blamed", "blameless", "mistake", "afraid", "fear", "safe", "unsafe", "comfortable", "uncomfortable",
            "defensive", "honest$", "listened", "push back", "pushed back", "challeng", "criticism", "shot down",
            "interrupt", "bad news", "stupid question", "ask questions", "don't know", "admit", "open",
        ),
        (
            "I do not feel safe to disagree in this team.",
            "Raising a concern gets you ignored or blamed.",
            "People stay quiet because mistakes are held against them.",
            "The same voices dominate every discussion.",
        ),
        (
            "I can speak up and people listen.",
            "Mistakes are discussed openly without blame.",
            "It is safe to ask for help or admit you do not know.",
        ),
    ),
    Topic(
        "learning",
        "Learning and growth",
        (
            "learn", "training", "course", "conference", "mentor", "growth", "grow", "career", "skill",
            "develop myself", "development plan", "study", "experiment with", "new technolog", "framework", "stuck",
            "stale", "junior", "senior", "lunch-and-learn", "lunch and learn", "budget", "progression", "teaching",
            "rotation", "rotating", "upskill",
        ),
        (
            "There is no time to learn new things.",
            "My request for training was rejected.",
            "I do not see a career path here.",
            "Nobody mentors the junior developers.",
        ),
        (
            "I am learning a lot in this team.",
            "We get time and budget for training and conferences.",
            "My mentor helps me grow.",
        ),
    ),
    Topic(
        "autonomy",
        "Autonomy and trust",
        (
            "autonom", "micromanag", "trust", "permission", "approval", "sign-off", "sign off", "told exactly",
            "decide", "decision", "our own", "ourselves", "say in", "freedom", "overrul", "second-guess",
            "feature factory", "own the", "ownership", "empower", "top-down", "top down", "dictated",
            "fully specified", "problem and not a solution", "pick our", "choose", "chose",
        ),
        (
            "Decisions about our work are made for us.",
            "We are micromanaged and not trusted.",
            "Every change needs approval from management.",
            "We are told what to build and how to build it.",
        ),
        (
            "We decide ourselves how to solve problems.",
            "Management trusts our technical decisions.",
            "We own our product and our way of working.",
        ),
    ),
)

_POSITIVE = (
    "addition", "additions", "amazing", "appreciate", "appreciated", "awesome", "best", "better", "breathing room",
    "bright", "calm", "celebrated", "celebrates", "clear", "clearer", "comfortable", "confidence", "confident",
    "consistent", "easier", "easy", "engaged", "enjoy", "excellent", "fair", "fairly", "fantastic", "fast", "faster",
    "finally", "focused", "for once", "for the first time", "freedom", "fun", "genuinely", "glad", "going well",
    "good", "great", "grow", "growing", "happy", "healthy", "heartfelt", "helped", "helpful", "helps", "honest$",
    "improve", "improved", "improvement", "inspired", "inspiring", "learned", "learning", "like", "liked",
    "listened", "love", "loved", "lovely", "manageable", "motivated", "motivating", "nice", "open", "openly",
    "paid off", "painless", "paying off", "payoff", "pays off", "pleasant", "productive", "proud", "quick",
    "reliable", "respect", "rested", "safe", "saved", "saves", "seriously", "smooth", "smoothly", "space", "stable",
    "supported", "sustainable", "thank", "thanks", "time back", "trust", "trusted", "trusts", "up to date",
    "valuable", "welcome", "welcoming", "well", "worked well", "works", "works well",
)
_NEGATIVE = (
    "afraid", "again", "angry", "annoyed", "annoying", "anymore", "awful", "awkward", "bad", "blame", "blamed",
    "block", "blocked", "blocks", "break", "breaks", "broke", "broken", "brushed", "burn", "burning", "burnout",
    "chaos", "chaotic", "clunky", "cog", "concern", "confused", "confusing", "constantly", "contradict", "crowded",
    "crunch", "debt", "dictated", "difficult", "dismissed", "down", "drag", "drags", "drained", "drifting",
    "exhausted", "exhausting", "fail", "failed", "failing", "fails", "fear", "flaky", "forced", "freeze", "frustrat",
    "hack", "hacks", "hard", "harder", "hate", "hidden", "hurt", "hurting", "ignored", "impossible", "inconsistent",
    "interrupted", "invisible", "issue", "issues", "lack", "lacking", "late", "leave", "left", "lonely", "lose",
    "losing", "lost", "mess", "messy", "micromanag", "missing", "noisy", "overrul", "overtime", "pain", "painful",
    "permission", "pointless", "poor", "poorly", "postponed", "prayer", "problem", "problems", "quiet", "rejected",
    "sadly", "scared", "second-guess", "short", "shot down", "sign-off", "silent", "silo", "silos", "slow", "slower",
    "spaghetti", "stale", "stress", "stressed", "struggle", "struggles", "struggling", "stuck", "stupid", "tangled",
    "terrible", "thankless", "throw away", "tiny", "tired", "too long", "too many", "too much", "too slow",
    "unclear", "uncomfortable", "unfair", "unfortunately", "unmentioned", "unnoticed", "unsafe", "upset", "vague",
    "wait", "waiting", "wall to wall", "waste", "wasted", "weekend", "worried", "worry", "worse", "worst",
)
# fmt: on

# Words that flip the lean of the next few words ("not clear", "nobody had to stay late"); alone they
# lean negative ("nobody noticed"). Any word ending in n't is one too.
NEGATORS = frozenset({"not", "no", "never", "nobody", "nothing", "none", "hardly", "without", "cannot", "rarely"})
POSITIVE_WORDS = frozenset(_POSITIVE)
NEGATIVE_WORDS = frozenset(_NEGATIVE)
