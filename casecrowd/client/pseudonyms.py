"""Redeeming a token for a pseudonym (RFC 9577 §2.2), and forum sessions.

The forum sees the token and the public key, never the membership: the token was
blind-signed, so the issuer cannot recognise it either. What could still link the
two is time — a token redeemed a minute after it was issued. :func:`redemption_wait`
says how long to wait so that ``client.min_redeem_delay`` has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from nacl.signing import SigningKey

from casecrowd.client.errors import ClientError, WalletStateError
from casecrowd.client.http import ApiClient, ServerProblem, Unreachable
from casecrowd.client.wallet import NoToken, Pseudonym, StoredToken, Wallet
from casecrowd.crypto import envelope, http_auth, privacypass
from casecrowd.crypto.errors import CryptoError

PSEUDONYMS_PATH = "/api/v1/pseudonyms"
CHALLENGE_PATH = "/api/v1/sessions/challenge"
SESSIONS_PATH = "/api/v1/sessions"
# Refusals after which the token is known to be useless: keeping it would only make
# the next attempt fail the same way.
SPENT_TOKEN_PROBLEMS = {"token-spent", "token-key-retired", "token-key-unknown"}


@dataclass(frozen=True)
class Registration:
    pseudonym: Pseudonym
    verified_until: str
    token_age: timedelta


def next_token(wallet: Wallet) -> StoredToken:
    """The token ``pseudonym new`` would redeem (the oldest), left in the wallet."""
    waiting = [t for t in wallet.tokens() if t.seed is not None]
    if not waiting:
        raise WalletStateError(
            "no unspent token waits in the wallet; run `casecrowd tokens fetch` first"
        )
    return min(waiting, key=lambda t: t.obtained_at)


def redemption_wait(token: StoredToken, min_delay_seconds: int) -> timedelta:
    """How much longer to wait before redeeming ``token``; zero when it may go now."""
    remaining = timedelta(seconds=min_delay_seconds) - token.age()
    return max(remaining, timedelta(0))


def register_new(wallet: Wallet, forum: ApiClient, origin: str, label: str | None) -> Registration:
    """Redeem the oldest waiting token for its key pair; the pseudonym is saved in the wallet.

    The timing check is the caller's (:func:`redemption_wait`) so that it can ask the
    user. If the forum does not take the token for a reason that may pass (network,
    server trouble), the token goes back into the wallet.
    """
    if label is not None and any(p.label == label for p in wallet.pseudonyms()):
        raise WalletStateError(f"the wallet already holds a pseudonym labelled {label!r}")
    try:
        stored = wallet.take_token_for_new_pseudonym()
    except NoToken:
        raise WalletStateError(
            "no unspent token waits in the wallet; run `casecrowd tokens fetch` first"
        ) from None
    age = stored.age()
    try:
        body = _register(forum, origin, stored)
    except ServerProblem as problem:
        if problem.code == "token-spent" and _is_registered(wallet, forum, stored):
            # An earlier attempt got through but its answer was lost: the key is ours.
            body = {"handle": None, "verified_until": ""}
        else:
            if problem.code not in SPENT_TOKEN_PROBLEMS:
                _put_back(wallet, stored)
            wallet.save()
            raise
    except Unreachable:  # the forum may or may not have taken it; the next try will tell
        _put_back(wallet, stored)
        wallet.save()
        raise
    pseudonym = wallet.add_pseudonym(
        label or body["handle"] or f"pseudonym-{len(wallet.pseudonyms()) + 1}",
        seed=stored.seed,
        handle=body["handle"],
    )
    wallet.save()
    return Registration(pseudonym, body["verified_until"], age)


def _put_back(wallet: Wallet, stored: StoredToken) -> None:
    wallet.add_token(
        stored.token, challenge=stored.challenge, obtained_at=stored.obtained_at, seed=stored.seed
    )


def _is_registered(wallet: Wallet, forum: ApiClient, stored: StoredToken) -> bool:
    """Whether the forum knows the token's key (it offers a session challenge for it)."""
    public_key = bytes(SigningKey(stored.seed).verify_key)
    try:
        forum.post_json(CHALLENGE_PATH, {"pseudonym": envelope.pseudonym_id(public_key)})
    except ServerProblem as problem:
        if problem.status == 404:
            return False
        _put_back(wallet, stored)  # undecided: keep the key pair for the next attempt
        wallet.save()
        raise
    except Unreachable:
        _put_back(wallet, stored)
        wallet.save()
        raise
    return True


def _register(forum: ApiClient, origin: str, stored: StoredToken) -> dict:
    try:
        token = privacypass.Token.deserialize(stored.token)
    except CryptoError as exc:
        raise ClientError(f"the stored token is damaged: {exc}") from None
    key = SigningKey(stored.seed)
    body = {
        "public_key": envelope.pseudonym_id(bytes(key.verify_key)),
        "proof": envelope.sign_registration(key, origin),
    }
    headers = {"Authorization": http_auth.format_authorization(token)}
    return forum.post_json(PSEUDONYMS_PATH, body, headers=headers, expect=(201,))


def open_session(forum: ApiClient, origin: str, pseudonym: Pseudonym) -> str:
    """Sign a fresh server challenge with the pseudonym's key; returns the bearer token."""
    key = envelope.pseudonym_id(pseudonym.public_key)
    issued = forum.post_json(CHALLENGE_PATH, {"pseudonym": key})
    signature = envelope.sign_session(pseudonym.signing_key(), origin, issued["challenge"])
    opened = forum.post_json(
        SESSIONS_PATH, {"challenge": issued["challenge"], "signature": signature}, expect=(201,)
    )
    if opened.get("pseudonym", {}).get("handle"):
        pseudonym.handle = opened["pseudonym"]["handle"]
    return opened["token"]


def pick(wallet: Wallet, label: str | None) -> Pseudonym:
    """The pseudonym labelled ``label``, or the current one."""
    if label is not None:
        return wallet.pseudonym(label)
    current = wallet.current_pseudonym()
    if current is None:
        raise WalletStateError(
            "the wallet holds no pseudonym yet; run `casecrowd pseudonym new` first"
        )
    return current
