"""Key consistency (RFC 9576 §6.2) through the ``casecrowd`` verbs on one deployment.

The issuer's name is the host[:port] of the issuer URL the client uses, pinned with
it; the forum's document must name that issuer and have the same key in force. The
per-member attacks (keys, dates, request URIs) are in test_cross_member_check.py.
"""

from __future__ import annotations

import pytest

from casecrowd.client import forum_challenge
from casecrowd.client.http import ApiClient
from tests.client.support import Physician, approve


def issuer_name(url: str) -> str:
    return url.split("://", 1)[1]


def forum_parameters_from(physician: Physician, url: str) -> None:
    """What a scheduled run does at a quiet moment: fetch the forum's parameters."""
    wallet = physician.wallet()
    forum_challenge.refresh(wallet, ApiClient(url))


@pytest.fixture
def member(served, tmp_path):
    """An approved member whose wallet trusts the deployment's issuer key."""
    first = served({"paths": {"keys": str(tmp_path / "keys-first")}})
    physician = Physician(tmp_path / "member", first.url)
    approve(first.app, physician.apply()["application_id"])
    fetched = physician.json("tokens", "fetch", "-n", "1")
    assert fetched["obtained"] == 1
    physician.first_key = fetched["token_key_id"]
    physician.server = first
    return physician


def test_the_first_key_is_pinned_with_the_issuer_url_and_its_name(member):
    wallet = member.wallet()
    [pinned] = wallet.pinned_keys(issuer_name(member.server.url))
    assert pinned.trusted_at is not None
    assert wallet.issuer_pins(member.server.url).keys == [pinned]


def test_the_same_key_again_is_accepted_without_asking(member):
    again = member.json("tokens", "fetch", "-n", "1")
    assert again["newly_pinned"] == [] and again["token_key_id"] == member.first_key
    assert again["waiting"] == 2


def test_a_forum_naming_another_issuer_is_refused(member, served, tmp_path):
    # The same databases and membership; this forum names the issuer as it pleases.
    renamed = served(
        {
            "paths": {"keys": str(tmp_path / "keys-first")},
            "forum": {"issuer_name": "issuer.renamed.test"},
        }
    )
    forum_parameters_from(member, renamed.url)
    before = member.wallet().tokens()
    for extra in ((), ("--accept-new-key",)):
        refused = member.run("tokens", "fetch", "-n", "1", "--server", renamed.url, *extra)
        assert refused.exit_code == 5, refused.stderr
        assert "issuer.renamed.test" in refused.stderr
    assert member.wallet().tokens() == before  # nothing was requested or stored
    assert member.wallet().pinned_keys("issuer.renamed.test") == []


def test_a_forum_that_wants_another_key_than_the_issuer_shows_is_refused(member, served, tmp_path):
    # The issuer serves its own key, while the forum asks for tokens under the key of
    # the first deployment: the directory seen through the forum does not match.
    first_directory = tmp_path / "keys-first" / "issuer-directory.json"
    split = served(
        {
            "paths": {"keys": str(tmp_path / "keys-split")},
            "forum": {"issuer_directory": str(first_directory)},
        }
    )
    forum_parameters_from(member, split.url)
    before = member.wallet().tokens()
    for extra in ((), ("--accept-new-key",)):
        refused = member.run("tokens", "fetch", "--server", split.url, *extra)
        assert refused.exit_code == 5, refused.stderr
        assert "disagree" in refused.stderr
    assert member.wallet().tokens() == before
