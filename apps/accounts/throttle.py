"""Login limits beyond django-axes' lock on (username, client address).

Per address, across usernames (password spraying: one password tried on many
accounts). LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords from one client address within
LOGIN_ADDRESS_WINDOW_SECONDS refuse every log-in from that address for
LOGIN_ADDRESS_BLOCK_SECONDS. An IPv6 client counts by its /64 network, which one
customer holds whole. A whole office behind one NAT address shares this count, hence a
limit well above axes' per-account one.

Per username, across addresses (one account guessed from many machines). From the
LOGIN_USERNAME_FAILURE_LIMIT-th wrong password for one username within
LOGIN_USERNAME_WINDOW_SECONDS, each further one makes every log-in to that username,
from anywhere, wait LOGIN_USERNAME_DELAY_SECONDS, doubled at each failure up to
LOGIN_USERNAME_MAX_DELAY_SECONDS. Attempts refused while waiting are not counted and
do not lengthen the wait, so the real user gets in once it is over however hard the
account is hammered; a success does not reset the count, so the user's own log-in
does not hand the attacker a fresh allowance.

Only attempts whose password was checked count: an attempt refused by these limits or
by axes is no guess. The address is the one axes uses (django-ipware with
TRUSTED_PROXY_COUNT, through :func:`apps.core.throttle.client_address`), never a raw
X-Forwarded-For.

Both limits fail open when the cache (Redis) cannot be reached: the error is logged
and the log-in goes ahead under axes' own lock, which lives in the database. Failing
closed would refuse every officer in the province for as long as Redis is down -
without its counters neither limit can tell an attacker from a colleague - while
what remains (5 wrong passwords per username and address, ~290 ms of hashing per
guess) still slows a guesser for the length of the outage.

The limits run inside axes, so every form that calls ``authenticate()`` (the portal's
log-in and the admin's) is covered: ``AXES_HANDLER = PortalAxesHandler`` checks them
before the password and counts after a wrong one; AxesMiddleware answers a refusal
with ``AXES_LOCKOUT_CALLABLE = lockout_response`` (HTTP 429). They are off with
AXES_ENABLED.
"""

import hashlib
import ipaddress
import logging
import math
import time

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from apps.core.throttle import CACHE_DOWN, client_address, hit, limits_cache

logger = logging.getLogger(__name__)


def login_refusal(request, username: str | None) -> str:
    """Why a log-in by this request is refused before its password is checked, or ""
    when it may go ahead (also when the cache cannot be read: fail open)."""
    try:
        cache = limits_cache()
        address_until = cache.get(_address_block_key(request))
        username_until = cache.get(_username_wait_key(username)) if username else None
    except CACHE_DOWN as error:
        logger.error("Login limits unavailable, log-in allowed: %s", error)
        return ""
    now = time.time()
    if address_until and address_until > now:
        minutes = math.ceil((address_until - now) / 60)
        return ngettext(
            "Too many failed log-ins from your network. Try again in %(minutes)d minute.",
            "Too many failed log-ins from your network. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    if username_until and username_until > now:
        minutes = math.ceil((username_until - now) / 60)
        return ngettext(
            "Too many failed log-ins to this account. Wait %(minutes)d minute, then try again.",
            "Too many failed log-ins to this account. Wait %(minutes)d minutes, then try again.",
            minutes,
        ) % {"minutes": minutes}
    return ""


def login_failed(request, username: str | None) -> None:
    """Count a wrong password against the client's address and the username typed,
    starting the address's block or the username's wait at their limits (nothing is
    counted when the cache cannot be reached: fail open)."""
    try:
        _count_address_failure(request)
        if username:
            _count_username_failure(username)
    except CACHE_DOWN as error:
        logger.error("Login limits unavailable, failure not counted: %s", error)


def _count_address_failure(request) -> None:
    failures = hit(
        "login-failures-address",
        _address_subject(request),
        window=settings.LOGIN_ADDRESS_WINDOW_SECONDS,
    )
    if failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        _hold(_address_block_key(request), settings.LOGIN_ADDRESS_BLOCK_SECONDS)
        logger.warning(
            "Log-ins refused from %s after %d failures", client_address(request), failures
        )


def _count_username_failure(username: str) -> None:
    failures = hit(
        "login-failures-username",
        _username_subject(username),
        window=settings.LOGIN_USERNAME_WINDOW_SECONDS,
    )
    beyond = failures - settings.LOGIN_USERNAME_FAILURE_LIMIT
    if beyond >= 0:
        delay = settings.LOGIN_USERNAME_DELAY_SECONDS * 2 ** min(beyond, 16)
        _hold(_username_wait_key(username), min(delay, settings.LOGIN_USERNAME_MAX_DELAY_SECONDS))


def _hold(key: str, seconds: int) -> None:
    """Refuse for ``seconds`` from now; the value is the end, to tell the user."""
    limits_cache().set(key, time.time() + seconds, timeout=seconds)


def _address_subject(request) -> str:
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ip.ipv4_mapped or ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _username_subject(username: str) -> str:
    return hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]


def _address_block_key(request) -> str:
    return f"login-block:address:{_address_subject(request)}"


def _username_wait_key(username: str) -> str:
    return f"login-wait:username:{_username_subject(username)}"


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler plus the limits above: checked before the password,
    counted after a wrong one."""

    def is_allowed(self, request, credentials: dict | None = None) -> bool:
        if not super().is_allowed(request, credentials):
            return False
        refusal = login_refusal(request, get_client_username(request, credentials))
        if refusal:
            logger.warning("Log-in refused for %s: %s", client_address(request), refusal)
            request.login_refusal = refusal
            request.axes_locked_out = True  # AxesMiddleware answers with lockout_response
            return False
        request.login_password_checked = True
        return True

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None and getattr(request, "login_refusal", ""):
            # Refused unseen: no guess, and it must not lengthen axes' lock on the
            # real user who tries while the username waits.
            return
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and getattr(request, "login_password_checked", False):
            login_failed(request, get_client_username(request, credentials))


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: axes' own lock shows AXES_LOCKOUT_TEMPLATE as before; a
    refusal by the limits above shows the log-in form again (what was typed kept)
    with the reason in place of "wrong password"."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    refusal = getattr(request, "login_refusal", "")
    if not refusal:
        return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=status)
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None:
        return HttpResponse(refusal, status=status, content_type="text/plain; charset=utf-8")
    form.errors.clear()
    form.add_error(None, refusal)
    page = TemplateResponse(request, original_response.template_name, context, status=status)
    return page.render()
