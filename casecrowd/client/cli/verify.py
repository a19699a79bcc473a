"""``casecrowd verify ID|FILE``: check a post's proof chain offline, step by step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from rich.text import Text

from casecrowd.client import verify
from casecrowd.client.cli.context import ClientContext, client_command, usage
from casecrowd.client.cli.crowd_verify import verify_crowd
from casecrowd.client.cli.forum_read import as_option
from casecrowd.client.cli.polls import verify_poll
from casecrowd.client.errors import ExitCode
from casecrowd.client.http import ApiClient


def _trusted_for(context: ClientContext, directory: str | None) -> Callable[[str], list[bytes]]:
    """The issuer keys to trust for proofs naming an issuer: pinned ones, or the directory's."""
    if directory is None:
        wallet = context.wallet()
        return lambda name: verify.pinned_keys(wallet, name)
    keys, _source = _trusted_keys(context, directory, "")
    return lambda _name: keys


def _trusted_keys(
    context: ClientContext, directory: str | None, issuer_name: str
) -> tuple[list[bytes], str]:
    if directory is None:
        keys = verify.pinned_keys(context.wallet(), issuer_name)
        return keys, f"{len(keys)} issuer key(s) pinned in your wallet for {issuer_name}"
    if directory.startswith(("http://", "https://")):
        api = ApiClient(directory)
        try:
            document = api.get_json("")
        finally:
            api.close()
    else:
        document = verify.read_json_file(Path(directory))
    keys = verify.keys_from_directory(document)
    return keys, f"{len(keys)} issuer key(s) from the directory {directory}"


@client_command(name="verify")
@as_option
@click.argument("proof", required=False)
@click.option(
    "--directory",
    metavar="FILE|URL",
    help="Trust the keys of this issuer directory instead of the ones pinned in the wallet.",
)
@click.option("--origin", help="The forum origin the post must be signed for (default: its own).")
@click.option("--issuer-name", help="The issuer the tokens must come from (default: its own).")
@click.option(
    "--crowd",
    "crowd_case",
    type=click.IntRange(min=1),
    metavar="CASE_ID",
    help="Recompute the crowd differential of CASE_ID from its signed answers and votes.",
)
@click.option(
    "--poll",
    "poll_id",
    type=click.IntRange(min=1),
    metavar="POLL_ID",
    help="Recount the tally of poll POLL_ID from its signed votes.",
)
def verify_command(
    context: ClientContext,
    as_label: str | None,
    proof: str | None,
    directory: str | None,
    origin: str | None,
    issuer_name: str | None,
    crowd_case: int | None,
    poll_id: int | None,
) -> None:
    """Verify PROOF (a proof id at the forum, or a saved proof JSON file) offline.

    The chain: the post is signed by the author's key, for this forum; the key was
    registered with a Privacy Pass token that an issuer key you trust signed. The
    proof's own copy of the issuer keys is never trusted.

    A post whose text moderation removed (a PHI purge) has no text to check: that
    step says so and names the mod-log entry, the registration is checked as ever,
    and the exit status is 0 when all that is left verifies.

    With --crowd CASE_ID, every answer and vote of the case is verified instead,
    and the crowd differential pooled from them is compared with the forum's.

    With --poll POLL_ID, the poll's signed votes are verified and recounted, the
    latest per pseudonym counting, and the tally is compared with the forum's.
    """
    if poll_id is not None:
        if proof is not None or crowd_case is not None:
            raise usage("give --poll POLL_ID alone, without PROOF or --crowd")
        verify_poll(context, as_label, poll_id, _trusted_for(context, directory))
        return
    if crowd_case is not None:
        if proof is not None:
            raise usage("give PROOF or --crowd CASE_ID, not both")
        verify_crowd(context, as_label, crowd_case, _trusted_for(context, directory))
        return
    if proof is None:
        raise usage("give PROOF (a proof id or a saved proof file), or --crowd CASE_ID")
    path = Path(proof)
    if path.is_file():
        document = verify.read_json_file(path)
    elif proof.isdigit():
        document = context.forum(as_label).proof(int(proof))
    else:
        raise click.BadParameter("neither a proof id nor a file", param_hint="PROOF")
    name = issuer_name or str(document.get("issuer_name") or "")
    trusted, source = _trusted_keys(context, directory, name)
    result = verify.verify(document, trusted, origin=origin, issuer_name=issuer_name)
    context.out.data({**result.as_json(), "proof_id": document.get("proof_id")})
    out = context.out
    out.say(Text(f"Proof {document.get('proof_id', path)}: {document.get('kind')}", style="bold"))
    out.note(f"Trusting {source}.")
    for step in result.steps:
        if step.ok:
            mark = Text("  ✓ ", style="green")
        elif step.redacted:
            mark = Text("  – ", style="cyan")
        elif step.warning:
            mark = Text("  ! ", style="yellow")
        else:
            mark = Text("  ✗ ", style="bold red")
        mark.append(f"{step.name}: ", style="bold")
        mark.append(
            step.explanation + (" (a warning: one good token suffices)" if step.warning else "")
        )
        out.say(mark)
        if verify.meaning(step):
            out.note(f"      {verify.meaning(step)}")
    _show_signed(context, result)
    if result.valid and result.removed is not None:
        out.success(
            "Valid as far as it goes: the author's key is a verified physician's pseudonym;"
            f" {result.removed}, so what was signed cannot be checked."
        )
        return
    if result.valid:
        out.success(
            "Valid: a verified physician's pseudonym signed this; nothing in it says which one."
        )
        return
    out.error("the proof does not verify")
    raise click.exceptions.Exit(int(ExitCode.VERIFICATION))


def _show_signed(context: ClientContext, result: verify.Verification) -> None:
    """Only what the signature covers, and the handle anyone recomputes from the key."""
    out = context.out
    if result.author_handle is not None:
        out.say(Text(f"Author (recomputed from the key): {result.author_handle}", style="bold"))
    if result.signed is None and result.removed is not None:
        out.say(f"No text is shown: {result.removed}.")
        return
    if result.signed is None:
        out.warn("Nothing of this proof is shown: its envelope does not check.")
        return
    out.say(Text("Signed text:", style="bold"))
    out.fields(verify.signed_members(result.signed))
