"""Registrations as other members see them: a sample to check issuer keys against."""

from __future__ import annotations

from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.registrations import (
    RegistrationSampleQuerySchema,
    RegistrationSampleSchema,
)
from casecrowd.forum.service import limits, registration_sample
from casecrowd.forum.views.common import ForumBlueprint

blp = ForumBlueprint(
    "forum_registrations",
    __name__,
    url_prefix="/api/v1",
    description="Registration tokens of other pseudonyms, for key consistency",
)


@blp.get("/registrations/sample")
@blp.arguments(RegistrationSampleQuerySchema, location="query")
@blp.response(200, RegistrationSampleSchema)
@documents_errors(limits.count_registration_sample)
def sample_registrations(query):
    """A random sample of recently registered pseudonyms that have signed something.

    Each comes with its registration tokens and the issuer keys they name, as in
    a proof, and with no handle and no time. Before trusting a new epoch's issuer
    key, a client checks that other members' tokens are under the same key
    (RFC 9576 §6.2). No session is needed: the client asks at a quiet moment,
    possibly before it has any pseudonym. Samples are counted for everyone
    together (`forum.limits.registration_samples`): 429 with Retry-After past it.
    """
    limits.count_registration_sample()
    return registration_sample.sample(query["limit"])
