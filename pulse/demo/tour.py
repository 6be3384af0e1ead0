"""The demo as a tour: something to try on every side, beside the staff accounts.

After the organisation is built (:func:`pulse.demo.build_demo`), the tour adds what a newcomer needs
to try each role without setting anything up:
- a team member's side: a few one-time codes (and personal links) for Atlas's open psych-safety
  round, and Atlas's results link (its team page);
- a coach's side: actions decided from results, one of them asking "did this help?" in the open
  round, so the codes above show the follow-up question;
- a facilitator's side: two published blameless reviews (with actions, which join the teams'
  actions) and one draft whose text still has blame-language findings to fix or waive.
Everything goes through the same domain functions a user's clicks do (the blame check included).
"""

from __future__ import annotations

from datetime import date, timedelta

from pulse import actions, reviews
from pulse.rounds import list_rounds
from pulse.tokens import team_links
from pulse.tokens.codes import issue_codes

TOUR_TEAM = "Atlas"
TOUR_INSTRUMENT = "psych-safety"
TOUR_CODES = 5
DEFAULT_URL = "http://127.0.0.1:8501"

PUBLISHED = (
    {
        "team": "Atlas",
        "title": "Payment retries doubled after the platform move",
        "kind": "incident",
        "weeks_ago": 20,
        "summary": "For two days after the platform move, payment retries doubled. Alerts fired, but the on-call"
        " rota had changed the week before and pages went to a channel nobody watched any more.",
        "went_well": "The handover checklist caught the missing queue alert on the second day.",
        "was_hard": "Nobody knew which team owned the retry queue after the reorganisation.",
        "timeline": [("Mon 09:10", "Retry rate alert fires in the old channel"),
                     ("Tue 14:30", "A support engineer notices slow refunds and opens a ticket"),
                     ("Tue 15:05", "The on-call engineer finds the alert and pauses the retry job")],
        "factors": [("communication", "Paging went to the channel of the old team structure"),
                    ("process", "The rota change had no handover step for alerts")],
        "actions": [{"what": "Add alert routing to the rota change checklist", "owner": "engineering manager",
                     "status": "done"},
                    {"what": "Name an owning team for every queue in the service catalogue", "owner": "tech lead",
                     "status": "in-progress"}],
    },
    {
        "team": "Beacon",
        "title": "Release train missed while working agreements changed",
        "kind": "missed-goal",
        "weeks_ago": 34,
        "summary": "The quarterly release slipped by a week while the team moved to new working agreements.",
        "went_well": "Stand-ups surfaced the blocked review queue early.",
        "was_hard": "Review load was uneven and the new agreements did not say who picks up reviews.",
        "timeline": [("Week 1", "New working agreements start"), ("Week 3", "Review queue reaches 20 requests")],
        "factors": [("workload-and-pressure", "Reviews piled up at the end of the sprint"),
                    ("process", "No agreement on who picks up reviews")],
        "actions": [{"what": "Pair on reviews every afternoon", "owner": "the team", "status": "done"}],
    },
)  # fmt: skip

DRAFT = {
    "team": "Delta",
    "title": "Checkout outage during the Friday deploy",
    "kind": "incident",
    "weeks_ago": 1,
    "summary": "Sam forgot to run the migration before the deploy; obviously a human error.",
    "went_well": "Rollback took eight minutes.",
    "was_hard": "If only the release manager had checked the dashboard, we would have caught it earlier.",
    "timeline": [("Fri 16:40", "Deploy starts"), ("Fri 16:52", "Checkout errors reach 30%")],
    "factors": [("tooling", "The deploy does not check for pending migrations")],
    "actions": [{"what": "Make the deploy fail when a migration is pending", "owner": "tech lead"}],
}


def build_tour(db, today: date | None = None) -> dict:
    """Add the tour to a freshly built demo; return what `teampulse demo` prints (codes in plain text)."""
    today = today or date.today()
    for story in PUBLISHED:
        review = _review(db, story, today)
        reviews.submit_for_review(db, review.id)
        reviews.publish(db, review.id, today=today)
    draft = _review(db, DRAFT, today)
    added = _results_actions(db)
    rounds = list_rounds(db.cursor(), TOUR_TEAM, TOUR_INSTRUMENT)
    still_open = [r for r in rounds if r.accepts_answers()]
    codes = issue_codes(db, still_open[-1].id, TOUR_CODES) if still_open else []
    return {
        "team": TOUR_TEAM,
        "team_token": team_links.team_token(db, TOUR_TEAM),
        "codes": codes,
        "reviews_published": len(PUBLISHED),
        "draft_findings": len(reviews.check_review(db, draft.id)),
        "actions": added,
    }


def _review(db, story: dict, today: date):
    return reviews.create_review(
        db, story["team"], story["title"], today - timedelta(weeks=story["weeks_ago"]), story["kind"],
        summary=story["summary"], went_well=story["went_well"], was_hard=story["was_hard"],
        timeline=story["timeline"], factors=story["factors"], actions=story["actions"],
    )  # fmt: skip


def _results_actions(db) -> int:
    """Actions a coach decided from results: Beacon's when it began to recover, Atlas's after its drop."""
    beacon = [r for r in list_rounds(db.cursor(), "Beacon", TOUR_INSTRUMENT) if r.status == "closed"]
    atlas = [r for r in list_rounds(db.cursor(), TOUR_TEAM, TOUR_INSTRUMENT) if r.status == "closed"]
    added = 0
    if len(beacon) > 8:
        actions.add_action(
            db, "Beacon", "Write working agreements together and revisit them every month", "the team",
            status="done", instrument=TOUR_INSTRUMENT, dimension="score", round_id=beacon[7].id,
        )  # fmt: skip
        added += 1
    if atlas:
        actions.add_action(
            db, TOUR_TEAM, "Hold a retro on how the reorganisation changed the way we work", "engineering manager",
            status="in-progress", instrument=TOUR_INSTRUMENT, dimension="ps2", round_id=atlas[-1].id, followup=True,
        )  # fmt: skip
        actions.add_action(
            db, TOUR_TEAM, "Agree who to ask for help while the new team settles", "scrum master",
            instrument=TOUR_INSTRUMENT, theme="asking for help", round_id=atlas[-1].id,
        )  # fmt: skip
        added += 2
    return added


def describe_tour(tour: dict, base_url: str = DEFAULT_URL) -> str:
    """The lines `teampulse demo` prints about the tour (the codes are shown only now)."""
    token = tour["team_token"]
    lines = [
        f"try the team member's side at {base_url} (start the dashboard with `teampulse serve`):",
        f"  {tour['team']}'s team page: {team_links.team_results_link(base_url, token)}",
    ]
    if tour["codes"]:
        lines.append(f"  codes for {tour['team']}'s open psych-safety round (each works once; it asks a follow-up):")
        lines += [f"    {code}   {team_links.member_link(base_url, code, token)}" for code in tour["codes"]]
    lines.append(
        f"reviews: {tour['reviews_published']} published, 1 draft with {tour['draft_findings']} blame-language"
        " findings to fix or waive (sign in as demo-facilitator); actions from results: sign in as demo-coach"
    )
    return "\n".join(lines)
