"""The demo's years, played through the services (``steps``), each step at its moment
of the calendar (``calendar.story_calendar``):

past year (finished): Phường Vinh Phú, Cửa Lò and Thành Vinh register one bright spot of
each kind; the board returns Thành Vinh's QCDC part once, the ward fixes and resends it;
progress updates (one late); dossiers at every outcome: passed first time, returned and
resubmitted, failed, declined, withdrawn; decisions issued by each ward's chairman, one of
them revoked; the certificates of Vinh Phú's decision printed; recognised spots agreed
and published on the showcase; review reports submitted; reminders sent.

current year (recognition phase): Vinh Phú's dossiers wait for each of its people
(appraisal, revision, request letter, decision, a draft decision) and the provincial
council's proposal waits for the province's chairman; the recognition window is
extended for Vinh Phú when it has closed, so its chairman can still issue.

next year (registration): Vinh Phú's officer has drafts its leader has not sent; Cửa Lò's
and Thành Vinh's lists wait for the boards.
"""

from __future__ import annotations

import datetime
import time

from apps.accounts.enums import Role
from apps.accounts.models import Membership
from apps.brightspots.enums import RoutingStatus
from apps.brightspots.models import BrightSpot, RegistrationRouting
from apps.brightspots.services import bright_spot_publish, bright_spot_withdraw, publication_agree
from apps.core.demo import steps
from apps.core.demo.calendar import Calendar, story_calendar
from apps.core.demo.people import COMMUNE, COUNCIL, CUA_LO, THANH_VINH, Staff, staff_of, user
from apps.cycles.enums import DeadlineKind
from apps.cycles.models import Cycle
from apps.cycles.selectors import local_today
from apps.cycles.services import deadline_extend
from apps.decisions.services.decisions import (
    decision_create,
    decision_issue,
    decision_revoke,
    decision_update,
)
from apps.decisions.services.printing import certificates_print_request, print_job_run
from apps.dossiers.enums import LetterIssuer, Level
from apps.dossiers.services.workflow import (
    dossier_decline,
    dossier_fail,
    dossier_pass,
    dossier_return,
    dossier_start_appraisal,
    dossier_submit,
    dossier_withdraw,
)
from apps.help.services import support_contact_save
from apps.notifications.models import Notification
from apps.notifications.services import notifications_mark_read
from apps.reminders.services import reminders_send
from apps.reports.services import review_report_save, review_report_start, review_report_submit
from apps.units.models import Unit

QCDC, DVCQ, DVK = "qcdc", "dvcq", "dvk"
DAY = datetime.timedelta(days=1)


def _boards() -> dict[str, object]:
    """Who answers each kind's lists: BCĐ QCDC (the province's steering member), Sở Nội
    vụ (DVCQ passes through it), Ban Dân vận (Dân vận khéo)."""
    return {QCDC: user("bcd"), DVCQ: user("noivu"), DVK: user("bandanvan")}


def _register(cal: Calendar, cycle: Cycle, staff: Staff, spots: dict[str, str], day: int):
    """The officer drafts ``spots`` (kind → name) in February, the leader sends them."""
    drafted = {
        kind: steps.draft(staff, cycle, kind, name, cal.at(cycle.year, 2, day, 9, n))
        for n, (kind, name) in enumerate(spots.items())
    }
    return drafted, steps.send(staff, cycle, cal.at(cycle.year, 2, day + 3))


def _acknowledge(cal: Calendar, registration_list, year: int, day: int) -> None:
    for kind, board in _boards().items():
        if registration_list.routings.filter(kind=kind, status=RoutingStatus.PENDING).exists():
            steps.answer(registration_list, kind, board, cal.at(year, 3, day, 10))


def _reload(spots: dict[str, BrightSpot]) -> dict[str, BrightSpot]:
    return {kind: BrightSpot.objects.get(pk=spot.pk) for kind, spot in spots.items()}


def _decide(cal, chair, authority, spots, on: datetime.datetime, *, signer: str):
    """The chairman drafts a decision recognising ``spots``, signs and issues it."""
    decision = decision_create(authority=authority, bright_spots=spots, by=chair, now=on)
    decision_update(decision=decision, by=chair, values={"signer_name": signer}, now=on)
    return decision_issue(decision=decision, by=chair, now=on + datetime.timedelta(hours=2))


