import pytest
from django.urls import reverse

from apps.notifications.enums import Channel, NoticeKind
from apps.notifications.models import NoticePreferences
from tests.access import PERSONAS, check_access

SIGNED_IN = set(PERSONAS) - {"anonymous", "deactivated"}
CHOICES = {kind: Channel.BOTH for kind in ("lists", "decisions", "scoring", "deadlines",
                                           "operations")}  # fmt: skip


@pytest.mark.django_db
def test_notice_preferences_get_access(personas):
    url = reverse("notifications:preferences")

    check_access(personas, "get", url, allowed=SIGNED_IN, allowed_status=200)


@pytest.mark.django_db
def test_notice_preferences_post_sets_only_ones_own(personas):
    def saved_for_self_only(_nothing, by, response):
        assert NoticePreferences.objects.get(user=by).channel(NoticeKind.DOSSIERS) == "none"
        assert NoticePreferences.objects.exclude(user=by).count() == 0
        NoticePreferences.objects.filter(user=by).delete()

    check_access(
        personas,
        "post",
        reverse("notifications:preferences"),
        allowed=SIGNED_IN,
        allowed_status=302,
        data={**CHOICES, "dossiers": Channel.NONE},
        effect=saved_for_self_only,
    )
