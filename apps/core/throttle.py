"""Fixed-window counters kept in the cache alias RATE_LIMIT_CACHE (Redis in production,
so every web process counts together), per client address or per any other subject.

That alias raises when Redis is away (the default cache does not: it reads as empty),
so each limit can choose: the certificate check fails open, the password-reset form
fails closed, the log-in limits fail open (apps.accounts.throttle says why)."""

import logging
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache backend raises when its server is away (Redis; socket errors otherwise).
CACHE_DOWN = (RedisError, OSError)


def client_address(request) -> str:
    """The client's address as the login lockout sees it: django-ipware with the
    trusted-proxy settings (TRUSTED_PROXY_COUNT), so a forged X-Forwarded-For is
    never taken for the client."""
    return get_client_ip_address(request) or "unknown"


def limits_cache():
    """The cache the rate limits count in; its calls raise CACHE_DOWN when Redis is away."""
    return caches[settings.RATE_LIMIT_CACHE]


def hit(scope: str, subject: str, *, window: int) -> int:
    """Count one event for ``subject`` in ``scope`` and return how many were counted
    in the current ``window`` seconds, this one included. ``subject`` goes into the
    cache key as is: no spaces (hash free text such as a typed username)."""
    key = f"rate:{scope}:{subject}:{int(time.time() // window)}"
    cache = limits_cache()
    if cache.add(key, 1, timeout=window * 2):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window * 2)
        return 1


def within_rate(request, scope: str, *, limit: int, window: int, fail_open: bool) -> bool:
    """Count this request against ``scope`` for the client's address; True while the
    address has made at most ``limit`` requests in the current ``window`` seconds. The
    address comes from the same trusted-proxy settings as the login lockout, so a
    forged header does not help. When the cache is away the answer is ``fail_open``
    (each caller says which way it fails, and why), logged, never a server error."""
    try:
        return hit(scope, client_address(request), window=window) <= limit
    except CACHE_DOWN as error:
        logger.error("Rate limit %s unavailable (%s); allowed: %s", scope, error, fail_open)
        return fail_open
