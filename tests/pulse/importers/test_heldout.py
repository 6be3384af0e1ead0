"""The held-out exports are never stored wrong: an import of one either stores exactly what was meant,
or stops (naming what to settle), or refuses a file no correct import exists for. The accuracy table
itself is printed by ``python -m tests.pulse.importers.heldout heldout|heldout2``."""

from __future__ import annotations

import pytest

from tests.pulse.importers.heldout import EXPORTS, columns_tally, table


@pytest.mark.parametrize("folder", ["heldout", "heldout2", "heldout3"])
def test_no_held_out_export_is_stored_wrong(folder):
    outcomes = table(EXPORTS / folder)
    assert outcomes, "the held-out manifest is empty"
    wrong = [(file, why) for file, outcome, why in outcomes if outcome == "WRONG"]
    assert not wrong


@pytest.mark.parametrize("folder", ["heldout", "heldout2", "heldout3"])
def test_no_held_out_column_is_taken_for_something_else_without_asking(folder):
    assert columns_tally(EXPORTS / folder)["SURE, WRONG"] == 0
