"""Fixed-window request counters per client address, kept in the Django cache (Redis
in production, so every web process counts together)."""

import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache


def within_rate(request, scope: str, *, limit: int, window: int) -> bool:
    """Count this request against ``scope`` for the client's address; True while the
    address has made at most ``limit`` requests in the current ``window`` seconds. The
    address comes from the same trusted-proxy settings as the login lockout, so a
    forged header does not help."""
    address = get_client_ip_address(request) or "unknown"
    key = f"rate:{scope}:{address}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window * 2):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window * 2)
        return True
