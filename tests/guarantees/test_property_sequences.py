"""Issue 11: random sequences of submissions, closes, k raises, purges, imports and restarts never
produce two shown figures (means, intervals, counts, comment lists) that together isolate fewer
than k responses, on any screen at any moment."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulse import closing, results, rounds, teams
from pulse.errors import ConfigError
from pulse.ops.retention import purge
from pulse.responses import Submission, submit_response, write_submissions
from pulse.settings import min_group_size, set_min_group_size
from pulse.store import Database

TEAMS = {"Big": 12, "Mid": 7, "Tiny": 2, "Nosize": None}
FUTURE = date.today() + timedelta(days=30)  # open rounds live in periods that are not over yet
PAST = date(2025, 1, 6)

operations = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.sampled_from(sorted(TEAMS)), st.integers(1, 6)),
        st.tuples(st.just("close"), st.sampled_from(sorted(TEAMS))),
        st.tuples(st.just("raise"), st.integers(1, 2)),
        st.tuples(st.just("lower"), st.integers(1, 2)),
        st.tuples(st.just("purge")),
        st.tuples(st.just("import"), st.integers(1, 7)),
        st.tuples(st.just("restart")),
    ),
    min_size=4,
    max_size=18,
)


class World:
    """The database plus what a patient observer saw: every shown figure and comment list."""

    def __init__(self, path):
        self.db = Database(path)
        for name, size in TEAMS.items():
            teams.add_team(self.db, name, tribe="Tribe", size=size)
        teams.add_team(self.db, "Imported", tribe="Tribe", size=12)
        self.period = dict.fromkeys(TEAMS, 0)
        self.imported = 0
        self.value = 0
        self.seen: dict[tuple, set] = {}
        self.comment_lists: dict[tuple, set] = {}

    def apply(self, op) -> None:
        kind = op[0]
        if kind == "submit":
            rnd = rounds.open_round(self.db, op[1], "enps", on=FUTURE + timedelta(days=14 * self.period[op[1]]))
            for _ in range(op[2]):
                self.value = (self.value + 7) % 11
                submit_response(self.db, {"enps": self.value}, round_id=rnd.id, comment=f"note {self.value}")
        elif kind == "close":
            day = FUTURE + timedelta(days=14 * self.period[op[1]])
            for rnd in rounds.list_rounds(self.db.cursor(), op[1], "enps"):
                if rnd.status == "open" and rnd.period_start <= day <= rnd.period_end:
                    closing.close_round(self.db, rnd.id)
            self.period[op[1]] += 1
        elif kind in ("raise", "lower"):
            k = min_group_size(self.db.cursor())
            try:
                set_min_group_size(self.db, k + op[1] if kind == "raise" else max(3, k - op[1]))
            except ConfigError:
                assert kind == "lower"
        elif kind == "purge":
            purge(self.db, 0, today=PAST + timedelta(days=14 * 30))
        elif kind == "import":  # the importer's write path: a closed past round, written whole
            with self.db.transaction() as cur:
                team_id = teams.find_team(cur, "Imported").id
                rnd = rounds.ensure_round(cur, team_id, "enps", PAST + timedelta(days=14 * self.imported))
                write_submissions(cur, [Submission(rnd.id, {"enps": (i * 3) % 11}) for i in range(op[1])])
                closing.freeze_statistics(cur, [rnd.id])
            self.imported += 1
        elif kind == "restart":
            self.db.close()

    def observe(self) -> None:
        k = min_group_size(self.db.cursor())
        frame = results.team_frame(self.db, scope=[*TEAMS, "Imported"])
        for r in frame[frame["mean"].notna()].itertuples():
            assert r.n >= 3
            key = (r.team, r.dimension)
            self.seen.setdefault(key, set()).add((r.period, r.period_end, int(r.n), round(float(r.mean), 6), k))
        for name in [*TEAMS, "Imported"]:
            for block in results.comments(self.db, name, "enps", scope=[name]):
                self.comment_lists.setdefault(name, set()).add((block.period, block.n, len(block.comments)))

    def check(self) -> None:
        for (team, _), figures in self.seen.items():
            assert team != "Tiny", "a team smaller than k was shown"
            if team == "Nosize":  # size unknown: single rounds only, never one person's pooled history
                assert all(date.fromisoformat(f[1]) - date.fromisoformat(f[0]) == timedelta(days=13) for f in figures)
            for a in figures:
                for b in figures:
                    overlap = a[0] <= b[1] and b[0] <= a[1]
                    if overlap and a[:4] != b[:4]:
                        # Two different figures over overlapping rounds: their difference isolates people.
                        raise AssertionError(f"{team}: {a} and {b} overlap")
        for team, lists in self.comment_lists.items():
            periods = [p for p, _, _ in lists]
            assert len(periods) == len(set(periods)), f"{team}: one block's comments changed: {lists}"


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_no_sequence_of_operations_shows_overlapping_figures(tmp_path_factory, ops):
    world = World(tmp_path_factory.mktemp("seq") / "teampulse.duckdb")
    try:
        for op in ops:
            world.apply(op)
            world.observe()
        world.check()
    finally:
        world.db.close()
