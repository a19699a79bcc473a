"""``casecrowd audit``: how much an operator could learn by timing alone.

Blind signatures keep a token from being recognised, so the one thing that can still
join "membership M obtained tokens at t" with "pseudonym P appeared at t'" is time.
The audit runs a short real deployment to find every time the databases and logs
keep (:mod:`.capture`), derives what two operators could see (:mod:`.adversaries`),
simulates an epoch of members on the client's own schedule (:mod:`.population`) and
measures how often simple attacks link a pseudonym to its membership, against
chance (:mod:`.attacks`, :mod:`.report`). See docs/privacy-timing.md.
"""
