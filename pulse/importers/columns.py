"""What a column that is not a question is: identity, form metadata, the date, the team or a comment.

Decided from the header's words, in the languages form tools write their own columns in. Identity
comes first and always wins: a column that looks like a name, an email, an employee id or a phone
number is dropped whatever else it might be, so no identity value can reach the database.
"""

from __future__ import annotations

import re
import unicodedata

IDENTITY = "identity"
METADATA = "metadata"
DATE = "date"
TEAM = "team"
COMMENT = "comment"
QUESTION = "question"
IGNORED = "ignored"
UNKNOWN = "unknown"


def normal(text: str) -> str:
    """A header or label as compared: NFKC, curly apostrophes straightened, casefolded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\ufeff", "").casefold()
    return " ".join(text.split()).strip(" .?:!*")


def _words(*patterns: str) -> re.Pattern:
    return re.compile(r"(?:^|\b)(?:" + "|".join(patterns) + r")(?:\b|$)")


# Anything a person could be recognised by, however a form words it (English, German, French,
# Spanish, Dutch, Portuguese, Italian): always dropped.
_IDENTITY = _words(
    r"e-?mail(?: address)?",
    r"email-adresse",
    r"e-mail-adresse",
    r"adresse (?:e-mail|de messagerie|électronique)",
    r"courriel",
    r"correo(?: electrónico)?",
    r"endereço de e-mail",
    r"indirizzo (?:e-mail|email)",
    r"(?:your |full |first |last |given |family |display |user ?|respondent |employee )?names?",
    r"surname",
    r"nombre",
    r"nom",
    r"prénom",
    r"vorname",
    r"nachname",
    r"naam",
    r"nome",
    r"cognome",
    r"apellidos?",
    r"id",
    r"ids",
    r"(?:employee|staff|personnel|student|respondent|response|submission|user|member) (?:id|number|no)",
    r"personalnummer",
    r"mitarbeiter(?:nummer|-id)",
    r"matricule",
    r"username",
    r"user",
    r"login",
    r"respondent",
    r"responder",
    r"phone(?: number)?",
    r"mobile(?: number)?",
    r"telephone",
    r"telefon(?:nummer)?",
    r"ip address",
    r"initials",
    r"signature",
    # Korean, Japanese and Chinese forms: name, full name, email.
    r"이름",
    r"성명",
    r"이메일(?: 주소)?",
    r"名前",
    r"氏名",
    r"姓名",
    r"名字",
    r"メールアドレス",
    r"电子邮件(?:地址)?",
    r"邮箱",
)
# Columns a form tool adds about the form, not the answers: quiz points, feedback, other times.
_METADATA = _words(
    r"score",
    r"total score",
    r"total points",
    r"points",
    r"quiz feedback",
    r"points - .*",
    r"feedback - .*",
    r"punkte(?: - .*)?",
    r"gesamtpunktzahl",
    r"puntos(?: - .*)?",
    r"points totaux",
    r"last modified time",
    r"zeitpunkt der letzten änderung",
    r"heure de la dernière modification",
    r"hora de la última modificación",
    r"tijdstip van laatste wijziging",
    r"grade posted time",
    r"language",
    r"status",
    r"response type",
    r"duration",
    r"time taken",
)
# The column that dates a response, by preference: the later ones become metadata when an earlier one exists.
_DATES = [
    _words(r"date", r"datum", r"fecha", r"data", r"day", r"survey date", r"response date", r"submission date"),
    _words(r"completion time", r"fertigstellungszeit", r"heure de fin", r"hora de finalización",
           r"tijd van voltooien", r"hora de conclusão", r"submitted(?: at| on)?", r"submission time", r"end time"),
    _words(r"timestamp", r"zeitstempel", r"horodateur", r"marca temporal", r"marca de temps",
           r"carimbo de data/hora", r"informazioni cronologiche", r"tijdstempel", r"sygnatura czasowa",
           r"tidsstämpel", r"tidsstempel", r"aikaleima", r"časová značka", r"отметка времени", r"zaman damgası",
           r"タイムスタンプ", r"时间戳", r"타임스탬프", r"dấu thời gian", r"stempel waktu"),
    _words(r"start time", r"startzeit", r"heure de début", r"hora de inicio", r"begintijd", r"start date",
           r"started(?: at| on)?"),
]  # fmt: skip
_TEAM = re.compile(
    r"^(?:(?:which|what|your|select|choose|pick|name of)\b.{0,30}\b)?"
    r"(?:team|squad|équipe|equipo|equipa|팀|チーム|团队|團隊)"
    r"(?: name| are you (?:in|on|part of)| do you (?:belong to|work in|work on))?$"
    r"|^(?:team|squad|팀|チーム|团队|團隊)$|^(?:which|what) (?:team|squad)\b.{0,40}$"
)
_COMMENT = _words(
    r"comments?",
    r"anything else",
    r"any other",
    r"other (?:thoughts|comments|remarks|feedback)",
    r"feedback",
    r"suggestions?",
    r"remarks?",
    r"notes?",
    r"kommentare?",
    r"anmerkungen",
    r"bemerkungen",
    r"commentaires?",
    r"comentarios?",
    r"opmerkingen",
    r"toelichting",
    r"commenti",
    r"free text",
    r"open text",
    r"what (?:could|should|can) (?:we|the team|your team) (?:improve|do better|change)",
    r"tell us more",
    r"would you like to (?:add|share)",
    r"want to (?:add|share)",
    r"in your own words",
    r"share more",
    r"tell us (?:more|why)",
    r"why did you",
    r"why you (?:rated|scored|gave|chose)",
    r"tell (?:me|us) (?:a bit |a little )?more",
    r"what is one thing (?:we|you|the team) (?:could|should|can)",
    r"reasons? for your (?:score|rating|answer)",
    r"explain your (?:score|rating|answer)",
)
_OPTIONAL = re.compile(r"\s*\((?:optional|facultatif|optional\w*|opcional|facoltativo)\)\s*$")


_LEAD = re.compile(
    r"^(?:please\s+)?(?:(?:enter|provide|give|type|add|write)\s+)?(?:(?:what\s+is|what's|whats)\s+)?(?:your\s+)?"
)
_QUIZ = re.compile(r"^(?:points|feedback|punkte|puntos) - ")


def identity_like(header: str) -> bool:
    """Whether a header asks who someone is (a name, an email, an id, a phone number), however worded."""
    name = _OPTIONAL.sub("", normal(header))
    if _TEAM.fullmatch(name) or _QUIZ.match(name):
        return False
    # The whole header is an identity field ("Name (optional)", "What's your email?"), or a short
    # header holds one ("Name of respondent"); a longer question that uses the word "user" is not one.
    return bool(_IDENTITY.fullmatch(_LEAD.sub("", name))) or (len(name.split()) <= 4 and bool(_IDENTITY.search(name)))


def role_of(header: str) -> tuple[str, int]:
    """The role a header's words give it before any question is matched, with a rank for dates.

    Returns one of IDENTITY, METADATA, DATE (with its rank: lower is preferred), TEAM, COMMENT, or
    UNKNOWN (which may still be a question)."""
    name = _OPTIONAL.sub("", normal(header))
    if not name:
        return METADATA, 0
    if _QUIZ.match(name):  # "Points - <question>", "Feedback - <question>": a quiz's, however long
        return METADATA, 0
    if identity_like(header):
        return IDENTITY, 0
    short = len(name.split()) <= 6
    if short and _METADATA.fullmatch(name):
        return METADATA, 0
    if short:
        for rank, pattern in enumerate(_DATES):
            if pattern.fullmatch(name):
                return DATE, rank
    if len(name.split()) <= 10 and _TEAM.search(name):
        return TEAM, 0
    if len(name.split()) <= 16 and _COMMENT.search(name):
        return COMMENT, 0
    return UNKNOWN, 0
