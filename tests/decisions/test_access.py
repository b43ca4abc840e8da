"""Access matrix of every decisions URL (and the public verification pages)."""

import datetime

import pytest
from django.urls import reverse

from apps.decisions import services
from apps.decisions.enums import DecisionStatus, ProposalStatus
from apps.decisions.models import CommendationProposal, Decision
from apps.decisions.services.printing import certificates_print_request, print_job_run
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from apps.units.models import Unit
from tests.access import COMMUNE_STAFF, PERSONAS, assert_audited, assert_success, check_access
from tests.decisions.factories import (
    first_period,
    make_authority,
    make_draft,
    make_issued,
    make_proposed_spot,
)
from tests.factories import make_unit

LOGGED_IN = set(PERSONAS) - {"anonymous", "deactivated"}
# Read every decision of the commune: its decision maker and the province's boards.
READERS = {"decision_maker", "appraiser", "steering", "observer", "admin"}
# Also read issued decisions listing a bright spot of their unit.
PRINTERS = {"decision_maker", "admin"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(personas):
    """The commune recognises its own bright spots; a draft and an issued decision."""
    commune = make_authority(Unit.objects.get(pk=personas.commune.pk))
    signer = personas.users["decision_maker"]
    draft = make_draft(commune, [make_proposed_spot(commune, name="Dự thảo")], by=signer)
    issued = make_issued(commune, [make_proposed_spot(commune, name="Đã công nhận")], by=signer)
    return {
        "commune": commune,
        "draft": draft,
        "issued": issued,
        "certificate": issued.certificates.get(),
        "candidate": make_proposed_spot(commune, name="Chờ công nhận"),
    }


def url(name, *args):
    return reverse(name, args=args)


def test_list_access(personas, setup):
    check_access(personas, "get", url("decisions:list"), allowed=LOGGED_IN)


def test_create_access(personas, setup):
    target = url("decisions:create", setup["commune"].pk)

    def created(spot, by, response):
        decision = Decision.objects.get(items__bright_spot=spot)
        assert response.url == url("decisions:edit", decision.pk)
        assert_audited(decision, "create", by=by)
        assert_success(response)

    check_access(personas, "get", target, allowed={"decision_maker"})
    check_access(
        personas,
        "post",
        target,
        allowed={"decision_maker"},
        allowed_status=302,
        data=lambda spot: {"bright_spots": [spot.pk]},
        fresh=lambda: setup["candidate"],
        effect=created,
    )


def test_draft_detail_and_pdf_access(personas, setup):
    pk = setup["draft"].pk

    check_access(personas, "get", url("decisions:detail", pk), allowed=READERS)
    check_access(personas, "get", url("decisions:pdf", pk), allowed=READERS)


def test_issued_detail_and_pdf_access(personas, setup):
    pk = setup["issued"].pk

    check_access(personas, "get", url("decisions:detail", pk), allowed=READERS | COMMUNE_STAFF)
    check_access(personas, "get", url("decisions:pdf", pk), allowed=READERS | COMMUNE_STAFF)


def test_certificate_pdf_access(personas, setup):
    target = url("decisions:certificate_pdf", setup["certificate"].pk)

    check_access(personas, "get", target, allowed=READERS | COMMUNE_STAFF)


def _done(action, check=lambda decision: True):
    """The effect on the draft: ``check`` holds, audited ``action``, the page says so."""

    def effect(decision, by, response):
        decision.refresh_from_db()
        assert check(decision), decision
        assert_audited(decision, action, by=by)
        assert_success(response)

    return effect


def test_edit_access(personas, setup):
    pk = setup["draft"].pk
    data = {
        "number": 7,
        "symbol": "QĐ-UBND",
        "place": "Vinh Phú",
        "signed_on": "01/02/2026",
        "issuer_name": "ỦY BAN NHÂN DÂN\nPHƯỜNG VINH PHÚ",
        "issuer_power": "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ",
        "title": "Về việc công nhận điểm sáng",
        "legal_bases": "Căn cứ Luật Thực hiện dân chủ ở cơ sở",
        "article_one": "Công nhận:",
        "later_articles": "Quyết định có hiệu lực kể từ ngày ký.",
        "recipients": "- Lưu: VT.",
        "signer": "head",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Trần Văn Bình",
    }

    check_access(personas, "get", url("decisions:edit", pk), allowed={"decision_maker"})
    check_access(
        personas,
        "post",
        lambda decision: url("decisions:edit", decision.pk),
        allowed={"decision_maker"},
        allowed_status=302,
        data=data,
        fresh=lambda: setup["draft"],
        effect=_done("edit", lambda decision: decision.signer_name == "Trần Văn Bình"),
    )


def test_bright_spots_access(personas, setup):
    target = url("decisions:bright_spots", setup["draft"].pk)
    spots = [setup["draft"].items.get().bright_spot_id, setup["candidate"].pk]

    check_access(personas, "get", target, allowed={"decision_maker"})
    check_access(
        personas,
        "post",
        lambda decision: url("decisions:bright_spots", decision.pk),
        allowed={"decision_maker"},
        allowed_status=302,
        data={"bright_spots": spots},
        fresh=lambda: setup["draft"],
        effect=_done(
            "set_bright_spots",
            lambda decision: (
                sorted(decision.items.values_list("bright_spot_id", flat=True)) == sorted(spots)
            ),
        ),
    )


def test_issue_access(personas, setup, in_the_window):
    check_access(
        personas,
        "post",
        lambda decision: url("decisions:issue", decision.pk),
        allowed={"decision_maker"},
        allowed_status=302,
        data={"confirm": "on"},
        fresh=lambda: setup["draft"],
        effect=_done("issue", lambda decision: decision.status == DecisionStatus.ISSUED),
    )


def test_delete_access(personas, setup):
    def deleted(decision, by, response):
        assert not Decision.objects.filter(pk=decision.pk).exists()
        assert_audited(decision, "delete", by=by)
        assert_success(response)

    check_access(
        personas,
        "post",
        lambda decision: url("decisions:delete", decision.pk),
        allowed={"decision_maker"},
        allowed_status=302,
        fresh=lambda: setup["draft"],
        effect=deleted,
    )


def test_revoke_access(personas, setup):
    target = url("decisions:revoke", setup["issued"].pk)

    check_access(personas, "get", target, allowed={"decision_maker"})
    check_access(
        personas,
        "post",
        lambda decision: url("decisions:revoke", decision.pk),
        allowed={"decision_maker"},
        allowed_status=302,
        data={"reason": "Hồ sơ không trung thực", "confirm": "on"},
        fresh=lambda: setup["issued"],
        effect=_done("revoke", lambda decision: decision.status == DecisionStatus.REVOKED),
    )


def test_print_access(personas, setup):
    signer = personas.users["decision_maker"]

    def fresh():
        return make_issued(setup["commune"], [make_proposed_spot(setup["commune"])], by=signer)

    def queued(decision, by, response):
        job = decision.print_jobs.get()
        assert (job.requested_by, response.url) == (by, job.get_absolute_url())

    check_access(
        personas,
        "post",
        lambda decision: url("decisions:print", decision.pk),
        allowed=PRINTERS,
        allowed_status=302,
        fresh=fresh,
        effect=queued,
    )


def test_print_job_access(personas, setup):
    job = certificates_print_request(decision=setup["issued"], by=personas.users["decision_maker"])
    print_job_run(job_id=job.pk)

    for name in ("decisions:print_job", "decisions:print_job_status"):
        check_access(personas, "get", url(name, job.pk), allowed=PRINTERS)
    check_access(personas, "get", url("decisions:print_job_download", job.pk), allowed=PRINTERS)


@pytest.fixture
def proposal(personas, setup):
    """A provincial QCDC proposal of the steering board, with one recognised spot."""
    province = Unit.objects.get(pk=personas.province.pk)
    make_unit(
        "Hội đồng TĐKT tỉnh",
        parent=province,
        kind=UnitKind.BOARD,
        level=UnitLevel.PROVINCE,
        function=BoardFunction.EMULATION_COUNCIL,
        code="P40-TDKT",
    )
    setup["issued"].certificates.update(year=2025)
    steering = personas.users["steering"]
    proposal = services.proposal_create(
        period=first_period(), unit=province, kind="qcdc", by=steering
    )
    return proposal


def test_commendation_list_access(personas, proposal):
    check_access(personas, "get", url("decisions:commendation_list"), allowed=LOGGED_IN)


def test_commendation_create_access(personas, proposal):
    target = url("decisions:commendation_create")
    data = {"period": first_period().pk, "unit": personas.province.pk, "kind": "dvcq"}

    def created(_nothing, by, response):
        created = CommendationProposal.objects.get(kind="dvcq")
        assert response.url == url("decisions:commendation_select", created.pk)
        assert_audited(created, "create", by=by)

    check_access(personas, "get", target, allowed={"steering"})
    check_access(
        personas,
        "post",
        target,
        allowed={"steering"},
        allowed_status=302,
        data=data,
        effect=created,
    )


def test_commendation_detail_and_export_access(personas, proposal):
    allowed = {"steering", "observer", "admin"}

    check_access(
        personas, "get", url("decisions:commendation_detail", proposal.pk), allowed=allowed
    )
    check_access(
        personas, "get", url("decisions:commendation_export", proposal.pk), allowed=allowed
    )


def _proposal_done(action, check):
    def effect(proposal, by, response):
        proposal.refresh_from_db()
        assert check(proposal), proposal
        assert_audited(proposal, action, by=by)
        assert_success(response)

    return effect


def test_commendation_select_access(personas, proposal, setup):
    select = url("decisions:commendation_select", proposal.pk)
    certificate = setup["certificate"]

    check_access(personas, "get", select, allowed={"steering"})
    check_access(
        personas,
        "post",
        lambda proposal: url("decisions:commendation_select", proposal.pk),
        allowed={"steering"},
        allowed_status=302,
        data={"certificates": [certificate.pk]},
        fresh=lambda: proposal,
        effect=_proposal_done(
            "select",
            lambda proposal: [i.certificate for i in proposal.items.all()] == [certificate],
        ),
    )


def test_commendation_send_access(personas, proposal, setup):
    steering = personas.users["steering"]
    services.proposal_select(
        proposal=proposal, certificate_ids=[setup["certificate"].pk], by=steering
    )

    check_access(
        personas,
        "post",
        lambda proposal: url("decisions:commendation_send", proposal.pk),
        allowed={"steering"},
        allowed_status=302,
        data={"letter_number": "45/TTr-BCĐ", "letter_date": "01/11/2025"},
        fresh=lambda: proposal,
        effect=_proposal_done(
            "propose", lambda proposal: proposal.status == ProposalStatus.PROPOSED
        ),
    )


def test_commendation_record_access(personas, proposal, setup):
    steering = personas.users["steering"]
    services.proposal_select(
        proposal=proposal, certificate_ids=[setup["certificate"].pk], by=steering
    )
    services.proposal_send(
        proposal=proposal, by=steering, letter_number="45", letter_date=datetime.date(2025, 11, 1)
    )
    target = url("decisions:commendation_record", proposal.pk)
    data = {
        "number": "1234/QĐ-UBND",
        "date": "10/12/2025",
        "signer": "Lê Hồng Vinh",
        "signer_title": "Chủ tịch",
        "commended": [proposal.items.get().pk],
    }

    check_access(personas, "get", target, allowed={"steering"})
    check_access(
        personas,
        "post",
        lambda proposal: url("decisions:commendation_record", proposal.pk),
        allowed={"steering"},
        allowed_status=302,
        data=data,
        fresh=lambda: proposal,
        effect=_proposal_done(
            "record_decision", lambda proposal: proposal.status == ProposalStatus.DECIDED
        ),
    )


def test_public_verification_access(personas, setup):
    code = setup["certificate"].code

    check_access(personas, "get", url("verify:lookup"), allowed=set(PERSONAS), allowed_status=200)
    check_access(
        personas, "get", url("verify:certificate", code), allowed=set(PERSONAS), allowed_status=200
    )
