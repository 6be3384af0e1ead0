"""The Organisation page for coaches: a fixed tribe filter, teams by latest score, health-check letters,
named groups of teams, and tribe figures made only of the team figures shown beside them."""

from dashboard.queries import organisation as org_queries
from tests.dashboard_testing import app_db_fixture, no_trouble, run_app, texts  # noqa: F401  (the app_db fixture)

PLATFORM = {"Iris", "Juniper", "Kestrel", "Lumen"}


def test_the_tribe_filter_changes_what_is_shown_and_a_suppressed_team_shows_no_figure(app_db):
    at = run_app(app_db, "demo-admin", "app_pages/organisation.py")
    no_trouble(at)
    everyone = at.dataframe[0].value
    assert len(everyone) > len(PLATFORM) and set(everyone["Tribe"]) == {"Payments", "Growth", "Platform"}
    assert at.selectbox(key="org_tribe").options == ["All tribes", "Growth", "Payments", "Platform"]
    assert "Kestrel" not in set(everyone["Team"])  # four members, fewer than k: never a figure of its own

    at.selectbox(key="org_tribe").set_value("Platform").run()
    no_trouble(at)
    platform = at.dataframe[0].value
    assert set(platform["Team"]) == PLATFORM - {"Kestrel"}
    said = texts(at)
    assert "No figure (no period with at least 5 responses yet): Kestrel." in said
    # The tribe's figure is the response-weighted mean of the team rows shown for its latest period.
    page = org_queries.organisation_page(app_db.path, None)
    latest = page.latest["psych-safety"]
    latest = latest[latest["tribe"] == "Platform"]
    same = latest[(latest["period"] == latest["period"].max()) & (latest["rounds"] == 1)]
    expected = (same["score"] * same["n"]).sum() / same["n"].sum()
    assert "Platform's average psychological safety score in the period from" in said and f"**{expected:.1f}**" in said
    assert set(same["team"]) <= PLATFORM - {"Kestrel"}


def test_teams_are_sorted_by_latest_score_with_rounded_human_columns(app_db):
    at = run_app(app_db, "demo-admin", "app_pages/organisation.py")
    table = at.dataframe[0].value
    assert list(table.columns[:5]) == ["Team", "Tribe", "Score", "Period from", "Responses"]
    assert table["Score"].is_monotonic_decreasing
    assert (table["Score"] == table["Score"].round(1)).all()
    assert "principal component" not in texts(at).lower() and "silhouette" not in texts(at).lower()


def test_the_health_check_reads_as_red_amber_green_letters(app_db):
    at = run_app(app_db, "demo-admin", "app_pages/organisation.py")
    at.segmented_control(key="org_instrument").set_value("health-check").run()
    no_trouble(at)
    table = at.dataframe[0].value
    cells = table[["Fun", "Speed", "Teamwork"]].stack()
    assert cells.str.fullmatch(r"[RAG] [123]\.\d").all()
    letters = {c[0] for c in cells}
    assert letters <= {"R", "A", "G"} and len(letters) >= 2
    assert "R / A / G" in texts(at)


def test_a_coach_sees_only_their_tribe_and_named_groups_without_components(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/organisation.py")
    no_trouble(at)
    assert at.selectbox(key="org_tribe").options == ["All tribes", "Payments"]
    assert set(at.dataframe[0].value["Team"]) <= {"Atlas", "Beacon", "Comet"}
    said = texts(at)
    assert "Delta" not in said and "Harbor" not in said


def test_groups_of_teams_name_their_strengths_and_weak_spots(app_db):
    at = run_app(app_db, "demo-admin", "app_pages/organisation.py")
    said = texts(at)
    assert "Kinds of team" in said and "Strengths:" in said and "Weak spots:" in said
    assert "component" not in said.lower()
    page = org_queries.organisation_page(app_db.path, None)
    groups = org_queries.archetype_groups(page.archetypes, set(page.teams))
    named = [t for g in groups for t in g["teams"].removeprefix("Teams here: ").rstrip(".").split(", ")]
    assert sorted(named) == sorted(page.archetypes.teams["team"])  # every grouped team is in one group


def test_average_lines_are_sums_of_shown_team_figures_of_readable_teams(app_db):
    lines = org_queries.average_lines(app_db.path, None, "Atlas", "psych-safety")
    assert set(lines["group"]) == {"organisation", "Payments"}
    assert (lines["teams"] >= 2).all()
    shown = org_queries.shown_figures(app_db.path, None, "psych-safety")
    score = shown[(shown["dimension"] == "score") & (shown["rounds"] == 1)].astype({"period": str})
    last = lines[lines["group"] == "organisation"].iloc[-1]
    rows = score[score["period"] == f"{last['period']:%Y-%m-%d}"]
    assert (
        last["n"] == rows["n"].sum() and abs(last["mean"] - (rows["mean"] * rows["n"]).sum() / rows["n"].sum()) < 1e-9
    )
    # A coach's lines count only the coach's teams, and say so.
    coach = org_queries.average_lines(app_db.path, ("Atlas", "Beacon", "Comet"), "Atlas", "psych-safety")
    assert coach["line"].str.endswith("(your teams)").all()
    whole = lines.set_index(["group", "period"])["n"]
    for row in coach.itertuples(index=False):
        assert row.n <= whole[(row.group, row.period)]


def test_team_trends_draws_the_organisation_and_tribe_averages_on_request(app_db):
    at = run_app(app_db, "demo-coach", "app_pages/trends.py", query={"team": "Atlas"})
    no_trouble(at)
    at.toggle(key="trends_averages").set_value(True).run()
    no_trouble(at)
    # Read from the chart the page drew (its spec and the rows Streamlit sent with it).
    from tests.dashboard.test_charts_actions import drawn_charts

    drawn = {row["line"] for _spec, rows in drawn_charts(at) for row in rows if row.get("line")}
    assert drawn == {"Organisation average (your teams)", "Payments average (your teams)"}
    at.toggle(key="trends_averages").set_value(False).run()
    assert not {row.get("line") for _spec, rows in drawn_charts(at) for row in rows} - {None}


def test_health_check_cards_show_colour_letter_and_trend_per_dimension(app_db):
    at = run_app(app_db, "demo-admin", "app_pages/trends.py", query={"team": "Harbor"})
    at.segmented_control(key="trends_instrument").set_value("health-check").run()
    no_trouble(at)
    cards = [m.value for m in at.markdown if "-background[" in m.value]
    assert len(cards) == 11  # one per dimension
    assert all(any(f"[{c[0]} · {c}]" in card for c in ("Red", "Amber", "Green")) for card in cards)
    words = ("getting better", "getting worse", "about the same", "no trend")
    assert all(any(w in card for w in words) for card in cards)
