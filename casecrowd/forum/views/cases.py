"""Reading cases, answers and their revisions."""

from __future__ import annotations

from casecrowd.forum.schemas.api import (
    CaseDetailSchema,
    CaseListQuerySchema,
    CaseSummarySchema,
    RevisionSchema,
)
from casecrowd.forum.service import reading
from casecrowd.forum.views.common import ForumBlueprint
from casecrowd.problems import ProblemSchema

blp = ForumBlueprint("forum_cases", __name__, url_prefix="/api/v1", description="Cases")


@blp.get("/cases")
@blp.session_route
@blp.arguments(CaseListQuerySchema, location="query")
@blp.response(200, CaseSummarySchema(many=True))
def list_cases(query):
    """The newest cases."""
    return reading.list_cases(query["limit"])


@blp.get("/cases/<int:case_id>")
@blp.session_route
@blp.response(200, CaseDetailSchema)
@blp.alt_response(404, schema=ProblemSchema, description="No such case.")
def show_case(case_id):
    """A case with its answers and all comments."""
    return reading.case_detail(case_id)


@blp.get("/cases/<int:case_id>/revisions")
@blp.session_route
@blp.response(200, RevisionSchema(many=True))
@blp.alt_response(404, schema=ProblemSchema, description="No such case.")
def case_revisions(case_id):
    """Every version of the case, the first included, oldest first."""
    return reading.case_revisions(case_id)


@blp.get("/answers/<int:answer_id>/revisions")
@blp.session_route
@blp.response(200, RevisionSchema(many=True))
@blp.alt_response(404, schema=ProblemSchema, description="No such answer.")
def answer_revisions(answer_id):
    """Every version of the answer, oldest first."""
    return reading.answer_revisions(answer_id)
