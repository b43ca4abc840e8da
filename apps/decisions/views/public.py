"""The public verification page behind a certificate's QR code: no login, rate-limited
by client address, and showing only whether the certificate is genuine and valid,
its holder, unit, and the decision's number and date."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.throttle import within_rate
from apps.decisions.selectors import certificate_for_code, normalise_code


def verification_allowed(request) -> bool:
    limit = settings.VERIFY_REQUESTS_PER_MINUTE
    # Fails open: a certificate code has 50 random bits, so even an unthrottled guesser
    # finds nothing, while holders keep checking their certificates during an outage.
    return within_rate(request, "verify", limit=limit, window=60, fail_open=True)


@require_GET
@never_cache
def lookup(request):
    """A form to type the code printed on a certificate."""
    if not verification_allowed(request):
        return render(request, "decisions/verify_throttled.html", status=429)
    code = normalise_code(request.GET.get("code", ""))
    if code:
        return redirect("verify:certificate", code=code)
    return render(request, "decisions/verify_lookup.html")


@require_GET
@never_cache
def certificate(request, code: str):
    if not verification_allowed(request):
        return render(request, "decisions/verify_throttled.html", status=429)
    found = certificate_for_code(code)
    if found is None:
        return render(request, "decisions/verify_not_found.html", {"code": code[:32]}, status=404)
    response = render(request, "decisions/verify_certificate.html", {"certificate": found})
    response["X-Robots-Tag"] = "noindex"
    return response
