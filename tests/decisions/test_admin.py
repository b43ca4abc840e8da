"""The admin shows decisions and certificates of the administrator's subtree and never
changes them; authorities' decision templates are kept there."""

import pytest
from django.urls import reverse

from apps.accounts.enums import Role
from apps.decisions.models import Certificate, Decision, DecisionTemplate
from apps.decisions.wording import decision_initial
from tests.conftest import client_for
from tests.decisions.factories import make_issued
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:decisions_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def issued(authority, decision_maker, spots):
    return make_issued(authority, spots, by=decision_maker)


def test_admin_views_an_issued_decision_but_cannot_change_it(issued, province_admin):
    client = client_for(province_admin)

    page = client.get(change_url(issued))
    post = client.post(change_url(issued), {"title": "Sửa trong admin", "status": "draft"})

    assert page.status_code == 200
    assert post.status_code == 403
    assert Decision.objects.get(pk=issued.pk).title == issued.title


def test_admin_cannot_add_or_delete_decisions_or_certificates(issued, province_admin):
    client = client_for(province_admin)
    certificate = issued.certificates.first()

    add = client.get(reverse("admin:decisions_decision_add"))
    delete = client.post(
        reverse("admin:decisions_certificate_delete", args=[certificate.pk]), {"post": "yes"}
    )

    assert add.status_code == 403
    assert delete.status_code == 403
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_admin_elsewhere_does_not_see_the_decision(issued, other_province):
    outsider = make_member(other_province, Role.ADMIN)

    response = client_for(outsider).get(change_url(issued))

    assert response.status_code in {302, 404}


def test_decision_template_prefills_new_drafts(authority, spots):
    DecisionTemplate.objects.create(
        authority=authority,
        signer_title="CHỦ TỊCH",
        signer_name="Trần Văn Bình",
        recipients="- Như Điều 3;\n- Lưu: VT, VP.",
    )

    values = decision_initial(
        authority=authority, bright_spots=spots, on=spots[0].created_at.date()
    )

    assert (values["signer_title"], values["signer_name"]) == ("CHỦ TỊCH", "Trần Văn Bình")
    assert values["recipients"].endswith("- Lưu: VT, VP.")
    assert (values["signer_on_behalf"], values["signer_delegation"]) == ("", "")
    assert values["symbol"] == "QĐ-UBND"
