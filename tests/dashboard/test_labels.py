"""Every table a coach or an admin sees reads in human terms (issue 15): no raw column names, no "None" or
"nan" cells, no float with more than two decimals, and no "(s)" plurals in the text around them."""

import math
import numbers
import re

import pytest

from tests.dashboard_testing import ADMIN_PAGES, app_db_fixture, run_app, shown  # noqa: F401  (the app_db fixture)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
KEYS = {"psych-safety", "health-check", "enps"}  # the built-in surveys' keys: a table names the survey
# Each page with the switches that reveal its tables (the dimension detail, the organisation's alerts).
COACH_VIEWS = [
    ("app_pages/trends.py", {"team": "Atlas"}, {"trends_dimensions": True, "trends_averages": True}, None),
    ("app_pages/trends.py", {"team": "Atlas"}, {"trends_dimensions": True}, "health-check"),
    ("app_pages/organisation.py", {}, {"org_alerts": True}, None),
    ("app_pages/organisation.py", {}, {"org_alerts": True}, "health-check"),
    ("app_pages/overview.py", {}, {}, None),
]


def is_raw(column: str, value) -> bool:
    """A cell a reader should not see: "None" or "nan", an ISO date inside a text ("Score from 2025-12-29"),
    a survey's key where its name belongs, or a float with more than two decimals."""
    if isinstance(value, str):
        dated = bool(ISO_DATE.search(value)) and not ISO_DATE.fullmatch(value)  # a date column may sort as dates
        return value.strip() in {"None", "nan", "NaN", "NaT"} or dated or (value in KEYS and column != "key")
    if isinstance(value, numbers.Real) and not isinstance(value, bool | numbers.Integral):
        return not math.isnan(value) and abs(value - round(value, 2)) > 1e-9
    return False


def raw_cells(frame) -> list:
    return [(column, value) for column in frame.columns for value in frame[column] if is_raw(column, value)]


def check_labels(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert at.title
    for table in at.dataframe:
        frame = table.value
        assert not [c for c in frame.columns if "_" in str(c)], (table.key, list(frame.columns))
        assert not raw_cells(frame), (table.key, raw_cells(frame)[:5])
        # A missing value shows as "None" unless the table names a placeholder (figures.table uses a blank).
        assert table.proto.HasField("placeholder") or not frame.isna().any().any(), (table.key, frame)
    for kind in ("markdown", "caption", "info", "warning", "success", "subheader"):
        for element in getattr(at, kind):
            assert "(s)" not in shown(element.value), shown(element.value)


@pytest.mark.parametrize(("page", "query", "toggles", "instrument"), COACH_VIEWS)
def test_coaching_tables_read_in_human_terms(app_db, page, query, toggles, instrument):
    at = run_app(app_db, "demo-coach", page, query=query)
    if instrument:
        key = "trends_instrument" if "trends" in page else "org_instrument"
        at.segmented_control(key=key).set_value(instrument).run()
    for key, value in toggles.items():
        at.toggle(key=key).set_value(value).run()
    check_labels(at)


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_admin_tables_read_in_human_terms(app_db, page):
    check_labels(run_app(app_db, "demo-admin", page))
