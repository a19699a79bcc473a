from marshmallow import Schema, fields


class DatabaseStatusSchema(Schema):
    identity = fields.String(metadata={"enum": ["up", "down"]})
    forum = fields.String(metadata={"enum": ["up", "down"]})


class HealthSchema(Schema):
    status = fields.String(metadata={"enum": ["ok", "degraded"]})
    databases = fields.Nested(DatabaseStatusSchema)
