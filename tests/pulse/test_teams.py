import pytest

from pulse import teams
from pulse.errors import DuplicateName, PulseError


def test_names_are_normalised_so_one_team_is_one_team(db):
    teams.add_team(db, "Zo\u00eb  Squad")
    with pytest.raises(DuplicateName):
        teams.add_team(db, "Zoe\u0308 Squad")  # the same name with a combining diaeresis
    assert teams.get_team(db.cursor(), "Zoe\u0308   Squad").name == "Zo\u00eb Squad"


@pytest.mark.parametrize("name", ["", "   ", "Ops\u202eevil", "Zero\u200bwidth", "Bell\x07", "x" * 101])
def test_disguised_or_empty_names_are_refused(db, name):
    with pytest.raises(PulseError):
        teams.add_team(db, name)


def test_sql_looking_names_are_stored_as_text(db):
    name = "Robert'); DROP TABLE teams;--"
    teams.add_team(db, name, tribe="T'; --", size=4)
    assert [t.name for t in teams.list_teams(db.cursor())] == [name]


def test_team_size_must_be_positive(db):
    with pytest.raises(PulseError, match="positive whole number"):
        teams.add_team(db, "Orion", size=0)