# ---------------------------------------------------------------- the past year


def _past_registration(cal: Calendar, cycle: Cycle) -> dict[str, dict[str, BrightSpot]]:
    year = cycle.year
    vinh_phu, cua_lo, thanh_vinh = staff_of(COMMUNE), staff_of(CUA_LO), staff_of(THANH_VINH)
    vp, vp_list = _register(
        cal,
        cycle,
        vinh_phu,
        {
            QCDC: "Đối thoại định kỳ giữa lãnh đạo phường với nhân dân khối phố",
            DVCQ: "Bộ phận một cửa thân thiện, giải quyết thủ tục đúng hẹn",
            DVK: "Dân vận khéo trong giải phóng mặt bằng đường Lê Mao kéo dài",
        },
        day=10,
    )
    cl, cl_list = _register(
        cal,
        cycle,
        cua_lo,
        {
            QCDC: "Công khai thu chi quỹ khối phố trên bảng tin điện tử",
            DVCQ: "Cán bộ phường đi cơ sở mỗi tuần một buổi",
            DVK: "Ngư dân cùng giữ bãi biển sạch",
        },
        day=12,
    )
    tv, tv_list = _register(
        cal,
        cycle,
        thanh_vinh,
        {
            QCDC: "Hòm thư góp ý điện tử của khối phố",
            DVCQ: "Tiếp công dân vào chiều thứ Năm hằng tuần",
            DVK: "Vận động hiến đất mở rộng ngõ xóm",
        },
        day=14,
    )
    # The QCDC board returns Thành Vinh's part once; the ward fixes the name and resends.
    steps.answer(
        tv_list,
        QCDC,
        user("bcd"),
        cal.at(year, 2, 20),
        returned="Tên điểm sáng chưa nêu rõ địa bàn; đề nghị bổ sung.",
    )
    tv[QCDC] = steps.redraft(
        BrightSpot.objects.get(pk=tv[QCDC].pk),
        thanh_vinh,
        cal.at(year, 2, 22),
        name="Hòm thư góp ý điện tử của khối phố 5, phường Thành Vinh",
    )
    tv_list = steps.send(thanh_vinh, cycle, cal.at(year, 2, 23))
    for day, registration_list in ((3, vp_list), (4, cl_list), (5, tv_list)):
        _acknowledge(cal, registration_list, year, day)
    return {"vp": _reload(vp), "cl": _reload(cl), "tv": _reload(tv)}


def _past_progress(cal: Calendar, year: int, spots) -> None:
    people = {"vp": staff_of(COMMUNE), "cl": staff_of(CUA_LO), "tv": staff_of(THANH_VINH)}
    for key, by_kind in spots.items():
        for n, spot in enumerate(by_kind.values()):
            late = key == "tv" and n == 2  # one update after 15/6: marked late
            day = cal.at(year, 6, 20 if late else 5 + n)
            steps.progress(spot, people[key], day)


