"""Column mappings saved with an instrument, so the next export of the same form imports unasked.

A row says what a form's column (its header, as the importer compares headers) maps to: a question key,
``-key`` for a question worded the other way round, ``comment``, ``team``, ``date`` or ``ignore``.
Headers are the form's question texts, never a respondent's answer; identity columns are never saved.
"""

SQL = """
CREATE TABLE import_mappings (
    instrument_key VARCHAR NOT NULL,
    header VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    PRIMARY KEY (instrument_key, header)
)
"""
