"""The applicant's side of the desk: specialties, applying, checking status."""

from __future__ import annotations

from flask import request

from casecrowd.desk import service, specialties
from casecrowd.desk.membership import SCHEME, SECURITY_SCHEME, SECURITY_SCHEME_DOC
from casecrowd.desk.schemas import (
    ApplicationSchema,
    ApplicationStatusSchema,
    NewApplicationSchema,
    SpecialtySchema,
)
from casecrowd.errordocs import Blueprint, documents_errors
from casecrowd.staff.tokens import credentials_from_header

blp = Blueprint(
    "desk",
    __name__,
    url_prefix="/api/v1/desk",
    description="Apply for membership without an account; check the application's status.",
)

NO_STORE = {"Cache-Control": {"schema": {"type": "string"}, "description": "no-store"}}


def membership_secret() -> str | None:
    """The secret of the request's ``Authorization: Membership <secret>``, if it has one."""
    return credentials_from_header(request.headers.get("Authorization"), SCHEME)


@blp.record_once
def _document_security(state) -> None:  # type: ignore[no-untyped-def]
    spec = state.app.extensions["casecrowd.api"].spec
    spec.components.security_scheme(SECURITY_SCHEME, SECURITY_SCHEME_DOC)


@blp.get("/specialties")
@blp.response(200, SpecialtySchema(many=True))
def list_specialties():
    """The recognised specialties (ABMS member board specialties); apply with a `code`."""
    return list(specialties.all_specialties())


@blp.post("/applications")
@blp.arguments(ApplicationSchema)
@blp.response(201, NewApplicationSchema, headers=NO_STORE)
@documents_errors(service.throttle_applications, service.submit_application)
def apply(fields):
    """Apply for membership: no account needed.

    The answer carries the membership secret, shown once and stored only as
    a hash. A wrong NPI check digit, an unknown jurisdiction or specialty, or
    a malformed email gets 422 naming the field. The answer is the same
    whether or not another application gives the same NPI or licence: the
    verifiers see such applications side by side, and only an approved
    membership holds a credential. The desk as a whole accepts
    `desk.applications_per_hour` applications an hour, and one NPI
    `desk.applications_per_npi` (429 with Retry-After past either; a refused
    application counts nowhere).
    """
    service.throttle_applications(fields["npi"])
    new = service.submit_application(**fields)
    body = {
        "application_id": new.membership.id,
        "status": new.membership.status,
        "membership_secret": new.secret,
    }
    return body, 201, {"Cache-Control": "no-store"}


@blp.get("/applications/status")
@blp.doc(security=[{SECURITY_SCHEME: []}])
@blp.response(200, ApplicationStatusSchema)
@documents_errors(service.application_status)
def application_status():
    """The status of the application whose secret is sent as `Authorization: Membership <secret>`.

    Answers for every status (pending, approved, rejected with its reason,
    suspended with its reason).
    """
    return service.application_status(membership_secret())
