"""Redeeming a token for a pseudonym (RFC 9577 §2.2), and forum sessions.

The forum sees the token and the public key, never the membership: the token was
blind-signed, so the issuer cannot recognise it either. What could still link the
two is time — a token redeemed a minute after it was issued. So each token has its
own redemption time (casecrowd.client.schedule), and a pseudonym asked for before
its token's time is *queued*: it registers when that time has passed, on a run of
``casecrowd sync`` (:func:`register_due`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from nacl.signing import SigningKey

from casecrowd.client import key_witness, schedule
from casecrowd.client.errors import ClientError, WalletStateError
from casecrowd.client.http import ApiClient, ServerProblem, Unreachable
from casecrowd.client.wallet import NoToken, Pseudonym, StoredToken, Wallet
from casecrowd.clock import utcnow
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


NO_TOKEN = (
    "no token waits in the wallet for a new pseudonym; tokens are obtained when the"
    " membership is approved and then once per epoch (`casecrowd sync`)"
)


def waiting_tokens(wallet: Wallet) -> list[StoredToken]:
    """Tokens that may still register a new pseudonym and that no request has claimed."""
    return [t for t in wallet.tokens() if t.seed is not None and not t.queued]


def queued_tokens(wallet: Wallet) -> list[StoredToken]:
    return sorted(
        (t for t in wallet.tokens() if t.seed is not None and t.queued),
        key=lambda t: t.ready_at or t.obtained_at,
    )


def choose_token(wallet: Wallet, now: datetime | None = None) -> StoredToken:
    """The token a new pseudonym would use (casecrowd.client.schedule.choose_token)."""
    waiting = waiting_tokens(wallet)
    if not waiting:
        raise WalletStateError(NO_TOKEN)
    return schedule.choose_token(waiting, now or utcnow())


def queue_new(wallet: Wallet, stored: StoredToken, label: str | None) -> StoredToken:
    """Claim ``stored`` for a pseudonym that registers at the token's time (saved)."""
    check_label_free(wallet, label)
    stored.queued = True
    stored.queued_label = label
    wallet.save()
    return stored


def check_label_free(wallet: Wallet, label: str | None) -> None:
    taken = [p.label for p in wallet.pseudonyms()] + [t.queued_label for t in queued_tokens(wallet)]
    if label is not None and label in taken:
        raise WalletStateError(f"the wallet already holds a pseudonym labelled {label!r}")


def register_due(
    wallet: Wallet, forum: ApiClient, origin: str, now: datetime | None = None
) -> Registration | None:
    """Register the queued pseudonym whose time has passed longest ago, if any.

    One per run: two pseudonyms registered in the same second would tell the forum
    they belong to one physician.
    """
    now = now or utcnow()
    due = [t for t in queued_tokens(wallet) if t.wait(now) == timedelta(0)]
    if not due:
        return None
    return register_new(wallet, forum, origin, due[0], due[0].queued_label)


def register_new(
    wallet: Wallet, forum: ApiClient, origin: str, chosen: StoredToken, label: str | None
) -> Registration:
    """Redeem ``chosen`` for its key pair now; the pseudonym is saved in the wallet.

    Whether now is the time is the caller's decision (the token's ``ready_at``, or the
    user's explicit ``--now``). If the forum does not take the token for a reason that
    may pass (network, server trouble), the token goes back into the wallet. A token
    whose issuer key other members of its epoch do not share is not redeemed
    (casecrowd.client.key_witness.check_registration): it would mark the pseudonym.
    """
    if label is not None and any(p.label == label for p in wallet.pseudonyms()):
        raise WalletStateError(f"the wallet already holds a pseudonym labelled {label!r}")
    key_witness.check_registration(wallet, forum, chosen)
    try:
        stored = wallet.take_token_for_new_pseudonym(chosen.pseudonym_key or b"")
    except NoToken:
        raise WalletStateError(NO_TOKEN) from None
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
    wallet.put_back(stored)


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
