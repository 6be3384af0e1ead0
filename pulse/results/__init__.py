"""The one door: every figure computed from responses leaves TeamPulse through this package.

It applies DESIGN.md's rules 4 to 7 in one place, and only reads:
- rule 4, threshold k counts people: a figure is shown only for at least k responses, from a team
  whose known size is at least k and not smaller than a round's count (:mod:`.team`);
- rule 5, no subtraction: periods never overlap; blocks come from one frozen plan (:mod:`.blocks`,
  formed when rounds close); tribe and organisation figures are sums of team figures already shown
  (:mod:`.groups`); an item is not shown beside a composite that differs from it by a few people;
- rule 6, no live counting: open rounds show their participation count only;
- rule 7, small teams: consecutive closed rounds pooled into the plan's blocks, each reaching k.
Closing rounds, forming blocks and purging are writes elsewhere (:mod:`pulse.closing`,
:mod:`pulse.ops.retention`); nothing here writes.
"""

from pulse.results.blocks import assign_blocks
from pulse.results.comments import comments
from pulse.results.frame import COLUMNS, FRAME_COLUMNS, CommentBlock, Figure
from pulse.results.groups import group_results
from pulse.results.moments import ItemMoments, item_moments
from pulse.results.page import TeamPage, team_page
from pulse.results.raw import participation, raw_answers, raw_comments
from pulse.results.source import ALL_TEAMS, Scope
from pulse.results.stats import CONFIDENCE, interval, intervals
from pulse.results.team import latest_frame, latest_scores, team_frame, team_results

__all__ = [
    "ALL_TEAMS",
    "Scope",
    "COLUMNS",
    "CONFIDENCE",
    "FRAME_COLUMNS",
    "CommentBlock",
    "Figure",
    "TeamPage",
    "ItemMoments",
    "assign_blocks",
    "comments",
    "group_results",
    "interval",
    "intervals",
    "item_moments",
    "latest_frame",
    "latest_scores",
    "participation",
    "raw_answers",
    "raw_comments",
    "team_frame",
    "team_page",
    "team_results",
]
