"""Pure cryptography: RFC 9474 blind RSA, Privacy Pass type 2, signed envelopes.

No Flask, no database: functions and small value classes only, so that the
client, the issuer and the forum share exactly the same code.
"""
