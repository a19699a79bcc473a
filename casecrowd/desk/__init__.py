"""The verification desk: applications, review by verifiers, memberships, retention."""
