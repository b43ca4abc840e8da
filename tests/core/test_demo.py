"""``manage.py load_demo_data`` on an empty migrated database: a finished past year, the
current year with work waiting for every demo account, next year's registration, all
through the services; refused with DEBUG off."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.accounts.models import User
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.core.demo.calendar import story_calendar
from apps.decisions.enums import DecisionStatus, PrintJobStatus
from apps.decisions.models import Certificate, Decision, PrintJob
from apps.dossiers.models import Dossier
from apps.notifications.models import Notification
from apps.reminders.models import ReminderLog
from apps.reports.models import ReviewReport
from apps.units.models import Unit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# What each demo account finds waiting on its home page (the beginning of each item).
WAITING = {
    "canbo": [
        "draft bright spots to complete",
        "registration list not sent yet",
        "dossier returned",
    ],
    "lanhdao": ["registration list to approve", "dossier passed: write"],
    "chutich": ["bright spot proposed to Phường Vinh Phú", "draft decision to check"],
    "thamdinhxa": ["dossier waiting for appraisal"],
    "thamdinh": ["registration lists waiting"],
    "bandanvan": ["registration lists waiting"],
    "bcd": ["registration lists waiting", "dossier passed: write"],
    "noivu": ["registration lists waiting"],
    "chutichtinh": ["bright spot proposed to Tỉnh Nghệ An"],
    "quantri": ["thing to set in the process"],
}


def _waiting(username: str) -> list[str]:
    client = client_for(User.objects.get(username=username))
    client.cookies["django_language"] = "en"
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [
        item.text for section in response.context["sections"] for item in section["todo"].waiting
    ]


def test_each_demo_account_finds_work_waiting_on_its_home_page(demo):
    found = {username: _waiting(username) for username in WAITING}

    assert {
        username: [
            start for start in starts if not any(text.startswith(start) for text in found[username])
        ]
        for username, starts in WAITING.items()
    } == {username: [] for username in WAITING}


def test_the_observer_sees_the_next_date_and_the_past_years_figures(demo):
    client = client_for(User.objects.get(username="thuongtruc"))

    home = client.get(reverse("home"))
    dashboard = client.get(reverse("reports:dashboard"), {"year": story_calendar_year("past")})

    assert [len(s["todo"].next_dates) for s in home.context["sections"]] == [1]
    assert dashboard.status_code == 200


def story_calendar_year(which: str) -> int:
    return getattr(story_calendar(Unit.objects.get(code="P40")), which)


def test_the_past_year_is_finished_with_every_outcome(demo):
    past = story_calendar_year("past")
    spots = BrightSpot.objects.filter(cycle__year=past)
    dossiers = Dossier.objects.filter(bright_spot__cycle__year=past)

    assert set(spots.values_list("status", flat=True)) == {
        BrightSpotStatus.RECOGNISED,
        BrightSpotStatus.NOT_RECOGNISED,
        BrightSpotStatus.WITHDRAWN,
    }
    assert set(spots.values_list("kind", flat=True)) == {"qcdc", "dvcq", "dvk"}
    assert set(dossiers.values_list("status", flat=True)) == {
        "proposed",
        "failed",
        "declined",
        "withdrawn",
    }
    assert dossiers.filter(versions__number=2).count() == 1  # returned and resubmitted
    assert sorted(Decision.objects.filter(year=past).values_list("status", flat=True)) == [
        DecisionStatus.ISSUED,
        DecisionStatus.ISSUED,
        DecisionStatus.REVOKED,
    ]
    assert ReviewReport.objects.filter(cycle__year=past, submitted_at__isnull=False).count() == 3
    assert ReminderLog.objects.exists()


def test_the_current_year_has_dossiers_at_every_step(demo):
    current = story_calendar_year("current")

    statuses = set(
        Dossier.objects.filter(bright_spot__cycle__year=current).values_list("status", flat=True)
    )

    assert statuses == {
        "submitted",
        "under_appraisal",
        "returned",
        "resubmitted",
        "passed",
        "proposed",
    }


def test_printed_certificates_verify_on_the_public_page_and_the_revoked_say_so(demo, client):
    valid = Certificate.objects.filter(is_revoked=False).order_by("pk").first()
    revoked = Certificate.objects.filter(is_revoked=True).order_by("pk").first()

    shown = client.get(reverse("verify:certificate", args=[valid.code]))
    withdrawn = client.get(reverse("verify:certificate", args=[revoked.code]))

    assert PrintJob.objects.get(decision=valid.decision).status == PrintJobStatus.DONE
    assert shown.status_code == 200
    assert valid.holder_name in shown.content.decode()
    assert withdrawn.status_code == 200
    assert withdrawn.context["certificate"].is_revoked


def test_the_showcase_shows_the_published_spots(demo, client):
    published = list(BrightSpot.objects.filter(is_public=True).values_list("name", flat=True))

    page = client.get(reverse("reports:showcase"), {"year": story_calendar_year("past")})

    assert len(published) == 4
    assert all(name in page.content.decode() for name in published)


def test_the_help_page_names_the_provinces_support_contact(demo, client):
    page = client.get(reverse("help:page")).content.decode()

    assert "Văn phòng Ban Dân vận Tỉnh ủy" in page and "0238 3844 000" in page


def test_notifications_are_there_read_and_unread(demo):
    officer = User.objects.get(username="canbo")

    notices = Notification.objects.filter(user=officer)

    assert notices.filter(read_at__isnull=True).count() == 3
    assert notices.filter(read_at__isnull=False).exists()


def test_loading_twice_changes_nothing(demo, settings):
    counts = (BrightSpot.objects.count(), Dossier.objects.count(), Decision.objects.count())
    settings.DEBUG = True

    call_command("load_demo_data", stdout=io.StringIO())

    assert (BrightSpot.objects.count(), Dossier.objects.count(), Decision.objects.count()) == counts


def test_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("load_demo_data", stdout=io.StringIO())

    assert not User.objects.filter(username="canbo").exists()
