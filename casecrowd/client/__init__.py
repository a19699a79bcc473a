"""The physician's side: the encrypted wallet and the client-side protocol steps.

Nothing here runs on the server. The client sees everything about its owner,
so what it keeps on disk is encrypted (:mod:`casecrowd.client.wallet`).

Any program can use the library; the ``casecrowd`` client verbs
(:mod:`casecrowd.client.cli`) are one user of it::

    wallet = Wallet.open(path, passphrase)
    urls = settings.Endpoints.single("https://casecrowd.example")
    desk, issuer, forum_api = (http.ApiClient(u) for u in (urls.desk, urls.issuer, urls.forum))
    membership.apply(desk, wallet, fields)                       # the desk
    membership.status(desk, wallet)
    tokens.obtain_tokens(wallet, issuer, forum_api, urls.origin, 2)   # the issuer
    registered = pseudonyms.register_new(wallet, forum_api, urls.origin, "main")
    forum = Forum(wallet, forum_api, urls.origin, registered.pseudonym)
    forum.submit("case.create", phi_check.clear("case.create", case, ask_the_author))
    verify.verify(forum.proof(proof_id), verify.pinned_keys(wallet, issuer_name))

Failures are exceptions: :class:`~casecrowd.client.http.ServerProblem` (the
server's RFC 9457 problem), :class:`~casecrowd.client.http.Unreachable`, the
wallet's errors, and the :mod:`casecrowd.client.errors` classes, each with the
exit code the command uses.
"""
