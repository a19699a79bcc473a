"""Key consistency (RFC 9576 §6.2): pinned issuer keys, and the forum's view of them."""

from __future__ import annotations

import pytest

from casecrowd.client import forum_challenge
from casecrowd.client.http import ApiClient
from tests.client.support import Physician, approve

# Every server here is the same deployment: one issuer name, whatever port it runs on.
ISSUER = "issuer.casecrowd.test"


def deployment(tmp_path, keys: str, **forum: str) -> dict:
    return {"paths": {"keys": str(tmp_path / keys)}, "forum": {"issuer_name": ISSUER, **forum}}


def forum_parameters_from(physician: Physician, url: str) -> None:
    """What a scheduled run does at a quiet moment: fetch the forum's parameters."""
    wallet = physician.wallet()
    forum_challenge.refresh(wallet, ApiClient(url))


@pytest.fixture
def member(served, tmp_path):
    """An approved member whose wallet pinned the first server's issuer key."""
    first = served(deployment(tmp_path, "keys-first"))
    physician = Physician(tmp_path / "member", first.url)
    approve(first.app, physician.apply()["application_id"])
    fetched = physician.json("tokens", "fetch", "-n", "1")
    assert fetched["obtained"] == 1
    physician.first_key = fetched["token_key_id"]
    return physician


def test_the_same_key_again_is_accepted_without_asking(member):
    again = member.json("tokens", "fetch", "-n", "1")
    assert again["newly_pinned"] == [] and again["token_key_id"] == member.first_key
    assert again["waiting"] == 2


def test_a_different_key_is_refused_until_accepted_explicitly(member, served, tmp_path):
    # The same deployment (same databases, same membership) restarted on other keys.
    rotated = served(deployment(tmp_path, "keys-second"))
    forum_parameters_from(member, rotated.url)
    before = member.wallet().tokens()

    refused = member.run("tokens", "fetch", "--server", rotated.url)
    assert refused.exit_code == 5, refused.stderr
    assert "not seen before" in refused.stderr and "--accept-new-key" in refused.stderr
    assert member.wallet().tokens() == before  # nothing was requested or stored
    assert len(member.wallet().pinned_keys(ISSUER)) == 1

    accepted = member.json(
        "tokens", "fetch", "-n", "1", "--server", rotated.url, "--accept-new-key"
    )
    assert accepted["obtained"] == 1
    assert accepted["newly_pinned"] == [accepted["token_key_id"]]
    assert accepted["token_key_id"] != member.first_key
    assert len(member.wallet().pinned_keys(ISSUER)) == 2

    # Once pinned, the new key needs no flag; the old one stays pinned too.
    assert member.json("tokens", "fetch", "-n", "1", "--server", rotated.url)["newly_pinned"] == []


def test_a_forum_that_wants_another_key_than_the_issuer_shows_is_refused(member, served, tmp_path):
    # The issuer serves its own key, while the forum asks for tokens under the key of
    # the first deployment: the directory seen through the forum does not match.
    first_directory = tmp_path / "keys-first" / "issuer-directory.json"
    split = served(deployment(tmp_path, "keys-split", issuer_directory=str(first_directory)))
    forum_parameters_from(member, split.url)
    before = member.wallet().tokens()
    for extra in ((), ("--accept-new-key",)):
        refused = member.run("tokens", "fetch", "--server", split.url, *extra)
        assert refused.exit_code == 5, refused.stderr
        assert "not among the keys the forum accepts" in refused.stderr
    assert member.wallet().tokens() == before
    assert len(member.wallet().pinned_keys(ISSUER)) == 1
