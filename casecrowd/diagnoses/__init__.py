"""Diagnoses: the ICD-10-CM code set, normalising what members write, pooling and scoring.

Pure functions, shared by the forum and the physician's client: the client
recomputes a crowd differential from signed envelopes with the very code
the forum ran.
"""
