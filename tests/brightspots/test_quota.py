"""One storage quota per unit and year across progress and dossier files."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from apps.accounts.enums import Role
from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import ProgressAttachment
from apps.brightspots.services import progress_update_submit
from apps.core.models import AuditEvent
from apps.core.workflow import Refused
from apps.cycles.services import cycle_set_upload_quota
from apps.dossiers.enums import DossierStatus
from apps.dossiers.models import Attachment
from apps.dossiers.services import dossier_attach
from tests.brightspots.conftest import at_local
from tests.brightspots.factories import make_bright_spot
from tests.dossiers.factories import PDF_BYTES, make_dossier
from tests.factories import make_member

S = BrightSpotStatus


def _pdf(name="tep.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.mark.django_db
def test_progress_files_stop_at_the_quota_with_a_clear_message(commune, cycle, officer, settings):
    settings.UPLOAD_QUOTA_BYTES_PER_UNIT_YEAR = 2 * len(PDF_BYTES)
    spot = make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)

    with at_local(2026, 6, 1):
        progress_update_submit(bright_spot=spot, by=officer, text="Đợt 1", files=[_pdf(), _pdf()])
        with pytest.raises(Refused) as refused:
            progress_update_submit(bright_spot=spot, by=officer, text="Đợt 2", files=[_pdf()])

    assert refused.value.code == "quota"
    assert "MB" in refused.value.messages[0]
    assert ProgressAttachment.objects.count() == 2


@pytest.mark.django_db
def test_dossier_and_progress_files_share_one_quota(commune, cycle, officer, settings):
    settings.UPLOAD_QUOTA_BYTES_PER_UNIT_YEAR = 2 * len(PDF_BYTES)
    spot = make_bright_spot(commune, cycle=cycle, status=S.ACKNOWLEDGED)
    dossier = make_dossier(commune, cycle=cycle, status=DossierStatus.DRAFT)
    with at_local(2026, 6, 1):
        progress_update_submit(bright_spot=spot, by=officer, text="Đợt 1", files=[_pdf()])
    dossier_attach(dossier=dossier, by=officer, upload=_pdf())

    with pytest.raises(Refused):
        dossier_attach(dossier=dossier, by=officer, upload=_pdf())

    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_the_quota_is_per_year_and_unit(commune, other_commune, cycle, officer, settings):
    settings.UPLOAD_QUOTA_BYTES_PER_UNIT_YEAR = len(PDF_BYTES)
    dossier = make_dossier(commune, cycle=cycle, status=DossierStatus.DRAFT)
    dossier_attach(dossier=dossier, by=officer, upload=_pdf())
    other = make_dossier(other_commune, cycle=cycle, status=DossierStatus.DRAFT)
    other_officer = make_member(other_commune, Role.OFFICER)
    dossier_attach(dossier=other, by=other_officer, upload=_pdf())

    assert Attachment.objects.count() == 2


@pytest.mark.django_db
def test_a_province_sets_its_own_quota_for_the_year_audited(cycle, province_admin):
    changed = cycle_set_upload_quota(cycle=cycle, by=province_admin, quota_mb=50)

    assert changed.upload_quota_bytes == 50 * 1024 * 1024
    event = AuditEvent.objects.get(action="cycle_set_upload_quota")
    assert event.data == {"upload_quota_mb": {"from": None, "to": 50}}


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_cannot_both_slip_under_the_quota(commune, cycle, officer, settings):
    settings.UPLOAD_QUOTA_BYTES_PER_UNIT_YEAR = len(PDF_BYTES)
    # Two dossiers of one unit: their own row locks do not order the two uploads.
    dossiers = [make_dossier(commune, cycle=cycle, status=DossierStatus.DRAFT) for _ in range(2)]
    outcomes, barrier = [], threading.Barrier(2)

    def upload(dossier):
        barrier.wait()
        try:
            dossier_attach(dossier=dossier, by=officer, upload=_pdf())
            outcomes.append("stored")
        except Refused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(dossier,)) for dossier in dossiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "stored"]
    assert Attachment.objects.count() == 1
