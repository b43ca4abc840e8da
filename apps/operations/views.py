from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.accounts.permissions import require
from apps.operations.checks import operations_checks, task_rows
from apps.operations.models import Alert


@login_required
@require_GET
def status(request):
    """The operations page: each check green, amber or red with why, the periodic
    tasks' last runs, and the alerts the operators were e-mailed."""
    require(request.user, "operations.view")
    now = timezone.now()
    tasks = task_rows(now=now)
    return render(
        request,
        "operations/status.html",
        {
            "checks": operations_checks(now=now, rows=tasks),
            "tasks": tasks,
            "alerts": Alert.objects.all()[:10],
        },
    )
