"""Staff accounts (verifiers, moderators, admins), their sessions and role checks."""
