"""The privacy notice (public) and "my data": a signed-in person's own data, on a page
and as a JSON download. Only ``request.user``'s rows are read: no URL names another
person, so nobody reaches someone else's data."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.privacy.selectors import PAGE_ROWS, my_data, my_data_document


@require_GET
def notice(request):
    """What personal data the portal holds, why, who sees it, for how long, and the
    person's rights (Decree 13/2023/NĐ-CP)."""
    return render(request, "privacy/notice.html")


@login_required
@require_GET
def mine(request):
    return render(
        request,
        "privacy/my_data.html",
        {"data": my_data(user=request.user), "page_rows": PAGE_ROWS},
    )


@login_required
@require_GET
def mine_download(request):
    document = my_data_document(user=request.user)
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    day = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{day}.json"'
    return response
