"""``casecrowd demo``: one physician's whole journey against a server in this process.

Every physician's step goes over HTTP through the client library, exactly as the
``casecrowd`` verbs do; the verifier decides on the server host, as ``casecrowd desk
approve`` does. Each step says what each party learned and what it could not learn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.text import Text

from casecrowd.client import forum_challenge, membership, phi_check, pseudonyms, tokens, verify
from casecrowd.client.embedded import EmbeddedServer
from casecrowd.client.forum import Forum
from casecrowd.client.http import ApiClient
from casecrowd.client.output import Output
from casecrowd.client.schedule import DELAY_RANGE_TEXT
from casecrowd.client.settings import Endpoints
from casecrowd.client.wallet import KdfLimits, Pseudonym, Wallet

AUTHOR = {
    "legal_name": "Ada Quinn",
    "licence_number": "MD-204518",
    "jurisdiction": "US-NY",
    "npi": "1234567893",
    "specialty": "internal-medicine",
    "email": "ada.quinn@example.org",
}
PEER = {
    "legal_name": "Ben Okafor",
    "licence_number": "A-77310",
    "jurisdiction": "US-CA",
    "npi": "9876543213",
    "specialty": "internal-medicine",
    "email": "ben.okafor@example.org",
}
DRAFT_HISTORY = "Seen by Dr. Whitfield at Mercy Hospital on 03/14/2025; MRN 00482913."
CASE = {
    "title": "Recurrent fevers with a migratory rash",
    "age": 34,
    "sex": "female",
    "tags": ["rheumatology", "infectious-disease"],
    "presentation": "Three months of evening fevers, arthralgia and a salmon-pink rash.",
    "history": "No travel. No new medications.",
    "examination": "Splenomegaly, evanescent rash on the trunk.",
    "investigations": "Ferritin 12000 ng/mL, leukocytosis, negative ANA.",
    "question": "What else should be excluded before treating?",
}
ANSWER = {
    "body": "Adult-onset Still's disease fits; exclude lymphoma and infection first.",
    "differential": [
        {"diagnosis": "Adult-onset Still's disease", "note": "Yamaguchi criteria"},
        {"diagnosis": "Lymphoma", "note": "PET-CT, node biopsy"},
    ],
}
STEPS = (
    "Start a deployment",
    "Apply at the verification desk",
    "A verifier approves",
    "Obtain the epoch's tokens from the issuer",
    "Ask for a pseudonym (it waits for its token's time)",
    "Post a case (the PHI guard first)",
    "A peer answers",
    "Vote",
    "Accept the answer",
    "Verify the proof offline",
)

SUMMARY = (
    (
        "Verification desk",
        "names, licences, NPIs, emails; who is approved",
        "pseudonyms, tokens, posts",
    ),
    (
        "Issuer",
        "how many tokens each membership took per epoch",
        "which token it signed, for which key",
    ),
    (
        "Forum",
        "pseudonyms, their tokens, cases, answers, votes",
        "names, memberships, when a token was issued",
    ),
    ("Each physician's wallet", "everything about its owner, encrypted", "anyone else's"),
)


@dataclass
class Physician:
    name: str
    wallet: Wallet
    application_id: int = 0
    forum: Forum | None = field(default=None, repr=False)


class Demo:
    def __init__(self, out: Output, folder: Path) -> None:
        self.out, self.folder = out, Path(folder)
        self.step = 0

    # -- narration ----------------------------------------------------------------------

    def begin(self) -> None:
        self.step += 1
        self.out.console.rule(Text(f"{self.step}. {STEPS[self.step - 1]}", style="bold cyan"))

    def learned(self, party: str, learned: str, not_learned: str) -> None:
        line = Text(f"  {party} learned: ", style="bold")
        line.append(learned)
        self.out.say(line)
        line = Text(f"  {party} could not learn: ", style="bold")
        line.append(not_learned)
        self.out.say(line)

    # -- the journey --------------------------------------------------------------------

    def run(self) -> None:
        self.begin()
        with EmbeddedServer(self.folder / "server") as server:
            self.out.say(f"Desk, issuer and forum at {server.url}; data in {self.folder}.")
            self.endpoints = Endpoints.single(server.url)
            self.apis = {
                role: ApiClient(url, local=True)
                for role, url in self.endpoints.as_servers().items()
            }
            try:
                self._journey(server)
            finally:
                for api in self.apis.values():
                    api.close()
        self.out.console.rule(Text("Done", style="bold green"))
        self.out.table(("party", "knows", "cannot tell"), SUMMARY, "Who knows what")
        self.out.say(
            "Each party held one piece: the desk a name, the issuer a count, the forum a"
            " pseudonym. Only the physician's own wallet holds them together."
        )

    def _physician(self, name: str, fields: dict[str, str]) -> Physician:
        wallet = Wallet.create(
            self.folder / f"{name.split()[-1].lower()}.wallet",
            "demo passphrase",
            limits=KdfLimits.minimum(),  # the demo's wallets protect nothing real
        )
        wallet.servers.update(self.endpoints.as_servers())
        physician = Physician(name, wallet)
        application = membership.apply(self.apis["desk"], wallet, fields)
        physician.application_id = application.application_id
        # As `casecrowd apply` does: now, so that obtaining tokens later is silent.
        forum_challenge.refresh(wallet, self.apis["forum"])
        return physician

    def _approve(self, server: EmbeddedServer, physicians: list[Physician]) -> None:
        server.add_staff("vera", "verifier")
        self.out.say(f"Verifier vera sees {len(server.pending())} pending application(s).")
        for physician in physicians:
            # On the server host, as `casecrowd desk approve ID --verifier vera` does.
            server.approve(physician.application_id, "vera")
            self.out.say(f"Approved application {physician.application_id} ({physician.name}).")

    def _register_now(self, physician: Physician, label: str | None) -> pseudonyms.Registration:
        """What `casecrowd pseudonym new --now` does: the demo cannot wait days."""
        chosen = pseudonyms.choose_token(physician.wallet)
        return pseudonyms.register_new(
            physician.wallet, self.apis["forum"], self.endpoints.origin, chosen, label
        )

    def _join_forum(self, physician: Physician) -> Forum:
        result = tokens.obtain_tokens(physician.wallet, self.apis["issuer"], self.endpoints.origin)
        registered = self._register_now(physician, None)
        self.out.note(f"{physician.name} pinned issuer key {tokens.key_id_text(result.key.spki)}.")
        physician.forum = self._forum(physician, registered.pseudonym)
        return physician.forum

    def _forum(self, physician: Physician, pseudonym: Pseudonym) -> Forum:
        return Forum(physician.wallet, self.apis["forum"], self.endpoints.origin, pseudonym)

    @staticmethod
    def _post(forum: Forum, kind: str, members: dict) -> dict:
        # Nothing low-confidence is acknowledged: the demo's texts must pass as written.
        return forum.submit(kind, phi_check.clear(kind, members, lambda _finding: False))

    def _journey(self, server: EmbeddedServer) -> None:
        self.begin()
        ada = self._physician("Dr. Ada Quinn", AUTHOR)
        self.out.say(f"Ada applies; her membership secret goes into {ada.wallet.path}.")
        self.learned(
            "The desk",
            "Ada's legal name, licence, NPI, specialty and email",
            "anything she will post: she has no pseudonym, and the desk never sees one",
        )

        self.begin()
        ben = self._physician("Dr. Ben Okafor", PEER)
        self.out.note("(A second physician, Ben, applied too; he will answer Ada's case.)")
        self._approve(server, [ada, ben])
        state = membership.status(self.apis["desk"], ada.wallet)
        self.out.say(f"Ada's client checks her status: {state['status']}.")
        self.learned(
            "The verifier", "who Ada is and that her credentials hold", "what she will write"
        )

        self.begin()
        result = tokens.obtain_tokens(ada.wallet, self.apis["issuer"], self.endpoints.origin)
        key = tokens.key_id_text(result.key.spki)
        self.out.say(
            f"On approval Ada's client obtained her whole quota, {result.obtained} tokens, in"
            f" one batch under issuer key {key}: it pinned the key, checked it against the"
            " forum's published parameters (fetched when she applied, so the forum was not"
            " contacted now), blinded each request and unblinded each answer."
        )
        self.learned(
            "The issuer",
            f"membership {ada.application_id} took {result.obtained} tokens in this epoch",
            "the tokens themselves (it signed blinded messages) or the key pairs they are for",
        )

        self.begin()
        chosen = pseudonyms.choose_token(ada.wallet)
        delay = chosen.wait()
        self.out.say(
            f"Ada asks for a pseudonym. Her client queues it: it would register in"
            f" {delay.days} days {delay.seconds // 3600} h, at its token's own moment"
            f" (each token's is drawn {DELAY_RANGE_TEXT} after issuance)."
        )
        self.out.say(
            "Why: a pseudonym that appears right after a membership obtained tokens could be"
            " paired with that membership by time, by anyone holding both records."
        )
        self.out.note("The demo cannot wait days: it registers now, as `--now` would.")
        registered = self._register_now(ada, "ada-cardiac")
        ada.forum = self._forum(ada, registered.pseudonym)
        self.out.say(f"Ada is now {registered.pseudonym.handle} at the forum.")
        self.learned(
            "The forum",
            f"a valid token and a new public key, now the pseudonym {registered.pseudonym.handle}",
            "which member obtained the token, or Ada's name",
        )

        self.begin()
        draft = {**CASE, "history": DRAFT_HISTORY}
        found = phi_check.find(phi_check.screened_texts("case.create", draft))
        self.out.say(
            f"Ada's first draft: the client finds {len(found)} identifier(s), sends nothing:"
        )
        for item in found:
            suggestion = item.finding.suggestion or "remove it"
            self.out.say(
                f"  - {item.field}: {item.excerpt!r} ({item.finding.category_name}) -> {suggestion}"
            )
        case = self._post(ada.forum, "case.create", CASE)
        self.out.say(f"The rewritten case passes: case {case['case_id']}, signed by Ada's key.")
        self.learned(
            "The forum",
            f"the de-identified case and that pseudonym {registered.pseudonym.handle} wrote it",
            "the patient's identity (never sent) or Ada's",
        )

        self.begin()
        ben_forum = self._join_forum(ben)
        members = {"case_id": case["case_id"], **ANSWER}
        answer = self._post(ben_forum, "answer.create", members)
        self.out.say(
            f"Ben's client obtained his quota, registered {ben_forum.pseudonym.handle} (the demo"
            f" skips his wait too) and answered"
            f" (answer {answer['answer_id']}) with a ranked differential."
        )
        self.learned("The forum", "a second pseudonym's answer", "that it is Ben, or who Ben knows")

        self.begin()
        vote = ada.forum.vote("answer", answer["answer_id"], 1)
        self.out.say(f"Ada votes the answer up (a signed vote, proof {vote['proof_id']}).")
        self.learned("Every member", "the score and the signed vote behind it", "who cast the vote")

        self.begin()
        ada.forum.accept(answer["answer_id"])
        shown = ada.forum.case(case["case_id"])
        score = shown["answers"][0]["score"]
        self.out.say(f"The case is {shown['status']}; the accepted answer has score {score}.")
        self.learned(
            "The forum",
            "that the case's author accepted Ben's answer (a signed acceptance)",
            "who either of them is",
        )

        self.begin()
        proof = ada.forum.proof(answer["proof_id"])
        trusted = verify.pinned_keys(ada.wallet, proof["issuer_name"])
        checked = verify.verify(proof, trusted, origin=self.endpoints.origin)
        for step in checked.steps:
            mark = "✓" if step.ok else "✗"
            self.out.say(f"  {mark} {step.name}: {step.explanation}")
        if not checked.valid:
            raise RuntimeError("the demo's own proof did not verify")
        self.learned(
            "Any reader",
            "a verified physician's pseudonym wrote this answer (checked offline, with the"
            " issuer key pinned earlier)",
            "which physician",
        )


def run(out: Output, folder: Path) -> None:
    Demo(out, folder).run()
