import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.services import progress_update_submit
from apps.brightspots.workflow import progress_refusal
from apps.core.models import AuditEvent
from apps.core.workflow import NotPermitted, Refused
from apps.cycles.models import ProcessRules
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot
from tests.dossiers.factories import PDF_BYTES
from tests.factories import make_member

pytestmark = pytest.mark.django_db

S = BrightSpotStatus
PDF = PDF_BYTES


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_an_update_moves_an_acknowledged_spot_to_in_progress(officer, commune, cycle, settings):
    spot = make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)

    with at_local(2026, 6, 10):
        update = progress_update_submit(
            bright_spot=spot,
            by=officer,
            text="Đã họp dân 3 lần",
            files=[pdf("Báo cáo 6 tháng.pdf")],
        )

    spot.refresh_from_db()
    assert spot.status == S.IN_PROGRESS
    assert update.is_late is False
    attachment = update.attachments.get()
    assert attachment.name == "Bao-cao-6-thang.pdf"
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert AuditEvent.objects.get(action="progress").to_state == S.IN_PROGRESS


def test_a_second_update_keeps_the_spot_in_progress(officer, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, status=S.IN_PROGRESS)

    with at_local(2026, 6, 16):
        update = progress_update_submit(bright_spot=spot, by=officer, text="Tiếp tục")

    spot.refresh_from_db()
    assert spot.status == S.IN_PROGRESS
    assert update.is_late is True


def test_an_update_on_a_registered_spot_is_refused(officer, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, status=S.REGISTERED)

    with at_local(2026, 6, 10), pytest.raises(Refused):
        progress_update_submit(bright_spot=spot, by=officer, text="Sớm quá")


def test_an_update_after_the_cycle_closed_is_refused(officer, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, status=S.IN_PROGRESS)

    with at_local(2026, 12, 1, 0, 0), pytest.raises(ValidationError, match="30/11/2026"):
        progress_update_submit(bright_spot=spot, by=officer, text="Muộn")


def test_an_update_by_another_units_officer_is_refused(other_commune, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)

    with at_local(2026, 6, 10), pytest.raises(NotPermitted):
        progress_update_submit(
            bright_spot=spot, by=make_member(other_commune, Role.OFFICER), text="x"
        )


def test_a_file_that_is_not_a_document_is_refused(officer, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with at_local(2026, 6, 10), pytest.raises(ValidationError):
        progress_update_submit(bright_spot=spot, by=officer, text="x", files=[fake])

    spot.refresh_from_db()
    assert spot.status == S.ACKNOWLEDGED


def test_no_update_is_asked_or_taken_where_the_province_switched_it_off(
    client, officer, province, commune, cycle
):
    ProcessRules.objects.create(province=province, progress_update=False)
    spot = make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)
    client.force_login(officer)

    with at_local(2026, 6, 10):
        page = client.get(spot.get_absolute_url())
        with pytest.raises(Refused) as refused:
            progress_update_submit(bright_spot=spot, by=officer, text="Đã họp dân")

    assert refused.value.code == "progress_update_off"
    assert page.status_code == 200
    assert reverse("brightspots:progress", args=[spot.pk]) not in page.content.decode()
    assert progress_refusal(spot) != ""
    assert not spot.progress_updates.exists()


def test_the_update_is_offered_by_default(client, officer, commune, cycle):
    spot = make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)
    client.force_login(officer)

    with at_local(2026, 6, 10):
        page = client.get(spot.get_absolute_url())

    assert reverse("brightspots:progress", args=[spot.pk]) in page.content.decode()


def test_an_update_after_the_cycle_closed_is_taken_where_the_window_does_not_close_it(
    officer, province, commune, cycle
):
    ProcessRules.objects.create(province=province, progress_closes=False)
    spot = make_bright_spot(commune, cycle=cycle, status=S.IN_PROGRESS)

    with at_local(2026, 12, 1, 0, 0):
        update = progress_update_submit(bright_spot=spot, by=officer, text="Muộn")

    assert update.is_late is True
    assert spot.progress_updates.count() == 1