def _past_recognition(cal: Calendar, year: int, spots) -> dict[str, object]:
    """Every outcome of a dossier, then each ward's decision; Thành Vinh's revoked."""
    vp, cl, tv = staff_of(COMMUNE), staff_of(CUA_LO), staff_of(THANH_VINH)
    at = lambda month, day, hour=9: cal.at(year, month, day, hour)  # noqa: E731

    # Vinh Phú: QCDC passes first time; DVCQ is returned and resubmitted; DVK passes.
    vp_qcdc = steps.passed(spots["vp"][QCDC], vp, at(10, 16))
    dvcq = steps.appraise(
        steps.submitted(spots["vp"][DVCQ], vp, at(10, 17)), vp.appraiser, at(10, 20)
    )
    dvcq = dossier_return(
        dossier=dvcq,
        by=vp.appraiser,
        reason="Bổ sung biên bản hội nghị đối thoại quý III và số liệu thủ tục đúng hẹn.",
        now=at(10, 21),
    )
    dvcq = steps.dossier_revise(dvcq, vp, at(10, 24))
    dvcq = dossier_submit(dossier=dvcq, by=vp.officer, now=at(10, 24, 15))
    dvcq = _appraise_again(dvcq, vp.appraiser, at(10, 27))
    dvcq = dossier_pass(dossier=dvcq, by=vp.appraiser, now=at(10, 28))
    vp_dvk = steps.passed(spots["vp"][DVK], vp, at(10, 18))
    vp_dossiers = [vp_qcdc, dvcq, vp_dvk]
    for n, dossier in enumerate(vp_dossiers):
        steps.propose(
            dossier, vp.leader, vp.unit, LetterIssuer.LEADERSHIP, f"{41 + n}/CV-UBND", at(11, 3)
        )

    # Cửa Lò: QCDC fails; DVCQ passes but its leadership declines to propose it; the DVK
    # dossier is withdrawn; a fourth spot registered late in the year never reached one.
    failed = steps.submitted(spots["cl"][QCDC], cl, at(10, 20))
    failed = steps.appraise(
        failed,
        cl.appraiser,
        at(10, 23),
        level=Level.NOT_MET,
        comments="Chưa có kế hoạch cụ thể; kết quả chưa rõ nét so với đăng ký.",
    )
    dossier_fail(dossier=failed, by=cl.appraiser, now=at(10, 24))
    declined = steps.passed(spots["cl"][DVCQ], cl, at(10, 21))
    dossier_decline(
        dossier=declined,
        by=cl.leader,
        reason="Mô hình mới triển khai, đơn vị đề nghị xem xét vào năm sau.",
        now=at(11, 2),
    )
    withdrawn = steps.submitted(spots["cl"][DVK], cl, at(10, 22))
    dossier_withdraw(
        dossier=withdrawn,
        by=cl.officer,
        reason="Mô hình chưa hoàn thành do ảnh hưởng của bão số 3.",
        now=at(10, 30),
    )

    # Thành Vinh: all three pass and are proposed.
    tv_dossiers = [steps.passed(spot, tv, at(10, 19)) for spot in spots["tv"].values()]
    for n, dossier in enumerate(tv_dossiers):
        steps.propose(
            dossier, tv.leader, tv.unit, LetterIssuer.LEADERSHIP, f"{17 + n}/CV-UBND", at(11, 4)
        )

    vp_decision = _decide(
        cal,
        vp.chair,
        vp.unit,
        [d.bright_spot for d in vp_dossiers],
        at(11, 20),
        signer=vp.chair.full_name,
    )
    tv_spots = [d.bright_spot for d in tv_dossiers]
    tv_first = _decide(cal, tv.chair, tv.unit, tv_spots[:2], at(11, 21), signer=tv.chair.full_name)
    tv_second = _decide(cal, tv.chair, tv.unit, tv_spots[2:], at(11, 22), signer=tv.chair.full_name)
    decision_revoke(
        decision=tv_first,
        by=tv.chair,
        reason="Hồ sơ minh chứng của điểm sáng không trung thực (theo kết luận kiểm tra).",
        now=at(11, 28),
    )
    return {"vinh_phu": vp_decision, "thanh_vinh": tv_second, "revoked": tv_first}


def _appraise_again(dossier, appraiser, now):
    """A resubmitted dossier: the appraiser takes it up again; the findings stand."""
    return dossier_start_appraisal(dossier=dossier, by=appraiser, now=now)


def _print(decision, by) -> None:
    """Print the decision's certificates as the worker does, here and now."""
    job = certificates_print_request(decision=decision, by=by)
    print_job_run(job_id=job.pk)


def _publish(cal: Calendar, year: int, decisions) -> int:
    """Each ward's leader agrees to show its recognised spots; Ban Dân vận publishes."""
    texts = {
        QCDC: {
            "summary": "Mỗi quý lãnh đạo phường đối thoại trực tiếp với nhân dân; kiến nghị "
            "được trả lời bằng văn bản và công khai tại nhà văn hóa khối phố.",
            "effect": "Kiến nghị tồn đọng giảm mạnh; nhân dân tự nguyện đóng góp làm đường, "
            "điện chiếu sáng.",
        },
        DVCQ: {
            "summary": "Bộ phận một cửa hẹn giờ trả kết quả qua tin nhắn, nhận hồ sơ cả sáng "
            "thứ Bảy; cán bộ hướng dẫn tận tình, không để người dân đi lại nhiều lần.",
            "effect": "98% hồ sơ được giải quyết đúng hẹn; không còn phản ánh về thái độ cán bộ.",
        },
        DVK: {
            "summary": "Cán bộ, đảng viên gặp từng hộ, lắng nghe và giải thích chính sách; "
            "người có uy tín trong khu dân cư vận động trước.",
            "effect": "Các hộ đồng thuận bàn giao mặt bằng đúng tiến độ, không có khiếu kiện.",
        },
    }
    publisher, count = user("bandanvan"), 0
    for decision in decisions:
        leader = staff_of(decision.authority.code).leader
        for certificate in decision.certificates.select_related("bright_spot"):
            spot = certificate.bright_spot
            publication_agree(
                bright_spot=spot, by=leader, now=cal.at(year, 12, 3), **texts[spot.kind]
            )
            bright_spot_publish(bright_spot=spot, by=publisher, now=cal.at(year, 12, 5))
            count += 1
    return count


