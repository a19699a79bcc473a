"""A physician driving the ``casecrowd`` client verbs through click's runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from casecrowd.cli import cli
from casecrowd.client.wallet import KdfLimits, Wallet
from casecrowd.desk import review
from tests.desk.support import application_data
from tests.issuer.support import verifier_account

FAST = KdfLimits.minimum()
PASSPHRASE = "a passphrase used by tests only"
CASE_MARKDOWN = """\
# Recurrent fevers with a migratory rash

Age: 34
Sex: female
Tags: rheumatology, infectious-disease

## Presentation
Three months of evening fevers, arthralgia and a salmon-pink rash.

## History
No travel. No new medications.

## Examination
Splenomegaly, evanescent rash on the trunk.

## Investigations
Ferritin 12000 ng/mL, leukocytosis, negative ANA.

## Question
What else should be excluded before treating?
"""


class Physician:
    """One wallet (cheap Argon2id) and the environment a physician's shell would have."""

    def __init__(self, folder: Path, server_url: str, name: str = "physician") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.wallet_path = folder / f"{name}.wallet"
        self.server_url = server_url
        Wallet.create(self.wallet_path, PASSPHRASE, limits=FAST)
        self.runner = CliRunner()
        self.details = application_data()

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "CASECROWD_WALLET": str(self.wallet_path),
            "CASECROWD_PASSPHRASE": PASSPHRASE,
            "CASECROWD_SERVER": self.server_url,
            **extra,
        }

    def run(self, *args: Any, input: str | None = None, **env: str) -> Result:
        return self.runner.invoke(
            cli,
            [str(arg) for arg in args],
            input=input,
            env=self.env(**env),
            catch_exceptions=False,
        )

    def json(self, *args: Any, expect: int = 0, **env: str) -> Any:
        """Run with --json; check the exit code; return the JSON document on stdout."""
        result = self.run(*args, "--json", **env)
        assert result.exit_code == expect, (result.exit_code, result.stdout, result.stderr)
        return json.loads(result.stdout)

    def wallet(self) -> Wallet:
        return Wallet.open(self.wallet_path, PASSPHRASE)

    def apply(self) -> dict[str, Any]:
        args = ["apply"]
        for name, value in self.details.items():
            args += ["--" + name.replace("_", "-"), value]
        return self.json(*args)

    def write_case(self, text: str = CASE_MARKDOWN, name: str = "case.md") -> Path:
        path = self.folder / name
        path.write_text(text)
        return path


def approve(app: Any, application_id: int) -> None:
    """The desk's decision, taken through its service (the journey test uses HTTP)."""
    with app.app_context():
        review.decide(application_id, "approve", verifier_account(), None)


def registered_member(
    server: Any, folder: Path, name: str = "physician", label: str | None = None
) -> Physician:
    """A physician approved by the desk, holding tokens and one registered pseudonym."""
    physician = Physician(folder / name, server.url, name)
    approve(server.app, physician.apply()["application_id"])
    physician.json("tokens", "fetch")
    physician.json("pseudonym", "new", *(("--label", label) if label else ()), "--now")
    return physician
