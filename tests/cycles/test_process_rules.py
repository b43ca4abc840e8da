"""A province's process rules: the defaults, saving them (audited), and the page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core.workflow import NotPermitted
from apps.cycles import services
from apps.cycles.enums import RULE_FIELDS
from apps.cycles.models import ProcessRules
from apps.cycles.selectors import process_problems, process_rules
from tests.conftest import client_for
from tests.factories import make_unit

AT = datetime.datetime(2026, 12, 4, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
GUIDANCE = "Hướng dẫn số 01-HD/BDVTU ngày 06/6/2022 của Ban Dân vận Tỉnh ủy"


@pytest.mark.django_db
def test_a_province_without_rules_follows_every_default(commune):
    rules = process_rules(unit=commune)

    assert rules.pk is None
    assert rules.guidance_reference == ""
    assert all(getattr(rules, name) for name in RULE_FIELDS if name != "guidance_reference")


@pytest.mark.django_db
def test_saved_rules_apply_to_the_provinces_units_only(
    province, commune, other_province, province_admin
):
    services.process_rules_save(
        province=province, by=province_admin, reason="QĐ của Ban Thường vụ", progress_update=False
    )
    other_commune = make_unit("Xã Thạch Hà", parent=other_province, code="W18000")

    assert process_rules(unit=commune).progress_update is False
    assert process_rules(unit=other_commune).progress_update is True


@pytest.mark.django_db
def test_saving_records_each_change_with_its_reason_and_time(province, province_admin):
    services.process_rules_save(
        province=province,
        by=province_admin,
        reason="Theo Hướng dẫn đã ban hành",
        now=AT,
        guidance_reference=GUIDANCE,
        letter_scan_required=False,
    )

    from apps.core.models import AuditEvent

    event = AuditEvent.objects.get(action="process_rules_change")
    assert event.actor == province_admin
    assert event.created_at == AT
    assert event.comment == "Theo Hướng dẫn đã ban hành"
    assert event.data == {
        "guidance_reference": ["", GUIDANCE],
        "letter_scan_required": [True, False],
    }


@pytest.mark.django_db
def test_saving_without_a_change_writes_nothing(province, province_admin):
    from apps.core.models import AuditEvent

    services.process_rules_save(
        province=province, by=province_admin, reason="x", drafting_closes=True
    )

    assert not AuditEvent.objects.filter(action="process_rules_change").exists()


@pytest.mark.django_db
def test_a_reason_is_required_and_only_the_provinces_administrator_saves(
    province, province_admin, leader
):
    with pytest.raises(ValidationError):
        services.process_rules_save(
            province=province, by=province_admin, reason=" ", plan_within_year=False
        )
    with pytest.raises(NotPermitted):
        services.process_rules_save(
            province=province, by=leader, reason="x", plan_within_year=False
        )

    assert not ProcessRules.objects.exists()


@pytest.mark.django_db
def test_the_page_flags_the_missing_guidance_until_it_is_set(province, province_admin):
    client = client_for(province_admin)
    url = reverse("cycles:rules", args=[province.pk])

    page = client.get(url).content.decode()
    assert "Số, ngày của Hướng dẫn chưa được nhập" in page
    assert process_problems(province=province)

    response = client.post(
        url,
        {
            "guidance_reference": GUIDANCE,
            "progress_update": "on",
            "submission_window": "on",
            "drafting_closes": "on",
            "review_report_closes": "on",
            "progress_closes": "on",
            "acknowledgement_required": "on",
            "plan_within_year": "on",
            "finding_on_every_criterion": "on",
            "reason": "Đã có số Hướng dẫn",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Số, ngày của Hướng dẫn chưa được nhập" not in page
    # The unchecked switch was turned off, and the history says so.
    assert ProcessRules.objects.get(province=province).letter_scan_required is False
    assert "Bắt buộc bản quét công văn đề nghị đã ký trước khi đề nghị: bật → tắt" in page
    assert "Đã có số Hướng dẫn" in page


@pytest.mark.django_db
def test_the_cycle_list_links_the_administrator_to_the_rules_with_what_is_missing(
    province, province_admin, leader
):
    url = reverse("cycles:list")
    rules_url = reverse("cycles:rules", args=[province.pk])

    page = client_for(province_admin).get(url).content.decode()
    assert rules_url in page
    assert "mục cần thiết lập" in page
    assert rules_url not in client_for(leader).get(url).content.decode()


@pytest.mark.django_db
def test_the_page_names_a_route_step_the_province_lacks(province, province_admin, boards):
    boards["noi_vu"].function = ""
    boards["noi_vu"].save()

    page = client_for(province_admin).get(reverse("cycles:rules", args=[province.pk]))

    assert "Sở / Phòng Nội vụ" in page.content.decode()


@pytest.mark.django_db
def test_the_cycle_page_leaves_out_the_progress_date_where_none_is_asked(
    cycle, province, province_admin
):
    url = reverse("cycles:detail", args=[cycle.pk])
    label = "Cập nhật tiến độ 6 tháng"
    assert label in client_for(province_admin).get(url).content.decode()

    ProcessRules.objects.create(province=province, progress_update=False)

    assert label not in client_for(province_admin).get(url).content.decode()
