"""Instrument topics: an organisation's own comment topics (``[[topics]]`` in an instrument file)
stored with the instrument, as JSON on its row, so the themes on every page place comments in them
too. One column on ``instruments`` rather than a table keeps reading every instrument at two
statements (``pulse.instruments.instruments_of``).
"""

SQL = """
ALTER TABLE instruments ADD COLUMN topics VARCHAR DEFAULT '[]';
"""