def _review_reports(cal: Calendar, cycle: Cycle, codes, *, submit: bool = True) -> None:
    for n, code in enumerate(codes):
        staff = staff_of(code)
        now = cal.at(cycle.year, 11, 24 + n)
        report = review_report_start(unit=staff.unit, cycle=cycle, by=staff.officer, now=now)
        report = review_report_save(
            report=report,
            by=staff.officer,
            now=now,
            results="Xây dựng 3 điểm sáng; 2 điểm sáng được công nhận.",
            lessons="Cấp ủy, chính quyền vào cuộc đồng bộ; phát huy vai trò nhân dân.",
            next_year_plan="Duy trì các điểm sáng đã có; đăng ký mới 1 mô hình Dân vận khéo.",
        )
        if submit:
            review_report_submit(report=report, by=staff.leader, now=now + DAY)


def _reminders(cal: Calendar, year: int) -> int:
    """The reminders beat would have sent before each of the year's deadlines."""
    days = [(3, 16), (3, 23), (3, 29), (6, 1), (6, 8), (11, 16), (11, 23), (11, 29), (12, 1)]
    total = 0
    for month, day in days:
        moment = cal.at(year, month, day)
        total += reminders_send(today=moment.date()).recipients
    return total


def play_past(cal: Calendar) -> str:
    cycle = Cycle.objects.get(province__code="P40", year=cal.past)
    _reminders(cal, cal.past)  # before anything: every ward is reminded in March
    spots = _past_registration(cal, cycle)
    _past_progress(cal, cycle.year, spots)
    decisions = _past_recognition(cal, cycle.year, spots)
    _print(decisions["vinh_phu"], staff_of(COMMUNE).chair)
    published = _publish(cal, cycle.year, [decisions["vinh_phu"], decisions["thanh_vinh"]])
    _review_reports(cal, cycle, [COMMUNE, CUA_LO, THANH_VINH])
    return (
        f"{cycle.year} (finished): {BrightSpot.objects.filter(cycle=cycle).count()} bright spots, "
        f"3 decisions (1 revoked), {published} on the showcase"
    )


# ---------------------------------------------------------------- the current year


def _council_proposal(cal: Calendar, cycle: Cycle) -> None:
    """The provincial council's Dân vận khéo spot, recognised by the province: passed by
    Ban Dân vận and proposed by it, waiting for the province's chairman."""
    council = staff_of(COUNCIL)
    year = cycle.year
    spots, registration_list = _register(
        cal, cycle, council, {DVK: "Tuyên truyền, nêu gương điển hình qua mạng xã hội"}, day=18
    )
    _acknowledge(cal, registration_list, year, 9)
    steps.progress(spots[DVK], council, cal.at(year, 6, 10))
    appraiser = user("thamdinh")
    dossier = steps.submitted(
        BrightSpot.objects.get(pk=spots[DVK].pk), council, cal.at(year, 10, 20)
    )
    dossier = steps.appraise(dossier, appraiser, cal.at(year, 10, 27))
    dossier = dossier_pass(dossier=dossier, by=appraiser, now=cal.at(year, 10, 28))
    board = Unit.objects.get(code="P40-BDV")
    steps.propose(
        dossier,
        user("bcd"),
        board,
        LetterIssuer.MASS_MOBILISATION,
        "52-CV/BDVTU",
        cal.at(year, 11, 6),
    )


