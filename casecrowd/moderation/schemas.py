"""Request and response bodies of the moderators' API: the queue, actions, log entries."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from casecrowd.forum.service.paging import MAX_CURSOR_LENGTH
from casecrowd.handles import looks_like_handle
from casecrowd.moderation.log_schemas import ModLogEntrySchema
from casecrowd.moderation.service.queue import MAX_PAGE_SIZE, PAGE_SIZE, QUEUE_REASONS
from casecrowd.protocol import MAX_ID
from casecrowd.protocol.moderation import (
    ACTION_REASONS,
    ACTIONS,
    APPEAL_ACTIONS,
    CONTENT_ACTIONS,
    FLAG_REASONS,
    FLAG_TARGETS,
    LOG_TARGET_KINDS,
    PSEUDONYM_ACTIONS,
)

NOTE_MAX = 1000
LONGEST_SUSPENSION_HOURS = 8760
LONGEST_SLOW_MODE_SECONDS = 86400
HANDLE_MAX = 64
# Actions on a whole thread, taken on the case or discussion that heads it.
THREAD_ACTIONS = ("lock", "unlock", "slow-mode")
# The target kinds each action takes.
ACTION_TARGETS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(CONTENT_ACTIONS, FLAG_TARGETS),
    **dict.fromkeys(THREAD_ACTIONS, ("case", "discussion")),
    **dict.fromkeys(PSEUDONYM_ACTIONS, ("pseudonym",)),
    **dict.fromkeys(APPEAL_ACTIONS, ("appeal",)),
}
# Members only one action takes, and that action requires.
ACTION_MEMBERS = {"duration_hours": "suspend", "slow_mode_seconds": "slow-mode"}
TARGET_ID_DESCRIPTION = "A content or appeal id (integer), or a pseudonym's handle (string)."

# -- requests ---------------------------------------------------------------------


class QueueArgsSchema(Schema):
    reason = fields.String(
        load_default=None,
        validate=validate.OneOf(QUEUE_REASONS),
        metadata={
            "description": "`appeal`: only open appeals; a flag reason: only targets with a"
            " pending flag of that reason."
        },
    )
    limit = fields.Integer(
        load_default=PAGE_SIZE,
        validate=validate.Range(1, MAX_PAGE_SIZE),
        metadata={"description": "Items per page."},
    )
    after = fields.String(
        load_default=None,
        validate=validate.Length(1, MAX_CURSOR_LENGTH),
        metadata={"description": "The `next` of the previous page; `reason` unchanged."},
    )


class TargetId(fields.Field):
    """A content or appeal id, or a pseudonym's handle; which one the target's kind says."""

    default_error_messages = {"invalid": "Give an id (a whole number) or a pseudonym's handle."}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int | str:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID:
            return value
        if isinstance(value, str) and 1 <= len(value) <= HANDLE_MAX:
            return value
        raise self.make_error("invalid")


class ModerationActionTargetSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(LOG_TARGET_KINDS))
    id = TargetId(required=True, metadata={"description": TARGET_ID_DESCRIPTION})

    @validates_schema
    def _id_fits_kind(self, data: dict[str, Any], **_: Any) -> None:
        if data["kind"] == "pseudonym":
            if not isinstance(data["id"], str) or not looks_like_handle(data["id"]):
                raise ValidationError("A pseudonym is named by its handle.", "id")
        elif not isinstance(data["id"], int):
            raise ValidationError(f"A {data['kind']} is named by its id, a whole number.", "id")


class ModerationActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    reason = fields.String(required=True, validate=validate.OneOf(ACTION_REASONS))
    note = fields.String(
        load_default="",
        validate=validate.Length(max=NOTE_MAX),
        metadata={"description": "For moderators only: kept with the entry, never published."},
    )
    target = fields.Nested(
        ModerationActionTargetSchema,
        required=True,
        metadata={
            "description": "Content actions take a case, answer, comment or discussion (lock,"
            " unlock and slow-mode a case or a discussion only); warn, suspend, ban and lift a"
            " pseudonym;"
            " reject-appeal an appeal."
        },
    )
    duration_hours = fields.Integer(
        load_default=None,
        strict=True,
        validate=validate.Range(1, LONGEST_SUSPENSION_HOURS),
        metadata={"description": "suspend only, and required there."},
    )
    slow_mode_seconds = fields.Integer(
        load_default=None,
        strict=True,
        validate=validate.Range(0, LONGEST_SLOW_MODE_SECONDS),
        metadata={"description": "slow-mode only, and required there; 0 ends slow mode."},
    )

    @validates_schema
    def _members_fit_action(self, data: dict[str, Any], **_: Any) -> None:
        action, problems = data["action"], {}
        kinds = ACTION_TARGETS[action]
        if data["target"]["kind"] not in kinds:
            problems["target"] = {"kind": [f"{action} applies to {', '.join(kinds)} only."]}
        for name, owner in ACTION_MEMBERS.items():
            if action == owner and data[name] is None:
                problems[name] = [f"{owner} requires {name}."]
            elif action != owner and data[name] is not None:
                problems[name] = [f"Only {owner} takes {name}."]
        if problems:
            raise ValidationError(problems)


# -- responses --------------------------------------------------------------------


class ModeratorLogEntrySchema(ModLogEntrySchema):
    """An entry as the public log serves it, with what only moderators see."""

    note = fields.String(metadata={"description": "The moderator's note; never published."})


class ModerationActionResultSchema(Schema):
    entry = fields.Nested(ModLogEntrySchema)


class QueueTargetSchema(Schema):
    kind = fields.String(metadata={"enum": list(LOG_TARGET_KINDS)})
    id = fields.Raw(metadata={"description": TARGET_ID_DESCRIPTION})
    case_id = fields.Integer(allow_none=True)


class QueueRevisionSchema(Schema):
    number = fields.Integer()
    created = fields.DateTime()
    fields_ = fields.Dict(data_key="fields", attribute="fields")


class QueueFlagSchema(Schema):
    id = fields.Integer()
    reason = fields.String(metadata={"enum": list(FLAG_REASONS)})
    note = fields.String()
    weight = fields.Integer(metadata={"description": "The flagger's reputation weight."})
    created = fields.DateTime()
    resolved_by = fields.Integer(
        allow_none=True, metadata={"description": "The mod-log entry that settled it."}
    )
    answered_by_message = fields.Integer(
        allow_none=True,
        metadata={
            "description": "The moderator message that settled this wellbeing flag, never"
            " logged publicly."
        },
    )


class QueueSanctionSchema(Schema):
    kind = fields.String(metadata={"enum": ["warn", "suspend", "ban"]})
    starts = fields.DateTime()
    ends = fields.DateTime(allow_none=True)
    log_entry = fields.Integer()
    lifted_by = fields.Integer(allow_none=True)


class QueueAppealSchema(Schema):
    id = fields.Integer()
    log_entry = fields.Integer(metadata={"description": "The appealed entry's seq."})
    text = fields.String()
    created = fields.DateTime()
    entry = fields.Nested(ModeratorLogEntrySchema)


class QueueItemSchema(Schema):
    kind = fields.String(metadata={"enum": ["target", "appeal"]})
    target = fields.Nested(QueueTargetSchema)
    author = fields.String(metadata={"description": "The author's (or appellant's) handle."})
    weight = fields.Integer(metadata={"description": "Sum of the pending flags' weights."})
    pending_flags = fields.Integer()
    pending_since = fields.DateTime(allow_none=True)
    hidden = fields.Boolean()
    locked = fields.Boolean()
    slow_mode_seconds = fields.Integer(allow_none=True)
    redacted_by = fields.Integer(
        allow_none=True, metadata={"description": "The mod-log entry that purged its text."}
    )
    revisions = fields.List(fields.Nested(QueueRevisionSchema))
    flags = fields.List(fields.Nested(QueueFlagSchema))
    author_sanctions = fields.List(fields.Nested(QueueSanctionSchema))
    history = fields.List(
        fields.Nested(ModeratorLogEntrySchema),
        metadata={"description": "Entries on the target and on its author, newest first."},
    )
    appeal = fields.Nested(QueueAppealSchema, allow_none=True)


class QueuePageSchema(Schema):
    items = fields.List(fields.Nested(QueueItemSchema))
    next = fields.String(allow_none=True, metadata={"description": "Pass as `after`."})
