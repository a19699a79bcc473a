"""Moderation: the queue, moderators' actions, the PHI purge and the signed public mod log.

It sees only pseudonymous content (the forum database) and staff sessions;
it never imports the desk or the issuer.
"""
