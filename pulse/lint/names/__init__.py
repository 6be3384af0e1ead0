"""Names without a roster: which capitalised words behave like a person's name (``candidates``), how names
and common words are spelt and written (``words``), and whether a person is the subject just before a phrase
(``subjects``)."""

from pulse.lint.names.candidates import possible_names
from pulse.lint.names.subjects import demanded, person_subject, risk_weighed
from pulse.lint.names.words import (
    common_words,
    dictionary_words,
    is_candidate,
    lowercase_in,
    lowercase_words,
    name_like,
    nick_names,
    nick_spans,
    organisations_in,
    spelt_like_name,
    system_names,
    title_case_terms,
    verb_form,
    versioned_tool,
)

__all__ = [
    "common_words",
    "demanded",
    "dictionary_words",
    "is_candidate",
    "lowercase_in",
    "lowercase_words",
    "name_like",
    "nick_names",
    "nick_spans",
    "organisations_in",
    "person_subject",
    "possible_names",
    "risk_weighed",
    "spelt_like_name",
    "system_names",
    "title_case_terms",
    "verb_form",
    "versioned_tool",
]