def play_current(cal: Calendar) -> str:
    """Vinh Phú's dossiers each wait for someone; Cửa Lò reports; the council proposes."""
    cycle = Cycle.objects.get(province__code="P40", year=cal.current)
    year = cycle.year
    vp, cl = staff_of(COMMUNE), staff_of(CUA_LO)
    at = lambda month, day, hour=9: cal.at(year, month, day, hour)  # noqa: E731
    names = {
        "appraise": (QCDC, "Hội nghị nhân dân bàn và quyết định việc xây dựng nhà văn hóa"),
        "returned": (DVCQ, "Chính quyền phường lắng nghe dân qua Zalo khối phố"),
        "letter": (DVK, "Dân vận khéo trong vận động xóa nhà tạm"),
        "decide": (QCDC, "Công khai dự toán, quyết toán công trình dân sinh"),
        "draft": (DVCQ, "Giải quyết thủ tục hành chính tại nhà cho người cao tuổi"),
        "withdrawn": (DVK, "Câu lạc bộ hòa giải cơ sở khối 3"),
    }
    spots = {}
    for n, (key, (kind, name)) in enumerate(names.items()):
        spots[key] = steps.draft(vp, cycle, kind, name, at(2, 5, 8 + n))
    vp_list = steps.send(vp, cycle, at(2, 12))
    _acknowledge(cal, vp_list, year, 2)
    cl_spots, cl_list = _register(
        cal,
        cycle,
        cl,
        {
            QCDC: "Tổ tự quản an ninh trật tự khối phố biển",
            DVCQ: "Cán bộ phường trả lời kiến nghị trong 5 ngày làm việc",
        },
        day=15,
    )
    _acknowledge(cal, cl_list, year, 4)
    for n, key in enumerate(spots):
        spots[key] = BrightSpot.objects.get(pk=spots[key].pk)
        if key != "withdrawn":
            steps.progress(spots[key], vp, at(6, 3 + n))
    bright_spot_withdraw(
        bright_spot=spots["withdrawn"],
        by=vp.officer,
        reason="Khối 3 sáp nhập vào khối 4; mô hình chuyển sang năm sau.",
        now=at(7, 1),
    )
    steps.submitted(spots["appraise"], vp, at(11, 20))
    returned = steps.appraise(
        steps.submitted(spots["returned"], vp, at(10, 20)), vp.appraiser, at(10, 25)
    )
    dossier_return(
        dossier=returned,
        by=vp.appraiser,
        reason="Bổ sung số liệu tin nhắn đã trả lời và ảnh chụp nhóm Zalo các khối.",
        now=at(10, 27),
    )
    steps.passed(spots["letter"], vp, at(10, 21))
    for key, number in (("decide", "63/CV-UBND"), ("draft", "64/CV-UBND")):
        dossier = steps.passed(spots[key], vp, at(10, 18))
        steps.propose(dossier, vp.leader, vp.unit, LetterIssuer.LEADERSHIP, number, at(11, 10))
    draft = BrightSpot.objects.get(pk=spots["draft"].pk)
    decision_create(authority=vp.unit, bright_spots=[draft], by=vp.chair, now=at(11, 28))
    _council_proposal(cal, cycle)
    steps_progress_cl(cal, cycle, cl_spots)
    _review_reports(cal, cycle, [CUA_LO])
    _review_reports(cal, cycle, [COMMUNE], submit=False)
    _reminders(cal, year)
    extended = _extend_if_closed(cal, cycle, vp)
    return (
        f"{year} (recognition): {BrightSpot.objects.filter(cycle=cycle).count()} bright spots, "
        f"dossiers waiting for each of Vinh Phú's people{extended}"
    )


def steps_progress_cl(cal: Calendar, cycle: Cycle, spots) -> None:
    """Cửa Lò: its QCDC dossier is under appraisal, its DVCQ one was returned and
    resubmitted."""
    cl, year = staff_of(CUA_LO), cycle.year
    spots = _reload(spots)
    for spot in spots.values():
        steps.progress(spot, cl, cal.at(year, 6, 12))
    spots = _reload(spots)
    under = steps.submitted(spots[QCDC], cl, cal.at(year, 10, 22))
    dossier_start_appraisal(dossier=under, by=cl.appraiser, now=cal.at(year, 10, 29))
    again = steps.appraise(
        steps.submitted(spots[DVCQ], cl, cal.at(year, 10, 22)), cl.appraiser, cal.at(year, 10, 26)
    )
    again = dossier_return(
        dossier=again,
        by=cl.appraiser,
        reason="Ghi rõ số kiến nghị đã trả lời trong 5 ngày.",
        now=cal.at(year, 10, 28),
    )
    again = steps.dossier_revise(again, cl, cal.at(year, 11, 2))
    dossier_submit(dossier=again, by=cl.officer, now=cal.at(year, 11, 2, 15))


