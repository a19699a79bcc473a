"""A moderator's message to a pseudonym: its signed document and the check a client makes.

Wire layout of one message, as the author's inbox serves it::

    {
      "id":        integer, random (says nothing of how many others were sent)
      "to":        the addressee pseudonym's handle
      "text":      1..MODERATOR_MESSAGE_MAX characters
      "about":     {"kind": a flag target kind, "id": integer}
      "created":   "YYYY-MM-DDTHH:00:00Z", the UTC hour it was written (no finer time)
      "signature": base64url (unpadded) Ed25519, by the forum's moderation key
    }

The signature covers the RFC 8785 canonical JSON of ``SIGNED_KIND`` as
``kind`` with every member above but ``signature`` (``about`` flattened to
``about_kind``/``about_id``). A mod-log entry has no ``kind`` member, so
neither document's signature can stand for the other. The message names no
moderator and no flagger.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nacl.signing import SigningKey

from casecrowd.crypto import envelope

SIGNED_KIND = "casecrowd-moderator-message"


def signed_document(message: Mapping[str, Any]) -> dict[str, Any]:
    """The members of a served ``message`` that its signature covers."""
    about = message["about"]
    return {
        "kind": SIGNED_KIND,
        "id": message["id"],
        "to": message["to"],
        "text": message["text"],
        "about_kind": about["kind"],
        "about_id": about["id"],
        "created": message["created"],
    }


def sign(message: Mapping[str, Any], signing_key: SigningKey) -> str:
    return envelope.sign_message(signing_key, signed_document(message))[1]


def verify(message: Mapping[str, Any], public_key: bytes) -> None:
    """Raise a CryptoError unless ``message`` is whole and signed by ``public_key``."""
    try:
        document = signed_document(message)
    except (KeyError, TypeError):
        raise envelope.MalformedEnvelope("the message lacks a signed member") from None
    signature = message.get("signature")
    if not isinstance(signature, str):
        raise envelope.MalformedEnvelope("the message has no signature")
    envelope.verify_signature(envelope.canonical_json(document), signature, public_key)
