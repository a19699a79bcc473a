"""The physician's side: the encrypted wallet and the client-side protocol steps.

Nothing here runs on the server. The client sees everything about its owner,
so what it keeps on disk is encrypted (:mod:`casecrowd.client.wallet`).
"""
