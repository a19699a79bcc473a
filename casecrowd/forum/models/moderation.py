"""Moderation state in the forum database: flags, target states, sanctions, appeals,
the signed mod log, moderators' messages to pseudonyms and the redactions a PHI
purge (or an author's withdrawal) leaves.

Everything here is keyed on pseudonyms, content ids and mod-log sequence
numbers; nothing names a person, an address or a staff account (a moderator
appears only as the handle ``mod-<n>`` in the log). Flags, sanctions and
appeals point at the mod-log entry that settled them by its ``seq``, a plain
integer, as the log is written in the same transaction as the change; a
wellbeing flag a moderator answered privately points at the message instead.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from casecrowd.db import ForumModel, UTCDateTime
from casecrowd.forum.models.types import random_id

# A redaction has exactly one cause (forum_withdrawals_0001 repeats this check).
ONE_REDACTION_CAUSE = "(log_seq IS NULL) <> (withdrawal_envelope_id IS NULL)"


class Flag(ForumModel):
    """One pseudonym's flag on one target, pending until one thing settles it.

    ``resolved_seq`` is the public mod-log entry that settled it (dismiss,
    hide, restore, purge); ``resolved_message`` is the moderator message that
    answered it, for a wellbeing flag, which is never logged publicly. At most
    one of the two is set, and a flag is pending while neither is
    (:attr:`pending`, the one test of it).
    """

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("pseudonym_id", "target_kind", "target_id"),
        Index("ix_flags_target_kind_target_id", "target_kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    # The flagger's reputation weight when it flagged.
    weight: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_seq: Mapped[int | None] = mapped_column(Integer)
    # A plain id, as resolved_seq: the message is written in the transaction that settles.
    resolved_message: Mapped[int | None] = mapped_column(Integer)

    @hybrid_property
    def pending(self) -> bool:
        return self.resolved_seq is None and self.resolved_message is None

    @pending.inplace.expression
    @classmethod
    def _pending_expression(cls) -> ColumnElement[bool]:
        return and_(cls.resolved_seq.is_(None), cls.resolved_message.is_(None))


class ModeratorMessage(ForumModel):
    """The moderators' private word to one pseudonym about one of its posts, in its inbox.

    Written when a moderator answers the post's wellbeing flags. It names the
    addressee's pseudonym and the post, and neither the moderator nor any
    flagger; ``created`` is the hour only, and the id is random, so the inbox
    tells its reader nothing of other members' messages. ``signature`` is the
    moderation key's over ``casecrowd.protocol.moderator_message``'s document.
    """

    __tablename__ = "moderator_messages"
    __table_args__ = (
        Index("ix_moderator_messages_pseudonym_id_created", "pseudonym_id", "created"),
    )

    id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, default=random_id
    )
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"))
    text: Mapped[str] = mapped_column(Text)
    about_kind: Mapped[str] = mapped_column(String(16))
    about_id: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    signature: Mapped[str] = mapped_column(String(128))


class ModerationTarget(ForumModel):
    """The moderation state of one case, answer or comment, created when first flagged or acted on.

    ``pending_*`` count the flags no moderator has settled yet: the queue is
    the targets with ``pending_flags > 0``, ordered by weight then by
    ``pending_since``. ``hidden`` hides the target from everyone but its
    author and moderators; ``phi_hidden`` records that the PHI-flag threshold
    did it, which happens once per target (the row is locked while counting).
    """

    __tablename__ = "moderation_targets"
    __table_args__ = (Index("ix_moderation_targets_pending", "pending_flags", "pending_weight"),)

    target_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    target_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    # The case the target belongs to; empty for a discussion and its comments.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    phi_flags: Mapped[int] = mapped_column(Integer, default=0)
    pending_flags: Mapped[int] = mapped_column(Integer, default=0)
    pending_weight: Mapped[int] = mapped_column(Integer, default=0)
    pending_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    phi_hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    slow_mode_seconds: Mapped[int | None] = mapped_column(Integer)
    redacted_seq: Mapped[int | None] = mapped_column(Integer)


class Sanction(ForumModel):
    """A warning, suspension or ban of a pseudonym; ``ends`` is empty for a ban."""

    __tablename__ = "sanctions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    log_seq: Mapped[int] = mapped_column(Integer, unique=True)
    starts: Mapped[datetime] = mapped_column(UTCDateTime())
    ends: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lifted_seq: Mapped[int | None] = mapped_column(Integer)


class Appeal(ForumModel):
    """The author's appeal of one mod-log entry: one per entry, signed like any write."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    log_seq: Mapped[int] = mapped_column(Integer, unique=True)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_seq: Mapped[int | None] = mapped_column(Integer)


class ModerationLogEntry(ForumModel):
    """One signed entry of the public mod log, chained to the one before by its hash.

    The signed document (``casecrowd.protocol.modlog``) holds every column
    but ``note``, which stays among moderators: a note may quote what was
    removed. ``seq`` is assigned by the log, 1, 2, 3…, without gaps.
    """

    __tablename__ = "moderation_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(24))
    target_kind: Mapped[str] = mapped_column(String(16))
    # A content id as text, or a pseudonym's handle.
    target_id: Mapped[str] = mapped_column(String(64))
    moderator: Mapped[str] = mapped_column(String(32))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)
    signature: Mapped[str] = mapped_column(String(128))
    note: Mapped[str] = mapped_column(Text, default="")


class EnvelopeRedaction(ForumModel):
    """Stands in for the text of an envelope a PHI purge or its author's withdrawal removed.

    The envelope row keeps its signature and kind; its text is emptied and
    this record keeps the SHA-256 of the signed bytes and what removed them:
    the purge's log entry (``log_seq``) or the author's ``withdraw`` envelope
    (``withdrawal_envelope_id``), exactly one of the two. So a proof still
    names what was signed without showing it.
    """

    __tablename__ = "envelope_redactions"
    __table_args__ = (CheckConstraint(ONE_REDACTION_CAUSE, name="one_cause"),)

    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), primary_key=True)
    log_seq: Mapped[int | None] = mapped_column(Integer, index=True)
    withdrawal_envelope_id: Mapped[int | None] = mapped_column(ForeignKey("signed_envelopes.id"))
    envelope_sha256: Mapped[str] = mapped_column(String(64))
