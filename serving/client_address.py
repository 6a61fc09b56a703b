"""Whose address a request comes from, for the comment rate limit and admin sign-in throttling alike."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The sender's IP address; None only when even the connecting address is missing or unreadable.

    Behind a reverse proxy set COMMENTS_CLIENT_IP_HEADER to the request
    header the proxy fills in (e.g. "HTTP_X_REAL_IP" or "HTTP_X_FORWARDED_FOR";
    for the latter the right-most entry, the one our proxy added, is used).
    Otherwise every reader would share the proxy's address and its limit.
    When that header is missing or holds something that is not an address
    (a sender can forge it if the proxy passes it on), the connecting
    address (REMOTE_ADDR) counts instead: a junk header never switches the
    limit off.
    """
    header = settings.COMMENTS_CLIENT_IP_HEADER
    forwarded = request.META.get(header, "") if header else ""
    return _ip_address(forwarded.split(",")[-1]) or _ip_address(request.META.get("REMOTE_ADDR", ""))


def _ip_address(raw: str) -> str | None:
    """`raw` as an IP address in its standard spelling, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None
