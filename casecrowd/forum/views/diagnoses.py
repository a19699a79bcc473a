"""Diagnoses."""

from __future__ import annotations

from casecrowd.forum.schemas.diagnoses import DiagnosisCompletionsSchema, DiagnosisQuerySchema
from casecrowd.forum.service import diagnoses
from casecrowd.forum.views.common import ForumBlueprint

blp = ForumBlueprint("forum_diagnoses", __name__, url_prefix="/api/v1", description="Diagnoses")


@blp.get("/diagnoses")
@blp.session_route
@blp.arguments(DiagnosisQuerySchema, location="query")
@blp.response(200, DiagnosisCompletionsSchema)
def complete_diagnoses(query):
    """Complete a diagnosis from the ICD-10-CM code set and from what members have written.

    Members' free-text diagnoses come first, most used first; they are read
    only from answers anyone may read (not hidden by moderation, not on a
    blind case before it is solved). Then the code set's entries: for the
    start of a code, that code and the codes under it, most general first;
    for words, the descriptions with a word beginning with each of them,
    those holding the words whole and the shortest first.
    """
    return {"items": diagnoses.completions(query["q"], query["limit"])}
