"""An issuer that tags one member: per-member keys, dates and request URIs are refused.

The forum is a real deployment; the issuer is a stub on loopback that shows each
member the directory the test gives it (tests/client/stub_issuer.py), all under one
issuer name. Honest members obtain tokens under the epoch's key, register and post,
so their registrations are what the forum's sample shows other members.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator

import pytest
import requests

from casecrowd.client import forum_challenge, key_trust, phi_check, pseudonyms, tokens
from casecrowd.client.demo import CASE
from casecrowd.client.errors import KeyInconsistency
from casecrowd.client.forum import Forum
from casecrowd.client.http import ApiClient
from casecrowd.client.key_trust import key_id_text
from casecrowd.client.settings import Endpoints
from casecrowd.client.wallet import KdfLimits, Wallet
from casecrowd.clock import utcnow
from casecrowd.crypto import base64url, privacypass
from casecrowd.crypto.keys import generate_issuer_key, public_key_spki
from tests.client.stub_issuer import StubIssuer, View

DAY = 86400
NOW = int(time.time())
PREVIOUS, CURRENT = NOW - 35 * DAY, NOW - 5 * DAY  # not-before of two consecutive epochs


@pytest.fixture(scope="module")
def keys():
    """The epochs' genuine keys, and one the issuer keeps for a member it wants to tag."""
    return {name: generate_issuer_key() for name in ("previous", "current", "tagging")}


def spki(key) -> bytes:
    return public_key_spki(key.public_key())


@pytest.fixture
def stub(keys) -> Iterator[StubIssuer]:
    issuer = StubIssuer()
    issuer.views["/honest"] = View([(keys["current"], CURRENT)])
    issuer.views["/tagged"] = View([(keys["tagging"], CURRENT)])
    yield issuer
    issuer.close()


@pytest.fixture
def forum_url(served, stub, keys, tmp_path) -> str:
    """The forum takes tokens of the stub issuer's genuine keys."""
    listed = [
        privacypass.IssuerKey(spki(keys["previous"]), PREVIOUS),
        privacypass.IssuerKey(spki(keys["current"]), CURRENT),
    ]
    path = tmp_path / "issuer-directory.json"
    path.write_text(json.dumps(privacypass.issuer_directory(stub.url + "/t", listed)))
    issuer_name = stub.url.split("://", 1)[1]
    overrides = {"forum": {"issuer_name": issuer_name, "issuer_directory": str(path)}}
    return served(overrides).url


def origin(forum_url: str) -> str:
    return Endpoints.single(forum_url).origin


def new_wallet(tmp_path, name: str) -> Wallet:
    wallet = Wallet.create(tmp_path / f"{name}.wallet", "pass", limits=KdfLimits.minimum())
    wallet.set_membership(f"application-{name}", f"membership-secret-{name}")
    return wallet


def from_last_epoch(wallet: Wallet, issuer_url: str, keys) -> Wallet:
    """A member who obtained the previous epoch's quota: that key is trusted."""
    pins = wallet.issuer_pins(issuer_url)
    [pin] = key_trust.record(pins, [privacypass.IssuerKey(spki(keys["previous"]), PREVIOUS)])
    pin.trusted_at = utcnow()
    wallet.save()
    return wallet


def honest_member_posts(tmp_path, stub: StubIssuer, forum_url: str, name: str) -> None:
    wallet = new_wallet(tmp_path, name)
    forum = ApiClient(forum_url, local=True)
    forum_challenge.refresh(wallet, forum)
    issuer = ApiClient(stub.view_url("/honest"), local=True)
    tokens.obtain_tokens(wallet, issuer, origin(forum_url), 1)
    chosen = pseudonyms.choose_token(wallet)
    pseudonym = pseudonyms.register_new(wallet, forum, origin(forum_url), chosen, name).pseudonym
    pseudonym.session_token = pseudonyms.open_session(forum, origin(forum_url), pseudonym)
    cleared = phi_check.clear("case.create", CASE, lambda _finding: False)
    Forum(wallet, forum, origin(forum_url), pseudonym).submit("case.create", cleared)


@pytest.fixture
def others_posted(tmp_path, stub, forum_url) -> None:
    for name in ("ana", "ben"):
        honest_member_posts(tmp_path, stub, forum_url, name)


def obtain(wallet: Wallet, stub: StubIssuer, view: str, forum_url: str, **options):
    issuer = ApiClient(stub.view_url(view), local=True)
    return tokens.obtain_tokens(wallet, issuer, origin(forum_url), 1, **options)


def test_an_ordinary_member_trusts_the_new_key_that_other_members_use(
    tmp_path, stub, forum_url, keys, others_posted
):
    member = from_last_epoch(new_wallet(tmp_path, "member"), stub.view_url("/honest"), keys)
    forum_challenge.refresh(member, ApiClient(forum_url, local=True))
    result = obtain(member, stub, "/honest", forum_url)  # no --accept-new-key
    assert result.obtained == 1
    assert [pin.spki for pin in result.newly_pinned] == [spki(keys["current"])]
    assert "2 token(s) of this epoch" in result.notes[0]


def test_a_tagged_member_refuses_a_key_the_forum_does_not_have_in_force(
    tmp_path, stub, forum_url, keys, others_posted
):
    tagged = from_last_epoch(new_wallet(tmp_path, "tagged"), stub.view_url("/tagged"), keys)
    forum_challenge.refresh(tagged, ApiClient(forum_url, local=True))
    with pytest.raises(KeyInconsistency, match="disagree"):
        obtain(tagged, stub, "/tagged", forum_url)
    assert "/tagged/token-request" not in stub.token_requests()
    assert tagged.tokens() == []