def _extend_if_closed(cal: Calendar, cycle: Cycle, staff: Staff) -> str:
    """Once the window has closed, the administrator gives Vinh Phú two more weeks (within
    the year), so its chairman can still issue the decision waiting for him."""
    today = local_today(cal.now)
    if today <= cycle.recognition_closes:
        return ""
    until = min(today + 14 * DAY, datetime.date(cycle.year, 12, 31))
    if until <= cycle.recognition_closes:
        return ""
    deadline_extend(
        cycle=cycle,
        unit=staff.unit,
        dates={DeadlineKind.RECOGNITION: until},
        reason="Chờ kết quả thẩm định bổ sung của phường.",
        by=user("quantri"),
        now=cal.now - datetime.timedelta(hours=1),
    )
    return f"; Vinh Phú's window extended to {until:%d/%m/%Y}"


# ---------------------------------------------------------------- next year


def play_next(cal: Calendar) -> str:
    cycle = Cycle.objects.get(province__code="P40", year=cal.next)
    vp, cl, tv = staff_of(COMMUNE), staff_of(CUA_LO), staff_of(THANH_VINH)
    for n, (kind, name) in enumerate(
        (
            (QCDC, "Lấy ý kiến nhân dân về quy hoạch chỉnh trang đô thị"),
            (DVCQ, "Phường thân thiện với doanh nghiệp nhỏ"),
        )
    ):
        steps.draft(vp, cycle, kind, name, cal.registering(n))
    for n, staff in enumerate((cl, tv)):
        for kind, name in (
            (QCDC, f"Giám sát cộng đồng công trình vỉa hè ({staff.unit.name})"),
            (DVCQ, f"Một cửa thân thiện, trả kết quả tại nhà ({staff.unit.name})"),
            (DVK, f"Vận động nhân dân phân loại rác tại nguồn ({staff.unit.name})"),
        ):
            steps.draft(staff, cycle, kind, name, cal.registering(10 + n))
        steps.send(staff, cycle, cal.registering(20 + n))
    tv_list = tv.unit.registration_lists.get(cycle=cycle)
    steps.answer(tv_list, QCDC, user("bcd"), cal.registering(30))
    pending = RegistrationRouting.objects.filter(cycle=cycle, status=RoutingStatus.PENDING).count()
    return f"{cycle.year} (registration): Vinh Phú's drafts unsent, {pending} list parts pending"


def read_some(cal: Calendar) -> None:
    """The demo's people have read their older notices; the newest stay unread."""
    for membership in Membership.objects.filter(
        role__in=[Role.OFFICER, Role.LEADER]
    ).select_related("user"):
        person = membership.user
        newest = Notification.objects.filter(user=person).order_by("-created_at", "-pk")[:3]
        older = Notification.objects.filter(user=person).exclude(
            pk__in=list(newest.values_list("pk", flat=True))
        )
        notifications_mark_read(user=person, pks=list(older.values_list("pk", flat=True)))


def already_played(province: Unit) -> bool:
    """The story plays once, on a province without bright spots (a later run, even in
    another year, leaves what is there)."""
    return BrightSpot.objects.filter(unit__path__startswith=province.path).exists()


def step_story() -> str:
    province = Unit.objects.get(code="P40")
    cal = story_calendar(province)
    if already_played(province):
        return f"The years of {province.name}: already there (the story plays once)"
    support_contact_save(
        province=province,
        by=user("quantri"),
        fields={
            "office": "Văn phòng Ban Dân vận Tỉnh ủy",
            "phone": "0238 3844 000",
            "email": "bandanvan@diemsang.local",
            "hours": "Sáng 7:00–11:30, chiều 13:30–17:00, thứ Hai đến thứ Sáu",
        },
        now=cal.now,
    )
    lines = []
    for play in (play_past, play_current, play_next):
        started = time.perf_counter()
        lines.append(f"{play(cal)} ({time.perf_counter() - started:.1f} s)")
    read_some(cal)
    return "\n".join(lines)
