"""Comments in ordinary language, by theme and lean, and how a synthetic respondent picks one."""

from __future__ import annotations

import numpy as np

# theme -> (negative sentences, positive sentences)
COMMENTS = {
    "meetings": (
        ["Standups drag on forever and half of it is status reporting.",
         "My calendar is wall to wall calls, no time left to actually build.",
         "Too many meetings this sprint, planning alone took a whole afternoon."],
        ["Cutting the weekly sync to 15 minutes was a great call.",
         "Meetings feel shorter and more focused since we started using agendas."],
    ),
    "workload": (
        ["We keep taking on more than we can finish, everyone looks exhausted.",
         "Too much on my plate, I worked two weekends this month.",
         "The on-call load is wearing people down."],
        ["Workload feels sustainable for the first time in a while.",
         "Good pace this sprint, nobody had to stay late."],
    ),
    "speaking_up": (
        ["I don't feel comfortable disagreeing in planning anymore.",
         "People stay quiet in retros, the same two voices decide everything.",
         "Raised a concern about the release and it was brushed off."],
        ["I felt listened to when I pushed back on the estimate.",
         "Retro was honest and nobody got defensive, that felt good."],
    ),
    "direction": (
        ["Since the reorg nobody knows who decides on priorities.",
         "Priorities changed three times this month, hard to see the point.",
         "Not sure what our goal for the quarter even is."],
        ["The new roadmap finally makes clear why our work matters.",
         "Clear goals this quarter, it's easy to say no to side requests."],
    ),
    "tooling": (
        ["The CI pipeline is flaky and takes forty minutes.",
         "Our test environment was down again for two days."],
        ["The new deploy tooling saves me hours every week.",
         "Builds are fast now, really nice improvement."],
    ),
    "recognition": (
        ["Nobody noticed the extra work we put in for the launch.",
         "Feels like only the loud wins get celebrated."],
        ["Loved the shout-out for the migration work in the all-hands.",
         "Our lead thanks people for the boring but important work too."],
    ),
}  # fmt: skip


def pick_comment(rng: np.random.Generator, rate: float, mean: float, reorganised: bool) -> str:
    """A comment for one response, or "" (with probability ``1 - rate``).

    The lean follows the respondent's mood (``mean`` on the 1-7 safety scale); after a
    reorganisation most comments are about direction or speaking up.
    """
    if rng.random() > rate:
        return ""
    themes = list(COMMENTS)
    if reorganised and rng.random() < 0.6:
        theme = rng.choice(["direction", "speaking_up"])
    else:
        theme = themes[rng.integers(len(themes))]
    negative = rng.random() < np.clip((5.5 - mean) / 3 + 0.3, 0.1, 0.9)
    options = COMMENTS[theme][0 if negative else 1]
    return options[rng.integers(len(options))]
