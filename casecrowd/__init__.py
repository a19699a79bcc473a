"""CaseCrowd: verified physicians, anonymous case discussion.

The package root imports nothing: a physician's client command loads only the
client, the crypto and the PHI guard, never the server (:mod:`casecrowd.app`).
"""
