"""Liveness for operators and load balancers: does each database answer?"""

from casecrowd import db
from casecrowd.errordocs import Blueprint
from casecrowd.health.schemas import HealthSchema

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Service health")


@blp.get("/health")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="A database does not answer.")
def health():
    """Report whether the identity and forum databases answer."""
    databases = {bind: "up" if db.ping(bind) else "down" for bind in db.BINDS}
    healthy = all(state == "up" for state in databases.values())
    body = {"status": "ok" if healthy else "degraded", "databases": databases}
    return body, 200 if healthy else 503
