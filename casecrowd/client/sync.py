"""One scheduled run of the client: what ``casecrowd sync`` does, and when it is due.

A run does at most one thing that a server records with a time:

1. obtain the epoch's quota, if it is due — at once after approval, and afterwards
   at this wallet's own moment of each epoch (casecrowd.client.schedule);
2. otherwise register one queued pseudonym whose token's time has come;
3. otherwise refresh the forum's token-challenge parameters when they are old.

One action per run because actions that fall together pair: a registration in the
same minute as a token request would tie the pseudonym to the membership, two
registrations together would tie two pseudonyms to each other. Checking the
application's status at the desk comes first and pairs nothing: the desk knows
who the physician is anyway, and learns nothing about tokens or pseudonyms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from casecrowd.client import forum_challenge, key_trust, membership, pseudonyms, schedule, tokens
from casecrowd.client.http import ApiClient, ServerProblem
from casecrowd.client.wallet import Wallet
from casecrowd.clock import utcnow
from casecrowd.crypto.envelope import issuer_name_of
from casecrowd.crypto.keys import token_key_id

APPROVED = "approved"


@dataclass(frozen=True)
class Servers:
    desk: ApiClient
    issuer: ApiClient
    forum: ApiClient
    origin: str


@dataclass
class RunReport:
    status: str | None = None
    fetched: tokens.FetchResult | None = None
    registered: pseudonyms.Registration | None = None
    refreshed_forum: bool = False
    next_fetch: datetime | None = None
    asked_issuer: bool = False  # a token request went out, answered or refused


def epoch_seconds(wallet: Wallet, issuer_name: str) -> int:
    """The issuer's epoch length, learnt from the keys pinned for it (key_trust.epoch_seconds)."""
    return key_trust.epoch_seconds(wallet.pinned_keys(issuer_name))


def fetch_time(wallet: Wallet, issuer_name: str, key_not_before: int | None) -> datetime | None:
    """When this wallet obtains the quota of the epoch that ``key_not_before`` starts.

    None for the first quota of a membership: that one is obtained at approval.
    """
    if not wallet.timing.batches:
        return None
    length = epoch_seconds(wallet, issuer_name)
    start = key_not_before or 0
    return schedule.scheduled_fetch_time(wallet.timing.salt, start // length, length)


def quota_due(wallet: Wallet, directory: tokens.IssuerDirectory, issuer_name: str, now: datetime):
    """(due, moment): whether the current key's quota should be obtained now, and when."""
    key = directory.current_key(now.timestamp())
    if token_key_id(key.spki) in wallet.timing.batches:
        return False, None
    moment = fetch_time(wallet, issuer_name, key.not_before)
    return moment is None or moment <= now, moment


def run_once(
    wallet: Wallet, servers: Servers, *, now: datetime | None = None, accept_new_key: bool = False
) -> RunReport:
    now = now or utcnow()
    report = RunReport()
    if wallet.membership is None:
        return report
    report.status = membership.status(servers.desk, wallet).get("status")
    if report.status == APPROVED:
        obtain_if_due(wallet, servers, report, now=now, accept_new_key=accept_new_key)
        if report.asked_issuer:
            return report
    report.registered = pseudonyms.register_due(wallet, servers.forum, servers.origin, now)
    if report.registered is None and forum_challenge.is_stale(wallet):
        forum_challenge.refresh(wallet, servers.forum)
        report.refreshed_forum = True
    return report


def obtain_if_due(
    wallet: Wallet,
    servers: Servers,
    report: RunReport,
    *,
    now: datetime | None = None,
    accept_new_key: bool = False,
) -> None:
    """Obtain the current epoch's quota into ``report.fetched`` if the schedule says so.

    Needs the forum's parameters in the wallet (fetched at apply time, with their dates);
    without them nothing is obtained now, and the run fetches them instead.
    """
    if not forum_challenge.is_usable(wallet):
        return
    now = now or utcnow()
    issuer_name = issuer_name_of(servers.issuer.url)
    directory = tokens.fetch_directory(servers.issuer)
    due, report.next_fetch = quota_due(wallet, directory, issuer_name, now)
    if not due:
        return
    report.asked_issuer = True
    try:
        report.fetched = tokens.obtain_tokens(
            wallet, servers.issuer, servers.origin, accept_new_key=accept_new_key
        )
    except ServerProblem as problem:
        if problem.code != tokens.QUOTA_SPENT:
            raise
        # Obtained already (another copy of this wallet): nothing to do this epoch.
        key = directory.current_key(now.timestamp())
        wallet.timing.batches.append(token_key_id(key.spki))
        wallet.save()


def next_due(wallet: Wallet, report: RunReport) -> datetime | None:
    """The next moment a run has something to do (a queued registration or a quota)."""
    moments = [t.ready_at for t in pseudonyms.queued_tokens(wallet) if t.ready_at is not None]
    if report.next_fetch is not None:
        moments.append(report.next_fetch)
    return min(moments, default=None)


def as_utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
