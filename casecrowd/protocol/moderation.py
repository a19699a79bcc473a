"""The moderation kinds, ``flag`` and ``appeal``, and the vocabulary the mod log speaks.

Shared by the physician's client, the forum and the moderation desk, so a
reason, an action or a target kind is spelled in one place.
"""

from __future__ import annotations

from marshmallow import fields, validate

from casecrowd.protocol.fields import KindSchema, object_id
from casecrowd.protocol.phi_ack import phi_ack

# What a member can flag, and why.
FLAG_TARGETS = ("case", "answer", "comment", "discussion")
# A flag for care asks moderators to reach out to the author privately (a moderator
# message in the author's inbox): it accuses no one and never counts toward hiding.
CARE_REASONS = ("wellbeing",)
FLAG_REASONS = ("phi", "harassment", "spam", "misinformation", "potential-harm", *CARE_REASONS)
# A moderator's reason category: a flag reason, an appeal, or none of them. Never a
# care reason: the log is public, and "wellbeing, case 12" would publish a distress.
ACTION_REASONS = (
    *(reason for reason in FLAG_REASONS if reason not in CARE_REASONS),
    "appeal",
    "other",
)

# Actions on content (a flag target) and on a pseudonym; each is one mod-log entry.
CONTENT_ACTIONS = ("dismiss", "hide", "restore", "lock", "unlock", "purge", "slow-mode")
PSEUDONYM_ACTIONS = ("warn", "suspend", "ban", "lift")
APPEAL_ACTIONS = ("reject-appeal",)
ACTIONS = (*CONTENT_ACTIONS, *PSEUDONYM_ACTIONS, *APPEAL_ACTIONS)
# Pseudonym actions that stop it posting, voting, flagging, opening sessions and renewing.
BARRING_SANCTIONS = ("suspend", "ban")
# What a mod-log entry names as its target: content, a pseudonym (by handle), an appeal.
LOG_TARGET_KINDS = (*FLAG_TARGETS, "pseudonym", "appeal")

FLAG_NOTE_MAX = 500
APPEAL_TEXT_MAX = 2000
MODERATOR_MESSAGE_MAX = 2000


class FlagSchema(KindSchema):
    """``flag``: one pseudonym's report of a case, an answer or a comment, once per target."""

    screened = ("note",)

    target = fields.String(required=True, validate=validate.OneOf(FLAG_TARGETS))
    target_id = object_id(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(FLAG_REASONS))
    note = fields.String(load_default="", validate=validate.Length(max=FLAG_NOTE_MAX))
    phi_ack = phi_ack()


class AppealSchema(KindSchema):
    """``appeal``: the author's one appeal against one mod-log entry that concerns them."""

    screened = ("text",)

    log_entry = object_id(required=True)
    text = fields.String(required=True, validate=validate.Length(1, APPEAL_TEXT_MAX))
    phi_ack = phi_ack()
