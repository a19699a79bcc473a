"""What the server and the client both need to know of a URL: its origin, a loopback host."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased (an origin has no path)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def is_loopback(host: str | None) -> bool:
    """127.0.0.0/8, ::1 or "localhost": a host no other machine can answer for.

    Plain http is accepted only there, where nobody on the way can read or rewrite it.
    """
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
