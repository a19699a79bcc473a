"""Marshmallow schemas of the forum API's bodies and queries.

What authors sign, each envelope kind's members, is :mod:`casecrowd.protocol`'s.
"""
