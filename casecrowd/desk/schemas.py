"""Request and response bodies of the desk. Fields are normalised as they load."""

from __future__ import annotations

import unicodedata
from typing import Any

from email_validator import EmailNotValidError, validate_email
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from casecrowd.db import MAX_ID
from casecrowd.desk import credentials, specialties
from casecrowd.desk.models import ACTIONS, APPLICANT, RETENTION, STATUSES

MAX_NAME_CHARS = 200
MAX_EMAIL_CHARS = 254
MAX_REASON_CHARS = 1000
# Longer input is refused before any normalisation looks at it.
MAX_INPUT_CHARS = 2000
# Days, never times: the audit log, where they come from, keeps no finer time.
APPLIED_ON = "UTC day the application was made."
DECIDED_ON = "UTC day it was approved or rejected; null while pending."


class _Normalised(fields.String):
    """A string field whose value is checked and normalised by ``normalise``."""

    def __init__(self, normalise: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._normalise = normalise

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > MAX_INPUT_CHARS:
            raise ValidationError(f"must have at most {MAX_INPUT_CHARS} characters")
        try:
            return self._normalise(text)
        except credentials.CredentialError as error:
            raise ValidationError(str(error)) from None


def normalise_legal_name(value: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not name:
        raise ValidationError("The legal name is empty.")
    if len(name) > MAX_NAME_CHARS:
        raise ValidationError(f"The legal name has more than {MAX_NAME_CHARS} characters.")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise ValidationError("The legal name contains control characters.")
    return name


def normalise_email(value: str) -> str:
    # email-validator checks the syntax only: no DNS look-up, so applying
    # works offline and reveals nothing to the applicant's mail provider.
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError("This is not a valid email address.") from None
    if len(result.normalized) > MAX_EMAIL_CHARS:
        raise ValidationError("The email address is too long.")
    return result.normalized


def _specialty(value: str) -> str:
    if value not in specialties.codes():
        raise ValidationError(
            "Not a recognised specialty code; GET /api/v1/desk/specialties lists them."
        )
    return value


class ApplicationSchema(Schema):
    legal_name = _Normalised(normalise_legal_name, required=True, metadata={"example": "Ada Quinn"})
    licence_number = _Normalised(
        credentials.normalise_licence_number,
        required=True,
        metadata={"description": "Upper-cased; spaces, dashes, dots and slashes are ignored."},
    )
    jurisdiction = _Normalised(
        credentials.normalise_jurisdiction,
        required=True,
        metadata={
            "description": "US state as ISO 3166-2 (US-NY), or another country as ISO 3166-1"
            " alpha-2 (CA).",
            "example": "US-NY",
        },
    )
    npi = _Normalised(
        credentials.normalise_npi,
        required=True,
        metadata={
            "description": "10 digits; the last is a Luhn check digit over 80840 + the first 9.",
            "example": "1234567893",
        },
    )
    specialty = _Normalised(
        _specialty, required=True, metadata={"description": "A code from /api/v1/desk/specialties."}
    )
    email = _Normalised(normalise_email, required=True, metadata={"format": "email"})


class NewApplicationSchema(Schema):
    application_id = fields.Integer()
    status = fields.String(metadata={"enum": list(STATUSES)})
    membership_secret = fields.String(
        metadata={
            "description": "Shown once, never stored: keep it. Send it as "
            "`Authorization: Membership <secret>` to check the status and to obtain tokens."
        }
    )


class ApplicationStatusSchema(Schema):
    application_id = fields.Integer(attribute="id")
    status = fields.String(metadata={"enum": list(STATUSES)})
    specialty = fields.String()
    applied_on = fields.Date(metadata={"description": APPLIED_ON})
    decided_on = fields.Date(allow_none=True, metadata={"description": DECIDED_ON})
    reason = fields.String(
        attribute="status_reason",
        allow_none=True,
        metadata={"description": "Why it was rejected or suspended."},
    )


class SpecialtySchema(Schema):
    code = fields.String()
    name = fields.String()
    board = fields.String(metadata={"description": "The ABMS member board certifying it."})


class ConflictSchema(Schema):
    id = fields.Integer(metadata={"description": "The other application or membership."})
    status = fields.String(metadata={"enum": list(STATUSES)})
    same = fields.List(
        fields.String(metadata={"enum": ["npi", "licence"]}),
        metadata={"description": "Which credentials both give."},
    )


class ApplicationReviewSchema(Schema):
    """Everything a verifier sees; identity fields are null once erased."""

    id = fields.Integer()
    status = fields.String(metadata={"enum": list(STATUSES)})
    specialty = fields.String()
    legal_name = fields.String(allow_none=True)
    licence_number = fields.String(allow_none=True)
    jurisdiction = fields.String(allow_none=True)
    npi = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    applied_on = fields.Date(metadata={"description": APPLIED_ON})
    decided_on = fields.Date(allow_none=True, metadata={"description": DECIDED_ON})
    reason = fields.String(attribute="status_reason", allow_none=True)
    identity_erased_on = fields.Date(
        allow_none=True,
        metadata={"description": "UTC day retention erased the identity fields (audit log)."},
    )
    conflicts = fields.List(
        fields.Nested(ConflictSchema),
        metadata={
            "description": "Other applications giving the same NPI or licence, oldest first."
            " Anyone can apply with a physician's public NPI: compare them before approving."
        },
    )
    credential_held_by = fields.Integer(
        allow_none=True,
        metadata={
            "description": "The approved or suspended membership holding one of these"
            " credentials, if another does: this application cannot be approved."
        },
    )


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class AuditArgsSchema(PageArgsSchema):
    # Bounded like every id: a larger number would fail in the query, not match nothing.
    membership_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))


class _PageSchema(Schema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class ApplicationPageSchema(_PageSchema):
    items = fields.List(fields.Nested(ApplicationReviewSchema))


class AuditEntrySchema(Schema):
    seq = fields.Integer(
        attribute="id",
        metadata={"description": "Sequence number: entries were recorded in this order."},
    )
    on = fields.Date(metadata={"description": "UTC day of the entry; the log keeps no time."})
    actor = fields.String(
        metadata={
            "description": f"Staff username, or `{APPLICANT}` (applying) or `{RETENTION}`"
            " (erasure of identity fields)."
        }
    )
    action = fields.String(metadata={"enum": list(ACTIONS)})
    membership_id = fields.Integer()
    reason = fields.String(allow_none=True)


class AuditPageSchema(_PageSchema):
    items = fields.List(fields.Nested(AuditEntrySchema))


def _reason(value: str) -> str:
    reason = value.strip()
    if not reason:
        raise ValidationError("The reason is blank.")
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationError(f"The reason has more than {MAX_REASON_CHARS} characters.")
    return reason


class DecisionSchema(Schema):
    reason = _Normalised(
        _reason,
        metadata={
            "description": "Required except to approve. Kept in the audit log for good, so it"
            " must not repeat the applicant's name, licence, NPI or email."
        },
    )


class CredentialLookupSchema(Schema):
    npi = _Normalised(credentials.normalise_npi)
    licence_number = _Normalised(credentials.normalise_licence_number)
    jurisdiction = _Normalised(credentials.normalise_jurisdiction)

    @validates_schema
    def _one_credential(self, data: dict[str, Any], **_: Any) -> None:
        if ("licence_number" in data) != ("jurisdiction" in data):
            raise ValidationError("give licence_number and jurisdiction together", "licence_number")
        if not data:
            raise ValidationError("give npi, or licence_number and jurisdiction", "npi")


class MembershipListSchema(Schema):
    items = fields.List(fields.Nested(ApplicationReviewSchema))
