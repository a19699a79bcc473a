"""Media types of the HTTP API that servers and the client both name."""

# RFC 9457 problem details: every error answer, and what the client parses.
PROBLEM_JSON = "application/problem+json"
