"""Named errors raised by the domain. The CLI and the dashboard turn them into one-line messages."""


class PulseError(Exception):
    """Base class: every error TeamPulse raises on purpose."""


class ConfigError(PulseError):
    """A setting has a value the product refuses (e.g. k below the floor)."""


class NotFound(PulseError):
    """A team, tribe, instrument or round that does not exist."""


class UnknownTeam(NotFound):
    pass


class UnknownInstrument(NotFound):
    pass


class UnknownRound(NotFound):
    pass


class InvalidInstrument(PulseError):
    """A custom instrument definition (TOML) that cannot be used."""


class InvalidAnswer(PulseError):
    """An answer that does not fit its question: out of scale, not a number, or missing."""


class UnknownQuestion(InvalidAnswer):
    pass


class CommentTooLong(InvalidAnswer):
    pass


class RoundClosed(PulseError):
    """A submission or import aimed at a round that no longer accepts answers."""


class CodeError(PulseError):
    """A single-use code that cannot be redeemed."""


class CodeInvalid(CodeError):
    """A code that is unknown, already used, or whose round or collection has closed: one error and
    one message for all of these, so the public pages never tell a spent code from an unknown one."""


# The product no longer tells a spent code from an unknown one (issue 11, item 10): one class.
CodeSpent = CodeInvalid


class ImportFailed(PulseError):
    """A file that cannot be imported; the message names the row and column. Nothing was written."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row = row
        self.column = column


class DuplicateName(PulseError):
    """A team or tribe whose name is taken."""


class DatabaseBusy(PulseError):
    """The database file is locked by another process (DuckDB allows one writer process)."""


class UnknownReview(NotFound):
    pass


class UnknownAction(NotFound):
    pass


class InvalidAction(PulseError):
    """An action (from results or a review) that cannot be stored: a name instead of a role, a bad date."""


class InvalidReview(PulseError):
    """A review value the product refuses: an empty title, an unknown kind, factor or status, a bad date."""


class ReviewLocked(PulseError):
    """An edit aimed at a published review (only its actions' status and link may still change)."""


class EditConflict(PulseError):
    """The review was saved by someone else since this edit began; reload and edit again."""


class InvalidTransition(PulseError):
    """A status change the review lifecycle does not allow (draft -> in review -> published)."""


class PublishRefused(PulseError):
    """Publishing while a blame-language finding is neither fixed nor waived; ``findings`` lists them."""

    def __init__(self, message: str, findings: list | None = None):
        super().__init__(message)
        self.findings = list(findings or [])


class CollectionClosed(PulseError):
    """A perspective, code or link for a review that is not collecting perspectives."""


class PerspectivesHidden(PulseError):
    """Perspectives asked for before collection closed, or when fewer than three were written."""


class StorageError(PulseError):
    """The database driver failed in a way the product did not expect (a corrupt file, a full disk)."""


class WriteConflict(StorageError):
    """Concurrent writers kept colliding; the unit of work was retried with back-off and gave up."""


class LinkInvalid(CodeInvalid):
    """A link that opens nothing, such as a shared team or perspective link from before links became personal."""


class LinkBusy(PulseError):
    """A link used faster than its rate limit allows."""


class TrainingDataMissing(PulseError):
    """The blame check's packaged training sentences or tone encoder are absent or unreadable (a broken install)."""


class LoginFailed(PulseError):
    """Wrong name or password (the message never says which)."""


class UnsafeBackup(PulseError):
    """A backup whose tables, columns or other objects are not the ones TeamPulse's migrations create."""


class UnknownSchedule(NotFound):
    pass


class ScheduleConflict(PulseError):
    """A schedule that would give a team two calendars for one instrument, or overlap its rounds."""


class RosterInvalid(PulseError):
    """A roster line that is not an address of its channel; the message names the line."""


class SenderNotConfigured(PulseError):
    """Invitations for a channel (email, Slack, Teams) whose sender has no settings."""


class InviteSecretChanged(PulseError):
    """A round's invitations went out under another invite secret: a message now would give each member a
    second code (two answers each), so it is refused; the message says how to restore the secret."""
