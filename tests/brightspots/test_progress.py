import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.services import progress_update_submit
from apps.core.models import AuditEvent
from apps.core.workflow import NotPermitted, Refused
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
