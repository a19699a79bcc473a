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
names with "mid-/early-/late", ordinal days, holidays such as "Xmas eve" or
"Labor Day"), ages over 89, street addresses and corners ("63rd and
Halsted"), ZIP codes after a state or a label, counties, facilities (a kind
word with a name, a name before "Children's/Memorial/Health...", a
health-system brand after "at/to/from" or with a place, "Our Lady of ...",
saints, "<town> VA"), a city after "in/from/near" or before a state, a place
word with a name ("Belize City", "Fort Payne", "Cedar Key"), capitalised words
after a verb of living or travel ("flown from Togiak"), labelled
record/plan/account/licence/vehicle/device/biometric numbers, checksummed
numbers (VIN, DEA, NPI, IMEI, Medicare MBI), long digit runs, a name after a
title or a role ("Dr. Whitfield", "her daughter Maria"), every name of a list
after "Drs.", a Census first name followed by a surname, "LAST, First", a name
before a credential or after a verb of contact ("paged Okonkwo"), and any later
mention of such a name; wards and buildings with a name ("Blake 12", "the
Lunder building"), hospital initials after a transfer cue ("from MGH"), pager
and extension numbers after their cue, a year-less "m/d" after an event word
("extubated 11/3"), an age phrase over 89 ("in her nineties").

``low``: the text may be an identifier. A lone capitalised word in the name
lists that is neither an everyday word nor a clinical term, a listed city with
no context, a brand that is no everyday word alone ("her Kaiser card"), an
unknown word after "the VA in", initials with no "patient"/title before them,
a seven-digit local number, grouped or letter-and-digit codes without a label,
a year-less "m/d" with no word around it that makes it a date or a measure, a
selfie. A clear mention of a face photograph is high.

Every letter case, every disguise
---------------------------------
The rules read a view of the text, not the text itself. :mod:`.normalise`
takes off what hides an identifier from a rule while a reader still sees it
(fullwidth or Arabic-Indic digits, zero-width characters and soft hyphens, en
dashes, Cyrillic look-alikes, mathematical letters, ligatures, decomposed
accents); :mod:`.recasing` writes each word in the case a mixed-case writer
would have given it, so that a note printed in capitals or typed in lower
case reads like any other ("DR SMITH" is "Dr Smith", "levo" stays "levo").
Each finding's span is mapped back to the text as written.

The forum blocks on every high finding and on every low finding its author has
not acknowledged (:mod:`casecrowd.phi.policy`).

Clinical language is left alone: eponyms and scores followed by "disease",
"sign", "score"..., the words of the vocabularies in ``lexicon.CLINICAL_LISTS``, named
instruments that begin with a place ("Ottawa ankle rules", "Prague C2M5"),
doses, vitals, fractions without a date cue ("about 1/3 of"), ICD-10 and CPT
codes, bare years, ages up to 89, relative times, and US state, country,
region, nationality, language and religion names (``lexicon.not_places``).

Every regular expression uses bounded repetition without nested quantifiers,
the word rules are dictionary look-ups, every look around a candidate is
bounded, the re-casing judges each distinct token once, and overlapping
findings are resolved with one mark per character, so scanning is linear in
the length of the text (``bench/phi.py`` measures
it, adversarial inputs included). How well it does is measured on the
labelled sets in ``tests/phi/eval`` (``python -m tests.phi.score``).
"""

from .findings import CATEGORY_NAMES, Confidence, Finding
from .scanner import scan

__all__ = ["CATEGORY_NAMES", "Confidence", "Finding", "scan"]
