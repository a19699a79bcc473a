"""What every forum blueprint shares: the session guard and the OpenAPI additions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from casecrowd.crypto import base64url
from casecrowd.errordocs import Blueprint, documents_errors
from casecrowd.forum.models import Pseudonym
from casecrowd.forum.reputation import effective_reputation
from casecrowd.forum.schemas.kinds import KIND_SCHEMAS
from casecrowd.forum.service import sessions

SECURITY_SCHEME = "forumSession"


class ForumBlueprint(Blueprint):
    """Adds the bearer scheme and the signed envelope kinds to the OpenAPI document."""

    def register_views_in_doc(self, api: Any, app: Any, spec: Any, **kwargs: Any) -> None:
        components = spec.components
        if SECURITY_SCHEME not in components.security_schemes:
            components.security_scheme(
                SECURITY_SCHEME,
                {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A forum session token (POST /api/v1/sessions).",
                },
            )
        for kind, schema in KIND_SCHEMAS.items():
            name = "Envelope_" + kind.replace(".", "_")
            if name not in components.schemas:
                components.schema(name, schema=schema)
        super().register_views_in_doc(api, app, spec, **kwargs)

    def session_route(self, view: Callable[..., Any]) -> Callable[..., Any]:
        """Require the session of a pseudonym whose verification has not lapsed."""

        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            sessions.authenticate()
            return view(*args, **kwargs)

        documented = self.doc(security=[{SECURITY_SCHEME: []}])(guarded)
        return documents_errors(sessions.authenticate)(documented)


def pseudonym_body(pseudonym: Pseudonym) -> dict[str, Any]:
    return {
        "handle": pseudonym.handle,
        "public_key": base64url.encode(pseudonym.public_key, padded=False),
        "registered_on": pseudonym.registered_on,
        "verified_until": pseudonym.verified_until,
        "reputation": effective_reputation(pseudonym.reputation),
    }
