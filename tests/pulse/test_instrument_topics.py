"""An instrument file's own comment topics are stored with the instrument and reach the themes the
coach reads (issue 16: a place for the organisation's own topics)."""

from pathlib import Path

import pulse.instruments as instruments
from pulse.store.db import Database

EXAMPLE = Path(instruments.__file__).parent / "example.toml"


def test_topics_survive_storage_and_a_new_process(tmp_path):
    path = tmp_path / "t.duckdb"
    parsed = instruments.load_toml(EXAMPLE)
    assert parsed.topics, "the example file shows the [[topics]] format"
    db = Database(str(path))
    instruments.add_instrument(db, parsed)
    assert instruments.instruments_of(db)[parsed.key].topics == parsed.topics
    db.close()
    again = Database(str(path))  # another process: read from the file, not a cache
    assert instruments.get_instrument(again.cursor(), parsed.key).topics == parsed.topics
    assert instruments.instruments_of(again)[parsed.key].topics == parsed.topics
    assert instruments.instruments_of(again)["psych-safety"].topics == ()  # built-ins have none of their own
    again.close()


def test_the_coach_themes_place_comments_in_the_organisation_topic():
    from dashboard.queries.coaching import _themes

    own = instruments.load_toml(EXAMPLE).topics
    texts = ["Nobody gave me a buddy in my first week."] * 5 + ["Too many meetings, every single day."] * 5
    with_own = _themes(texts, 5, own)
    assert "Onboarding and first weeks" in with_own["label"].tolist()
    assert "Onboarding and first weeks" not in _themes(texts, 5)["label"].tolist()