def test_a_tagged_member_whose_forum_document_names_the_tagging_key_refuses_it(
    tmp_path, stub, forum_url, keys, others_posted
):
    # The forum shows this member a document naming the tagging key; its sample of
    # registrations is the real one, where other members' tokens are under the real key.
    honest = requests.get(forum_url + forum_challenge.PATH, timeout=5).json()
    tampered = {**honest, "token_keys": [entry(keys["tagging"], CURRENT)]}
    stub.routes["/view" + forum_challenge.PATH] = lambda: (
        200,
        "application/json",
        json.dumps(tampered).encode(),
    )

    def real_sample():
        answer = requests.get(forum_url + "/api/v1/registrations/sample", timeout=5)
        return answer.status_code, "application/json", answer.content

    stub.routes["/view/api/v1/registrations/sample"] = real_sample
    tagged = from_last_epoch(new_wallet(tmp_path, "tagged"), stub.view_url("/tagged"), keys)
    forum_challenge.refresh(tagged, ApiClient(stub.view_url("/view"), local=True))
    with pytest.raises(KeyInconsistency) as refused:
        obtain(tagged, stub, "/tagged", forum_url)
    message = str(refused.value)
    assert key_id_text(spki(keys["tagging"])) in message
    assert key_id_text(spki(keys["current"])) in message
    assert "--accept-new-key" not in message
    assert "/tagged/token-request" not in stub.token_requests()
    assert tagged.tokens() == []


def test_a_tagged_token_is_not_redeemed(tmp_path, stub, forum_url, keys, others_posted):
    # Trusted without the comparison (as on an empty sample at an epoch's start):
    # the registration-time check still sees other members under another key.
    tagged = new_wallet(tmp_path, "tagged")
    forum_challenge.refresh(tagged, ApiClient(forum_url, local=True))
    tagged.timing.forum_challenge.token_keys = [spki(keys["tagging"])]
    obtain(tagged, stub, "/tagged", forum_url, accept_new_key=True)
    chosen = pseudonyms.choose_token(tagged)
    forum = ApiClient(forum_url, local=True)
    with pytest.raises(KeyInconsistency, match="appears to be tagged"):
        pseudonyms.register_new(tagged, forum, origin(forum_url), chosen, "tagged")
    assert [t.token for t in tagged.tokens()] == [chosen.token]
    assert tagged.pseudonyms() == []


def entry(key, not_before: int) -> dict:
    spki_der = spki(key)
    return {
        "token_key": base64url.encode(spki_der, padded=False),
        "token_key_id": hashlib.sha256(spki_der).hexdigest(),
        "not_before": not_before,
    }


@pytest.mark.parametrize("seen_before", [False, True], ids=["first-sight", "pinned-date"])
def test_a_key_dated_differently_for_one_member_is_refused(
    tmp_path, stub, forum_url, keys, seen_before
):
    stub.views["/redated"] = View([(keys["current"], CURRENT - DAY)])
    member = from_last_epoch(new_wallet(tmp_path, "member"), stub.view_url("/redated"), keys)
    if seen_before:  # listed, with its real date, as the next key during the last epoch
        pins = member.issuer_pins(stub.view_url("/redated"))
        key_trust.record(pins, [privacypass.IssuerKey(spki(keys["current"]), CURRENT)])
    forum_challenge.refresh(member, ApiClient(forum_url, local=True))
    with pytest.raises(KeyInconsistency, match="pinned it with" if seen_before else "disagree"):
        obtain(member, stub, "/redated", forum_url)
    assert stub.token_requests() == []


def test_a_directory_with_two_keys_in_force_is_refused(tmp_path, stub, forum_url, keys):
    stub.views["/both"] = View([(keys["previous"], PREVIOUS), (keys["current"], CURRENT)])
    member = new_wallet(tmp_path, "member")
    forum_challenge.refresh(member, ApiClient(forum_url, local=True))
    with pytest.raises(KeyInconsistency, match="several keys in force"):
        obtain(member, stub, "/both", forum_url, accept_new_key=True)
    assert stub.token_requests() == []


def test_the_membership_secret_is_not_sent_to_another_origin(tmp_path, stub, forum_url, keys):
    elsewhere = StubIssuer()
    try:
        uri = elsewhere.url + "/token-request"
        stub.views["/away"] = View([(keys["current"], CURRENT)], request_uri=uri)
        member = new_wallet(tmp_path, "member")
        forum_challenge.refresh(member, ApiClient(forum_url, local=True))
        with pytest.raises(KeyInconsistency, match="another origin"):
            obtain(member, stub, "/away", forum_url, accept_new_key=True)
        assert elsewhere.requests == [] and stub.token_requests() == []
    finally:
        elsewhere.close()


@pytest.mark.parametrize(
    ("directory", "request_uri"),
    [
        ("http://issuer.example/d", "http://issuer.example/token-request"),
        ("https://issuer.example/d", "http://issuer.example/token-request"),
        ("https://issuer.example/d", "https://issuer.example:8443/token-request"),
        ("https://issuer.example/d", "https://other.example/token-request"),
    ],
    ids=["plain-http", "downgraded", "other-port", "other-host"],
)
def test_a_request_uri_off_origin_or_in_the_clear_is_refused(directory, request_uri):
    with pytest.raises(KeyInconsistency):
        key_trust.check_request_uri(directory, request_uri)


@pytest.mark.parametrize(
    ("directory", "request_uri"),
    [
        ("https://issuer.example/d", "https://issuer.example:443/token-request"),
        ("http://127.0.0.1:8000/d", "http://127.0.0.1:8000/token-request"),
        ("http://localhost:8000/d", "http://localhost:8000/token-request"),
    ],
)
def test_a_request_uri_on_the_directorys_origin_is_accepted(directory, request_uri):
    key_trust.check_request_uri(directory, request_uri)
