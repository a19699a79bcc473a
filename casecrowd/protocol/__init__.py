"""What the servers and the physician's client both speak: envelope kinds, ids, media types.

:mod:`~casecrowd.protocol.kinds` is the registry: each kind's schema, and which of
its members the PHI guard screens. :mod:`~casecrowd.protocol.cases`,
:mod:`~casecrowd.protocol.answers` and :mod:`~casecrowd.protocol.votes` hold the
kinds' schemas; :mod:`~casecrowd.protocol.fields` and
:mod:`~casecrowd.protocol.phi_ack` the members several kinds share. The header
every envelope carries (``v``, ``kind``, ``origin``, ``pseudonym``, ``created``,
``id``) is :mod:`casecrowd.crypto.envelope`'s; :mod:`~casecrowd.protocol.media` names
the API's media types.

Nothing here imports Flask or SQLAlchemy: the physician's client loads it too.
"""

# Ids are INTEGER columns: 32-bit on PostgreSQL, 64-bit on SQLite. Every id from
# outside (an envelope member, a path, a query) is checked against the smaller range.
MAX_ID = 2**31 - 1
