"""What the forum decided about issuer keys beyond recording them: withdrawals, revocations.

Both only ever grow, and both date an event of a key, never of a pseudonym,
at day precision.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import ForumModel


class IssuerKeyWithdrawal(ForumModel):
    """A recorded key the directory stopped listing. Final: a key listed again is refused.

    ``in_force`` says whether the key had come into force when the forum
    noticed it gone; only such a key can be the predecessor whose late
    tokens the forum still accepts.
    """

    __tablename__ = "issuer_key_withdrawals"

    issuer_key_id: Mapped[int] = mapped_column(ForeignKey("issuer_keys.id"), primary_key=True)
    withdrawn_on: Mapped[date] = mapped_column(Date)
    in_force: Mapped[bool] = mapped_column(Boolean)


class IssuerKeyRevocation(ForumModel):
    """A key the operator revoked (``casecrowd keys revoke``): no new token under it, ever.

    Keyed by the token key id, not the recorded row, so that a key the forum
    has not seen yet can be revoked ahead of its appearance.
    """

    __tablename__ = "issuer_key_revocations"

    token_key_id: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    revoked_on: Mapped[date] = mapped_column(Date)
