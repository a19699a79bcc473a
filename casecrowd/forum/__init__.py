"""The forum (the Privacy Pass origin): pseudonyms, sessions, signed content, votes, proofs.

It knows the issuer only by the public keys of its directory and never
imports the identity side (``casecrowd.desk``, ``casecrowd.issuer``).
"""
