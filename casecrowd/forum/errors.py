"""The forum's problems. Details name what is wrong, never echo what was sent."""

from __future__ import annotations

from casecrowd.crypto import envelope
from casecrowd.problems import (
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    RateLimited,
    Unauthorized,
    Unprocessable,
    documented_header,
)

# -- registration -------------------------------------------------------------


class TokenRequired(Unauthorized):
    code, title = "token-required", "A Privacy Pass token is required"
    doc_note = (
        "WWW-Authenticate carries a PrivateToken challenge for this key and the issuer's"
        " current token key (RFC 9577 §2.1)."
    )
    documented_headers = documented_header(
        "WWW-Authenticate", "`PrivateToken challenge=…, token-key=…` (RFC 9577 §2.1)."
    )


class TokenMalformed(Unprocessable):
    code, title = "token-malformed", "The token cannot be read"


class TokenKeyUnknown(Unprocessable):
    code, title = "token-key-unknown", "The token was signed by an unknown issuer key"


class TokenKeyRetired(Unprocessable):
    code, title = "token-key-retired", "The token's issuer key is no longer accepted"


class TokenKeyRevoked(Unprocessable):
    code, title = "token-key-revoked", "The token's issuer key has been revoked"


class TokenContextMismatch(Unprocessable):
    code, title = "token-context-mismatch", "The token was issued for another challenge"


class TokenSignatureInvalid(Unprocessable):
    code, title = "token-signature-invalid", "The token's signature does not verify"


class ProofOfPossessionInvalid(Unprocessable):
    code, title = "proof-of-possession-invalid", "The key's proof of possession is invalid"


class TokenSpent(Conflict):
    code, title = "token-spent", "The token has already been redeemed"


class HandleCollision(Conflict):
    code, title = "handle-collision", "Another key has the same handle"


class IssuerUnavailable(DomainError):
    status, code, title = 503, "issuer-keys-unavailable", "The issuer's keys cannot be read"


# -- sessions -----------------------------------------------------------------


class PseudonymNotFound(NotFound):
    code, title = "pseudonym-not-found", "No such pseudonym"


class SessionRequired(Unauthorized):
    code, title = "session-required", "A valid forum session is required"
    documented_headers = documented_header("WWW-Authenticate", '`Bearer realm="casecrowd-forum"`')

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="casecrowd-forum"'})


class ChallengeInvalid(Unauthorized):
    code, title = "challenge-invalid", "The session challenge is invalid or expired"


class SessionSignatureInvalid(Unauthorized):
    code, title = "session-signature-invalid", "The challenge signature does not verify"


class VerificationLapsed(Forbidden):
    code, title = "verification-lapsed", "The pseudonym's verification has lapsed"


# -- envelopes ----------------------------------------------------------------


class EnvelopeRejected(Unprocessable):
    code, title = "envelope-invalid", "The envelope is not acceptable"


class EnvelopeSignatureInvalid(EnvelopeRejected):
    code, title = "envelope-signature-invalid", "The envelope signature does not verify"


class EnvelopeMalformed(EnvelopeRejected):
    code, title = "envelope-malformed", "The envelope is malformed"


class EnvelopeNonCanonical(EnvelopeRejected):
    code, title = "envelope-non-canonical", "The envelope is not canonical JSON"


class EnvelopeWrongOrigin(EnvelopeRejected):
    code, title = "envelope-wrong-origin", "The envelope is for another origin"


class EnvelopeWrongPseudonym(EnvelopeRejected):
    code, title = "envelope-wrong-pseudonym", "The envelope is not the session's pseudonym's"


class EnvelopeOutsideWindow(EnvelopeRejected):
    code, title = "envelope-outside-window", "The envelope's time is outside the window"


class EnvelopeUnknownKind(EnvelopeRejected):
    code, title = "envelope-unknown-kind", "Unknown envelope kind"


class EnvelopeIdReused(Conflict):
    code, title = "envelope-id-reused", "The envelope id was used for another envelope"


ENVELOPE_ERRORS: dict[type[envelope.EnvelopeError], type[EnvelopeRejected]] = {
    envelope.BadSignature: EnvelopeSignatureInvalid,
    envelope.MalformedEnvelope: EnvelopeMalformed,
    envelope.NonCanonical: EnvelopeNonCanonical,
    envelope.WrongOrigin: EnvelopeWrongOrigin,
    envelope.WrongPseudonym: EnvelopeWrongPseudonym,
    envelope.OutsideWindow: EnvelopeOutsideWindow,
}


