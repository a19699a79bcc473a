"""The verifiers' side of the desk: queue, decisions, credential look-up, audit log.

Verifiers and admins only; moderators have nothing to do here.
"""

from __future__ import annotations

from casecrowd.desk import review
from casecrowd.desk.schemas import (
    ApplicationPageSchema,
    ApplicationReviewSchema,
    AuditArgsSchema,
    AuditPageSchema,
    CredentialLookupSchema,
    DecisionSchema,
    MembershipListSchema,
    PageArgsSchema,
)
from casecrowd.errordocs import Blueprint, documents_errors
from casecrowd.staff.auth import current_staff, require_staff

VERIFIERS = ("verifier", "admin")

blp = Blueprint(
    "desk-review",
    __name__,
    url_prefix="/api/v1/desk",
    description="Review by verifiers. Every application, decision and erasure is written to an"
    " append-only audit log, dated to the day.",
)


@blp.get("/review/queue")
@require_staff(*VERIFIERS)
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, ApplicationPageSchema)
def pending_queue(args):
    """Pending applications, oldest first, a page at a time."""
    return review.pending_queue(args["page"], args["per_page"])


@blp.get("/review/applications/<int:application_id>")
@require_staff(*VERIFIERS)
@blp.response(200, ApplicationReviewSchema)
@documents_errors(review.get_application)
def get_application(application_id):
    """One application or membership, with its identity fields until they are erased."""
    return review.get_application(application_id)


def _decision_view(action: str, path: str, summary: str):  # type: ignore[no-untyped-def]
    @blp.post(path, endpoint=action)
    @require_staff(*VERIFIERS)
    @blp.arguments(DecisionSchema)
    @blp.response(200, ApplicationReviewSchema)
    @documents_errors(review.decide)
    @blp.doc(summary=summary)
    def decide(body, **path):
        # One path parameter: application_id or membership_id (the same row).
        (row_id,) = path.values()
        return review.decide(row_id, action, current_staff(), body.get("reason"))

    return decide


approve = _decision_view(
    "approve",
    "/review/applications/<int:application_id>/approve",
    "Approve a pending application (reason optional).",
)
reject = _decision_view(
    "reject",
    "/review/applications/<int:application_id>/reject",
    "Reject a pending application with a reason; the credential may apply again.",
)
suspend = _decision_view(
    "suspend",
    "/memberships/<int:membership_id>/suspend",
    "Suspend an approved membership (e.g. licence revoked), with a reason.",
)
reinstate = _decision_view(
    "reinstate",
    "/memberships/<int:membership_id>/reinstate",
    "Reinstate a suspended membership, with a reason.",
)


@blp.post("/memberships/lookup")
@require_staff(*VERIFIERS)
@blp.arguments(CredentialLookupSchema)
@blp.response(200, MembershipListSchema)
def lookup_by_credential(body):
    """Find applications and memberships by NPI or licence, through their fingerprints.

    Works after the identity fields were erased, e.g. to suspend a member
    whose licence was revoked. A POST so that the credential stays out of URLs.
    """
    found = review.find_by_credential(
        body.get("npi"), body.get("jurisdiction"), body.get("licence_number")
    )
    return {"items": found}


@blp.get("/audit")
@require_staff(*VERIFIERS)
@blp.arguments(AuditArgsSchema, location="query")
@blp.response(200, AuditPageSchema)
def audit_log(args):
    """The audit log (who, what, which application, which day, why), newest first.

    Applications, decisions and erasures by retention; `seq` orders them and
    `on` is their UTC day, the only time the desk keeps about a membership.
    """
    return review.audit_log(args["page"], args["per_page"], args.get("membership_id"))
