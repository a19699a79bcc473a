"""The client verbs of ``casecrowd``, added to the one command by :mod:`casecrowd.cli`."""

from __future__ import annotations

import click

from casecrowd.client.cli.account import apply_command, status_command
from casecrowd.client.cli.crowd import dx_command, outcome_command, stats_command
from casecrowd.client.cli.demo import demo_command
from casecrowd.client.cli.forum_read import case_group, cases_group
from casecrowd.client.cli.forum_write import (
    accept_command,
    answer_command,
    comment_command,
    edit_group,
    vote_command,
)
from casecrowd.client.cli.inbox import inbox_command
from casecrowd.client.cli.lounge import lounge_group
from casecrowd.client.cli.moderation import appeal_command, flag_command
from casecrowd.client.cli.modlog import modlog_group
from casecrowd.client.cli.polls import poll_group
from casecrowd.client.cli.support import support_command
from casecrowd.client.cli.sync import sync_command
from casecrowd.client.cli.tokens import pseudonym_group, tokens_group
from casecrowd.client.cli.verify import verify_command
from casecrowd.client.cli.wallet import wallet_group
from casecrowd.client.cli.withdraw import withdraw_command

COMMANDS: tuple[click.Command, ...] = (
    apply_command,
    status_command,
    sync_command,
    tokens_group,
    pseudonym_group,
    cases_group,
    case_group,
    lounge_group,
    answer_command,
    comment_command,
    vote_command,
    accept_command,
    outcome_command,
    dx_command,
    stats_command,
    edit_group,
    flag_command,
    appeal_command,
    inbox_command,
    withdraw_command,
    modlog_group,
    poll_group,
    verify_command,
    wallet_group,
    demo_command,
    support_command,
)