def envelope_problem(error: envelope.EnvelopeError) -> EnvelopeRejected:
    # Crypto messages describe the input's shape only (no values), so they
    # are safe to pass on as the detail.
    return ENVELOPE_ERRORS.get(type(error), EnvelopeRejected)(str(error))


# -- content ------------------------------------------------------------------


class CaseNotFound(NotFound):
    code, title = "case-not-found", "No such case"


class AnswerNotFound(NotFound):
    code, title = "answer-not-found", "No such answer"


class CommentNotFound(NotFound):
    code, title = "comment-not-found", "No such comment"


class DiscussionNotFound(NotFound):
    code, title = "discussion-not-found", "No such discussion"


class ProofNotFound(NotFound):
    code, title = "proof-not-found", "No such proof"


class NotAuthor(Forbidden):
    code, title = "not-author", "Only the author may do this"


class SelfVote(Forbidden):
    code, title = "self-vote", "You cannot vote on your own post"


class PhiDetected(Unprocessable):
    code = "phi-detected"
    title = "Protected health information detected"
    doc_note = "`findings` lists each; acknowledge a low-confidence one in `phi_ack` to keep it."


class PostWithdrawn(Conflict):
    code, title = "post-withdrawn", "Its author has withdrawn this post"
    doc_note = (
        "A withdrawn post keeps its place, votes and acceptance; it takes no edit or outcome."
    )


class WithdrawalDuplicate(Conflict):
    code, title = "withdrawal-duplicate", "This post has already been withdrawn"


# -- moderation ---------------------------------------------------------------


class FlagDuplicate(Conflict):
    code, title = "flag-duplicate", "You have already flagged this"


class FlagOwnContent(Forbidden):
    code, title = "flag-own-content", "You cannot flag your own post"


class ContentHidden(Forbidden):
    code, title = "content-hidden", "Hidden pending moderator review"
    doc_note = "Only its author may read it, or write beneath it, until a moderator restores it."


class CaseLocked(Conflict):
    code, title = "case-locked", "The case is locked"
    doc_note = "A moderator locked it: no answers, comments or edits until it is unlocked."


class DiscussionLocked(Conflict):
    code, title = "discussion-locked", "The discussion is locked"
    doc_note = "A moderator locked it: no comments or edits until it is unlocked."


class SlowMode(RateLimited):
    code, title = "slow-mode", "The thread is in slow mode"
    doc_note = (
        "Each pseudonym posts on this case or discussion at most once per `slow_mode_seconds`."
    )


class PseudonymSuspended(Forbidden):
    code, title = "pseudonym-suspended", "The pseudonym is suspended"
    doc_note = "`sanction`, `ends` (RFC 3339) and `log_entry` (the mod-log seq) say until when."


class PseudonymBanned(Forbidden):
    code, title = "pseudonym-banned", "The pseudonym is banned"
    doc_note = "`sanction`, `ends` (null) and `log_entry` (the mod-log seq) say which."


class LogEntryNotFound(NotFound):
    code, title = "log-entry-not-found", "No such mod-log entry"


class AppealNotYours(Forbidden):
    code, title = "appeal-not-yours", "The entry concerns neither you nor your posts"


class AppealDuplicate(Conflict):
    code, title = "appeal-duplicate", "This entry has already been appealed"


class AppealOnly(EnvelopeRejected):
    code, title = "appeal-only", "Only an appeal can be sent without a session"


# -- crowd diagnosis and polls -------------------------------------------------


class UnknownDiagnosisCode(Unprocessable):
    code, title = "unknown-diagnosis-code", "The code is not in the ICD-10-CM code set"


class DifferentialRequired(Unprocessable):
    code, title = "differential-required", "A blind case's answers carry a differential"
    doc_note = "The answers of a blind case are its members' independent differentials."


class BlindAnswers(Forbidden):
    code, title = "blind-answers", "The case's answers are blind until you answer"
    doc_note = (
        "Send your own differential first; the blind lifts for everyone when the case is"
        " solved or its first answer is old enough."
    )


class PollNotFound(NotFound):
    code, title = "poll-not-found", "No such poll"


class PollClosed(Conflict):
    code, title = "poll-closed", "The poll is closed"


class PollChoiceInvalid(Unprocessable):
    code, title = "poll-choice-invalid", "The choice does not fit the poll"


class PollClosingTimeInvalid(Unprocessable):
    code, title = "poll-closing-time-invalid", "The poll would be closed already"
    doc_note = "`closes` must be later than the poll's signed `created` and than now."


class PollResultsHidden(Forbidden):
    code, title = "poll-results-hidden", "The results are hidden until you vote"
    doc_note = "Results, and the signed votes behind them, show once you vote or the poll closes."
