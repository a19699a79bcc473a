"""The PHI guard: finds HIPAA Safe Harbor identifiers in free text.

``scan(text)`` returns :class:`Finding` objects, one per identifier, naming the
Safe Harbor item of 45 CFR 164.514(b)(2)(i) as its ``category`` ("A" names ...
"R" other unique identifiers), the span ``text[start:end]``, the ``rule`` that
saw it, a ``confidence`` and, where one exists, a ``suggestion`` (the year for
a date, "90+" for an age over 89).

Confidence policy
-----------------
``high``: the text is an identifier by its shape or its label. Phone and fax
numbers, email addresses, SSNs, URLs, IP addresses, dates (numeric, ISO, month
names, ordinal days), ages over 89, street addresses, ZIP codes after a state
or a label, counties, named facilities, a city after "in/from/near" or before a
state, labelled record/plan/account/licence/vehicle/device/biometric numbers,
checksummed numbers (VIN, DEA, NPI, IMEI, Medicare MBI), long digit runs, a
name after a title or a role ("Dr. Whitfield", "her daughter Maria"), a
Census first name followed by a surname, and any later mention of such a name.

``low``: the text may be an identifier. A lone capitalised word in the name
lists that is neither an everyday word nor a clinical term, a listed city with
no context, initials with no "patient"/title before them, a seven-digit local
number, grouped or letter-and-digit codes without a label, a mention of a face
photograph.

The forum blocks on every high finding and on every low finding its author has
not acknowledged (:mod:`casecrowd.phi.policy`).

Clinical language is left alone: eponyms and scores followed by "disease",
"sign", "score"... (the word lists in ``data/clinical_terms.txt``), doses,
vitals, fractions without a date cue, ICD-10 and CPT codes, bare years, ages
up to 89, relative times and US state names.

Every regular expression uses bounded repetition without nested quantifiers,
and the word rules are dictionary look-ups, so scanning is linear in the length
of the text (``bench/phi.py`` measures it, adversarial inputs included).
"""

from .findings import CATEGORY_NAMES, Confidence, Finding
from .scanner import scan

__all__ = ["CATEGORY_NAMES", "Confidence", "Finding", "scan"]
