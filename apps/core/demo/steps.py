"""The story's verbs: each calls the service a page would call, as the person who
would, at the moment given. Nothing here writes a state itself."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from apps.accounts.models import User
from apps.brightspots.enums import RoutingStatus
from apps.brightspots.models import BrightSpot, RegistrationList
from apps.brightspots.selectors import default_criteria_set
from apps.brightspots.services import (
    bright_spot_create,
    bright_spot_update,
    progress_update_submit,
    registration_list_send,
    routing_acknowledge,
    routing_return,
)
from apps.core.demo.people import Staff
from apps.cycles.models import Cycle
from apps.dossiers.enums import Level, Section
from apps.dossiers.models import Dossier
from apps.dossiers.services.editing import dossier_save, dossier_save_appraisal, dossier_save_letter
from apps.dossiers.services.workflow import (
    dossier_create,
    dossier_pass,
    dossier_propose,
    dossier_start_appraisal,
    dossier_submit,
)

SECTIONS = {
    Section.HOW_DONE: "Tổ chức hội nghị đối thoại hằng quý giữa lãnh đạo và nhân dân; công khai "
    "kết quả giải quyết kiến nghị tại nhà văn hóa khối.",
    Section.LESSONS: "Lãnh đạo trực tiếp đối thoại, trả lời đúng hẹn; phát huy vai trò người "
    "có uy tín trong khu dân cư.",
    Section.EFFECT: "Giảm kiến nghị tồn đọng; người dân đồng thuận đóng góp xây dựng hạ tầng.",
    Section.SPREAD: "Được các phường lân cận học tập, áp dụng.",
}


def _scan(name: str) -> SimpleUploadedFile:
    """A one-page PDF standing for a signed scan (the upload checks parse it)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def draft(staff: Staff, cycle: Cycle, kind: str, name: str, now) -> BrightSpot:
    """The unit's officer drafts a bright spot with a two-activity plan."""
    year = cycle.year
    return bright_spot_create(
        unit=staff.unit,
        cycle=cycle,
        by=staff.officer,
        now=now,
        fields={
            "kind": kind,
            "name": name,
            "address": f"Trụ sở {staff.unit.name}",
            "field_of_work": "Dân chủ ở cơ sở",
            "problem": "Kiến nghị của nhân dân chậm được giải quyết.",
            "goals": "Giải quyết dứt điểm kiến nghị trong năm; tăng đồng thuận.",
            "expected_results": "100% kiến nghị được trả lời đúng hạn.",
            "officer": staff.officer,
            "criteria_set": default_criteria_set(unit=staff.unit, kind=kind),
        },
        activities=[
            {
                "description": "Xây dựng kế hoạch, phân công cán bộ phụ trách",
                "start_date": datetime.date(year, 3, 1),
                "end_date": datetime.date(year, 4, 30),
            },
            {
                "description": "Tổ chức thực hiện, sơ kết rút kinh nghiệm",
                "start_date": datetime.date(year, 5, 1),
                "end_date": datetime.date(year, 10, 31),
            },
        ],
    )


def redraft(spot: BrightSpot, staff: Staff, now, **changes) -> BrightSpot:
    """The officer corrects a draft (after the board returned the list)."""
    fields = {
        name: getattr(spot, name)
        for name in ("kind", "name", "address", "field_of_work", "problem", "goals")
    }
    fields |= {"expected_results": spot.expected_results, "officer": spot.officer}
    fields |= {"criteria_set": spot.criteria_set, **changes}
    activities = [
        {"description": a.description, "start_date": a.start_date, "end_date": a.end_date}
        for a in spot.activities.all()
    ]
    return bright_spot_update(
        bright_spot=spot, by=staff.officer, fields=fields, activities=activities, now=now
    )


def send(staff: Staff, cycle: Cycle, now) -> RegistrationList:
    registration_list = RegistrationList.objects.get(unit=staff.unit, cycle=cycle)
    return registration_list_send(registration_list=registration_list, by=staff.leader, now=now)


def answer(
    registration_list: RegistrationList, kind: str, by: User, now, *, returned: str = ""
) -> None:
    """A board acknowledges (or returns, saying why) the part of ``kind``."""
    routing = registration_list.routings.get(kind=kind, status=RoutingStatus.PENDING)
    if returned:
        routing_return(routing=routing, by=by, comment=returned, now=now)
    else:
        routing_acknowledge(routing=routing, by=by, now=now)


def progress(spot: BrightSpot, staff: Staff, now) -> None:
    progress_update_submit(
        bright_spot=spot,
        by=staff.officer,
        text="Đã tổ chức 2 hội nghị đối thoại; 18/20 kiến nghị đã được giải quyết.",
        now=now,
    )


def dossier_write(spot: BrightSpot, staff: Staff, now, *, level: str = Level.GOOD) -> Dossier:
    """The officer opens the dossier and fills the achievement summary."""
    dossier = dossier_create(bright_spot=spot, by=staff.officer, now=now)
    return dossier_revise(dossier, staff, now, level=level)


def dossier_revise(dossier: Dossier, staff: Staff, now, *, level: str = Level.GOOD) -> Dossier:
    rows = {
        a.pk: {"level": level, "evidence": f"Biên bản, hình ảnh minh chứng tiêu chí {number}."}
        for a, number in ((a, a.criterion.number) for a in dossier.assessments.all())
    }
    return dossier_save(
        dossier=dossier,
        by=staff.officer,
        expected_version=dossier.lock_version,
        sections={str(key): text for key, text in SECTIONS.items()},
        assessments=rows,
        now=now,
    )


def appraise(
    dossier: Dossier, appraiser: User, now, *, level: str = Level.MET, comments=""
) -> Dossier:
    """The appraiser takes the dossier up and records a finding on every criterion."""
    dossier = dossier_start_appraisal(dossier=dossier, by=appraiser, now=now)
    rows = {
        a.pk: {"finding_level": level, "finding_note": "Đúng như báo cáo của đơn vị."}
        for a in dossier.assessments.all()
    }
    return dossier_save_appraisal(
        dossier=dossier,
        by=appraiser,
        expected_version=dossier.lock_version,
        findings=rows,
        comments=comments or "Hồ sơ đầy đủ, các tiêu chí đạt yêu cầu.",
        now=now,
    )


def submitted(spot: BrightSpot, staff: Staff, now) -> Dossier:
    return dossier_submit(dossier=dossier_write(spot, staff, now), by=staff.officer, now=now)


def passed(spot: BrightSpot, staff: Staff, now) -> Dossier:
    """Written, submitted, appraised by the unit's level and concluded "đạt"."""
    dossier = submitted(spot, staff, now)
    dossier = appraise(dossier, staff.appraiser, now + datetime.timedelta(days=3))
    return dossier_pass(dossier=dossier, by=staff.appraiser, now=now + datetime.timedelta(days=4))


def propose(dossier: Dossier, by: User, issuing_unit, issuer: str, number: str, now) -> Dossier:
    """The request letter (with its signed scan) is recorded and sent."""
    dossier = dossier_save_letter(
        dossier=dossier,
        by=by,
        expected_version=dossier.lock_version,
        letter={
            "letter_number": number,
            "letter_date": now.date(),
            "letter_signer": by.full_name,
            "letter_signer_title": by.position,
            "letter_issuer": issuer,
            "letter_issuing_unit": issuing_unit,
        },
        scan=_scan("cong-van-de-nghi.pdf"),
        now=now,
    )
    return dossier_propose(dossier=dossier, by=by, now=now)
