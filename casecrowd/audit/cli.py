"""``casecrowd audit``: privacy audits that need no deployment (each builds a throwaway one)."""

from __future__ import annotations

import click

from casecrowd.audit.capture import Capture, run_capture
from casecrowd.audit.report import Options, render_linkage, render_times, run

DEFAULTS = Options()


def _member_counts(
    _context: click.Context, _parameter: click.Parameter, value: str
) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in value.split(","))
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a comma-separated list of whole numbers, e.g. 50,200,1000"
        ) from None
    if not counts or min(counts) < 1:
        raise click.BadParameter("every population needs at least 1 member")
    return counts


def _capture() -> Capture:
    click.echo("Capturing what a real run stores and logs...", err=True)
    return run_capture()


@click.group("audit")
def audit_group() -> None:
    """Privacy audits anyone can run, from a fresh clone (see docs/privacy-timing.md)."""


@audit_group.command("times")
def times_command() -> None:
    """Print, as markdown, every time the databases and logs keep and how finely.

    Runs one physician's journey (apply, approval, tokens, pseudonym, session, case)
    on a throwaway deployment, then reads every column of both databases and every
    server log line written.
    """
    click.echo(render_times(_capture()))


@audit_group.command("linkage")
@click.option(
    "--members",
    default=",".join(str(n) for n in DEFAULTS.members),
    show_default=True,
    callback=_member_counts,
    help="Population sizes to measure, comma-separated.",
)
@click.option(
    "--trials",
    type=click.IntRange(min=1),
    default=DEFAULTS.trials,
    help="Seeded trials per size (default: enough for 3000 measured pseudonyms).",
)
@click.option("--seed", type=int, default=DEFAULTS.seed, show_default=True)
@click.option(
    "--baseline", is_flag=True, help="Measure the old client instead (one token on demand)."
)
@click.option(
    "--new-fraction",
    type=click.FloatRange(0, 1),
    default=DEFAULTS.new_fraction,
    show_default=True,
    help="Share of members approved during the measured epoch.",
)
@click.option(
    "--pseudonyms-per-member",
    type=click.IntRange(min=1),
    default=DEFAULTS.pseudonyms_per_member,
    show_default=True,
    help="New pseudonyms each member wants when a batch of tokens arrives.",
)
def linkage_command(
    members: tuple[int, ...],
    trials: int | None,
    seed: int,
    baseline: bool,
    new_fraction: float,
    pseudonyms_per_member: int,
) -> None:
    """How often timing alone links a pseudonym to its membership, against chance.

    The last lines, one per size and adversary (nightly, then continuous), read
    `linkage N=<n> adversary=<name>: linked <fraction> chance <fraction>`.
    """
    options = Options(members, trials, seed, new_fraction, pseudonyms_per_member, baseline)
    capture = _capture()
    click.echo(render_linkage(run(options, capture), options))
