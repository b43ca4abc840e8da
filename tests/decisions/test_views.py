"""The decision pages as their users use them, with flat query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.decisions import services
from apps.decisions.models import Decision
from tests.conftest import client_for
from tests.decisions.factories import make_draft, make_issued, make_proposed_spot
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_draft_edit_issue_through_the_pages(authority, decision_maker, spots, in_the_window):
    client = client_for(decision_maker)

    created = client.post(
        reverse("decisions:create", args=[authority.pk]), {"bright_spots": [s.pk for s in spots]}
    )
    decision = Decision.objects.get()
    form = client.get(reverse("decisions:edit", args=[decision.pk]))
    issued = client.post(
        reverse("decisions:issue", args=[decision.pk]), {"confirm": "on"}, follow=True
    )

    assert created.url == reverse("decisions:edit", args=[decision.pk])
    assert "Căn cứ Luật Thực hiện dân chủ ở cơ sở" in form.content.decode()
    assert "Đã ban hành quyết định" in issued.content.decode()
    assert Decision.objects.get().status == "issued"
    assert decision.certificates.count() == 2


def test_issue_without_confirmation_changes_nothing(authority, decision_maker, spots):
    decision = make_draft(authority, spots, by=decision_maker)

    response = client_for(decision_maker).post(
        reverse("decisions:issue", args=[decision.pk]), follow=True
    )

    assert "Hãy đánh dấu ô xác nhận" in response.content.decode()
    assert Decision.objects.get().status == "draft"


def test_edit_form_shows_errors_beside_fields_and_keeps_values(authority, decision_maker, spots):
    make_draft(authority, spots[:1], by=decision_maker)
    second = make_draft(authority, spots[1:], by=decision_maker)
    data = {
        "number": 1,
        "symbol": "QĐ-UBND",
        "place": "Vinh Phú",
        "signed_on": "05/02/2026",
        "issuer_name": "ỦY BAN NHÂN DÂN",
        "issuer_power": "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ",
        "title": "Tiêu đề đã gõ",
        "legal_bases": "Căn cứ",
        "article_one": "Công nhận",
        "later_articles": "Điều",
        "recipients": "- Lưu: VT.",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Trần Văn Bình",
    }

    response = client_for(decision_maker).post(reverse("decisions:edit", args=[second.pk]), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Số này đã được cơ quan dùng trong năm đó." in page
    assert "Tiêu đề đã gõ" in page
    assert Decision.objects.get(pk=second.pk).number == 2


def test_issued_decision_has_no_edit_page(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)

    response = client_for(decision_maker).get(reverse("decisions:edit", args=[decision.pk]))

    assert response.status_code == 404


def test_revoke_page_requires_reason_and_confirmation(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)
    target = reverse("decisions:revoke", args=[decision.pk])

    refused = client_for(decision_maker).post(target, {"reason": "Sai sót"})
    done = client_for(decision_maker).post(target, {"reason": "Sai sót", "confirm": "on"})

    assert refused.status_code == 200
    assert done.status_code == 302
    assert Decision.objects.get().status == "revoked"


def test_bright_spot_names_are_escaped_on_the_pages(authority, decision_maker):
    spot = make_proposed_spot(authority, name="<script>alert('x')</script>")
    decision = make_issued(authority, [spot], by=decision_maker)

    page = client_for(decision_maker).get(decision.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_list_query_count_is_flat(authority, decision_maker, django_assert_max_num_queries):
    client = client_for(decision_maker)
    make_issued(authority, [make_proposed_spot(authority)], by=decision_maker)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("decisions:list"))
    for _ in range(4):
        make_issued(authority, [make_proposed_spot(authority)], by=decision_maker)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("decisions:list"))

    assert response.content.decode().count("/QĐ-UBND") == 5


def test_list_shows_the_latest_decision_first(authority, decision_maker):
    issued = [
        make_issued(authority, [make_proposed_spot(authority)], by=decision_maker) for _ in range(3)
    ]

    response = client_for(decision_maker).get(reverse("decisions:list"))

    assert response.context["page"].paginator.object_list.ordered
    assert [d.pk for d in response.context["page"]] == [d.pk for d in reversed(issued)]


def test_detail_query_count_is_flat(authority, decision_maker, django_assert_max_num_queries):
    client = client_for(decision_maker)
    small = make_issued(authority, [make_proposed_spot(authority)], by=decision_maker)
    with django_assert_max_num_queries(15) as one:
        client.get(small.get_absolute_url())
    large = make_issued(
        authority, [make_proposed_spot(authority) for _ in range(6)], by=decision_maker
    )

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(large.get_absolute_url())

    assert response.content.decode().count("decisions/certificates/") == 6


def test_unit_officer_sees_the_issued_decision_of_its_bright_spot(authority, decision_maker):
    officer = make_member(authority, "officer")
    decision = make_issued(authority, [make_proposed_spot(authority)], by=decision_maker)

    page = client_for(officer).get(reverse("decisions:list")).content.decode()

    assert decision.number_label in page


def test_detail_says_why_a_draft_cannot_be_issued_yet(authority, decision_maker, spots):
    decision = make_draft(authority, spots, by=decision_maker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.decision_update(decision=decision, by=decision_maker, values={"signed_on": tomorrow})

    page = client_for(decision_maker).get(decision.get_absolute_url()).content.decode()

    assert "Ngày của quyết định không được sau ngày hôm nay." in page
    assert 'disabled aria-describedby="why-issue"' in page


def test_detail_of_a_draft_offers_issue_and_no_revoke(
    authority, decision_maker, spots, in_the_window
):
    decision = make_draft(authority, spots, by=decision_maker)

    page = client_for(decision_maker).get(decision.get_absolute_url()).content.decode()

    assert reverse("decisions:issue", args=[decision.pk]) in page
    assert 'aria-describedby="why-issue"' not in page
    assert reverse("decisions:revoke", args=[decision.pk]) not in page


def test_detail_of_an_issued_decision_offers_revoke_and_no_issue(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)

    page = client_for(decision_maker).get(decision.get_absolute_url()).content.decode()

    assert reverse("decisions:revoke", args=[decision.pk]) in page
    assert reverse("decisions:issue", args=[decision.pk]) not in page


def test_detail_offers_no_step_to_a_unit_officer(authority, decision_maker, spots):
    officer = make_member(authority, "officer")
    decision = make_issued(authority, spots, by=decision_maker)

    page = client_for(officer).get(decision.get_absolute_url()).content.decode()

    assert reverse("decisions:revoke", args=[decision.pk]) not in page
