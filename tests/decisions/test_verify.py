"""The public verification page: genuine, revoked, unknown; nothing else exposed."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.decisions import services
from tests.decisions.factories import make_issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(authority, decision_maker, spots):
    decision = make_issued(authority, spots, by=decision_maker)
    return decision.certificates.order_by("serial").first()


def verify(code: str, client=None):
    return (client or Client()).get(reverse("verify:certificate", args=[code]))


def test_genuine_certificate_shows_holder_unit_and_decision(certificate):
    response = verify(certificate.code)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Giấy công nhận này là thật và còn hiệu lực" in page
    assert certificate.holder_name in page
    assert "Phường Vinh Phú" in page
    assert f"Số {certificate.decision.number_label} ngày" in page
    assert certificate.decision.signed_on.strftime("%d/%m/%Y") in page


def test_verification_page_shows_nothing_else(certificate):
    spot = certificate.bright_spot

    page = verify(certificate.code).content.decode()

    assert spot.address not in page
    assert certificate.decision.signer_name not in page
    assert certificate.decision.title not in page
    assert "Nguyễn Văn" not in page  # no person's name at all
    assert 'href="/decisions/' not in page


def test_revoked_certificate_says_revoked(certificate, decision_maker):
    services.decision_revoke(decision=certificate.decision, by=decision_maker, reason="Sai sót")

    response = verify(certificate.code)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Giấy công nhận này đã bị thu hồi" in page
    assert "là thật và còn hiệu lực" not in page
    assert "Sai sót" not in page  # the reason is not public


def test_unknown_code_is_a_clear_404(db):
    response = verify("ZZZZZZZZZZ")

    assert response.status_code == 404
    assert "Không có giấy công nhận nào mang mã này" in response.content.decode()


def test_malformed_code_is_a_404_and_not_reflected_raw(db):
    response = Client().get("/v/%3Cscript%3Ealert(1)%3C%2Fscript%3E/")

    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_code_as_typed_from_paper_is_found(certificate):
    typed = certificate.code_display.lower().replace("0", "o")

    response = Client().get(reverse("verify:lookup"), {"code": typed})

    assert response.status_code == 302
    assert response.url == reverse("verify:certificate", args=[certificate.code])


def test_verification_is_rate_limited_per_address(settings, certificate):
    settings.VERIFY_REQUESTS_PER_MINUTE = 5
    client = Client()

    statuses = [verify(certificate.code, client).status_code for _ in range(7)]
    other = verify(certificate.code, Client(REMOTE_ADDR="10.0.0.2")).status_code

    assert statuses == [200] * 5 + [429, 429]
    assert other == 200


def test_forged_forwarded_header_does_not_reset_the_limit(settings, certificate):
    settings.VERIFY_REQUESTS_PER_MINUTE = 2
    statuses = [
        Client(HTTP_X_FORWARDED_FOR=f"10.1.1.{n}")
        .get(reverse("verify:certificate", args=[certificate.code]))
        .status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 429, 429]


def test_qr_code_points_to_the_verification_page(certificate, settings):
    assert certificate.verification_url() == (
        settings.SITE_URL.rstrip("/") + f"/v/{certificate.code}/"
    )
