"""A fixed-window request counter per client address, kept in the Django cache."""

import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def verification_allowed(request) -> bool:
    """True while the client has made fewer than VERIFY_REQUESTS_PER_MINUTE requests
    to the verification pages in the current minute. The address comes from the same
    trusted-proxy settings as the login lockout, so a forged header does not help."""
    limit = settings.VERIFY_REQUESTS_PER_MINUTE
    address = get_client_ip_address(request) or "unknown"
    key = f"verify-rate:{address}:{int(time.time() // WINDOW_SECONDS)}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS * 2):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
        return True
