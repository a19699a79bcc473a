"""The token issuer: Privacy Pass type 0x0002 directory, token requests, quotas, key epochs."""
