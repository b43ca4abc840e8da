from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.accounts.permissions import is_superuser, memberships


@login_required
def home(request):
    """The landing page: the user's roles and the units they hold them in."""
    held = sorted(memberships(request.user), key=lambda m: (m.unit.path, m.role))
    return render(
        request,
        "core/home.html",
        {
            "memberships": held,
            "roles": {m.role for m in held},
            "is_superuser": is_superuser(request.user),
        },
    )


@require_GET
def health(request):
    """Liveness for the load balancer: answers once the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
