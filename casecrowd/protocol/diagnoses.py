"""A diagnosis as envelopes carry it: a text and, when known, its ICD-10-CM code.

The code is sent in its canonical form (upper case, with the dot:
``M06.1``); the client canonicalises what the author typed before signing
(:func:`casecrowd.diagnoses.codes.canonical_code`), and the forum refuses a
code the code set does not hold. The pattern here only checks the shape.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

# A category (three characters) or a subcategory (up to four more after the dot).
ICD10CM_CODE_PATTERN = r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$"


def diagnosis_code(**kwargs) -> fields.String:
    return fields.String(
        validate=validate.Regexp(
            ICD10CM_CODE_PATTERN, error="Not an ICD-10-CM code such as M06.1."
        ),
        metadata={"description": "ICD-10-CM code, upper case with its dot (M06.1)."},
        **kwargs,
    )


class DiagnosisSchema(Schema):
    diagnosis = fields.String(required=True, validate=validate.Length(1, 200))
    code = diagnosis_code()
