"""Every dossier form fuzzed with Hypothesis (``from_form``) and posted to its page:
no input gives a server error, and a refused post leaves the dossier exactly as it
was (no half-written dossier); an accepted one saves everything it was given."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from apps.accounts.enums import Role
from apps.core.steps import ReasonForm
from apps.criteria.models import Criterion
from apps.dossiers.enums import DossierStatus, Section
from apps.dossiers.forms import (
    AppraisalForm,
    AssessmentForm,
    FindingForm,
    GrantForm,
    LetterForm,
    QueueFilterForm,
    SectionsForm,
)
from apps.dossiers.models import Dossier
from apps.dossiers.selectors import grantable_appraisers, letter_issuing_units
from tests.access import database_fingerprint
from tests.conftest import client_for
from tests.dossiers.factories import PDF_BYTES, criteria_set_with, make_dossier
from tests.factories import make_member

S = DossierStatus
pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.text(max_size=300)
FILES = st.one_of(
    st.none(),
    st.binary(min_size=1, max_size=2000),
    st.just(PDF_BYTES),
    st.just(b"\x7fELF" + b"\x00" * 60),
)


def _value(value) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(getattr(value, "pk", value))


def _encode(form, prefix: str = "") -> dict:
    key = (lambda name: f"{prefix}-{name}") if prefix else (lambda name: name)
    data = {key(name): _value(value) for name, value in form.data.items()}
    for name, content in form.files.items():
        if content:
            data[key(name)] = SimpleUploadedFile("tệp ../tải lên.pdf", bytes(content))
    return data


def _upload_strategy():
    return FILES


def _post_atomically(client, url, data):
    """Post, then roll back: every example starts from the same dossier."""
    with transaction.atomic():
        before = database_fingerprint()
        response = client.post(url, data)
        after = database_fingerprint()
        transaction.set_rollback(True)
    return response, before, after


def _check(response, before, after, *, accepted_changes: bool = True):
    # 400: a NUL byte, refused before any view (apps.core.guards.RefuseNulBytes).
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code in (200, 400):
        assert after == before, "a refused form changed the database"
    elif not accepted_changes:
        assert after == before


@pytest.fixture
def mixed_dossier(commune, cycle, officer):
    """A draft with one scored criterion (maximum 10) and the others by level."""
    criteria_set = criteria_set_with(general=2, qcdc=1)
    Criterion.objects.filter(group__criteria_set=criteria_set, number="1.1").update(
        max_score=Decimal("10")
    )
    return make_dossier(commune, cycle=cycle, criteria_set=criteria_set, by=officer)


@pytest.fixture
def appraised(commune, cycle):
    return make_dossier(commune, cycle=cycle, status=S.UNDER_APPRAISAL)


@pytest.fixture
def passed(commune, cycle):
    return make_dossier(commune, cycle=cycle, status=S.PASSED)


def _version_strategy(dossier):
    return st.one_of(st.just(dossier.lock_version), st.integers(-5, 2**31))


@FUZZ
@given(data=st.data())
def test_fuzz_the_self_assessment_page(mixed_dossier, officer, data):
    dossier, client = mixed_dossier, client_for(officer)
    rows = list(dossier.assessments.select_related("criterion"))
    sections = data.draw(
        from_form(SectionsForm, lock_version=_version_strategy(dossier), file=_upload_strategy())
    )
    post = _encode(sections)
    for row in rows:
        form = data.draw(
            from_form(AssessmentForm, form_kwargs={"assessment": row}, file=_upload_strategy())
        )
        post |= _encode(form, prefix=f"c{row.pk}")

    response, before, after = _post_atomically(
        client, reverse("dossiers:edit", args=[dossier.pk]), post
    )

    _check(response, before, after)


@FUZZ
@given(data=st.data())
def test_fuzz_the_self_assessment_page_with_raw_strings(mixed_dossier, officer, data):
    dossier, client = mixed_dossier, client_for(officer)
    names = ["lock_version", *Section.values, "file"]
    for row in dossier.assessments.all():
        names += [f"c{row.pk}-level", f"c{row.pk}-score", f"c{row.pk}-evidence"]
    post = data.draw(st.fixed_dictionaries({}, optional={name: TEXT for name in names}))

    response, before, after = _post_atomically(
        client, reverse("dossiers:edit", args=[dossier.pk]), post
    )

    _check(response, before, after)


def test_an_accepted_self_assessment_saves_every_field(mixed_dossier, officer):
    dossier = mixed_dossier
    post = {"lock_version": dossier.lock_version} | {s: f"  {s} đã làm " for s in Section.values}
    for row in dossier.assessments.select_related("criterion"):
        post |= {f"c{row.pk}-level": "met", f"c{row.pk}-score": "7.5", f"c{row.pk}-evidence": "x"}

    response = client_for(officer).post(reverse("dossiers:edit", args=[dossier.pk]), post)

    dossier.refresh_from_db()
    assert response.status_code == 302
    assert [getattr(dossier, s) for s in Section.values] == [f"{s} đã làm" for s in Section.values]
    scored = dossier.assessments.get(criterion__number="1.1")
    assert (scored.score, scored.level) == (Decimal("7.5"), "")


@FUZZ
@given(data=st.data())
def test_fuzz_the_appraisal_page(appraised, appraiser, data):
    dossier = appraised
    post = _encode(data.draw(from_form(AppraisalForm, lock_version=_version_strategy(dossier))))
    for row in dossier.assessments.select_related("criterion"):
        form = data.draw(from_form(FindingForm, form_kwargs={"assessment": row}))
        post |= _encode(form, prefix=f"c{row.pk}")

    response, before, after = _post_atomically(
        client_for(appraiser), reverse("dossiers:appraisal", args=[dossier.pk]), post
    )

    _check(response, before, after)


@FUZZ
@given(data=st.data())
def test_fuzz_the_request_letter_page(passed, steering, data):
    dossier = passed
    kwargs = {"issuing_units": letter_issuing_units(dossier=dossier), "has_scan": False}
    form = data.draw(
        from_form(
            LetterForm,
            form_kwargs=kwargs,
            lock_version=_version_strategy(dossier),
            scan=_upload_strategy(),
            letter_issuer=st.one_of(st.sampled_from(["steering_board", "leadership"]), TEXT),
            letter_date=st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)),
        )
    )

    response, before, after = _post_atomically(
        client_for(steering), reverse("dossiers:letter", args=[dossier.pk]), _encode(form)
    )

    _check(response, before, after)


@FUZZ
@given(data=st.data())
def test_fuzz_the_reason_forms(appraised, appraiser, leader, data):
    dossier = appraised
    verb, user = data.draw(st.sampled_from([("return", appraiser), ("withdraw", leader)]))
    form = data.draw(from_form(ReasonForm, reason=st.one_of(TEXT, st.just("Bổ sung"))))

    response, before, after = _post_atomically(
        client_for(user), reverse(f"dossiers:{verb}", args=[dossier.pk]), _encode(form)
    )

    assert response.status_code in (302, 400)
    if not (form.data.get("reason") or "").strip() or "\x00" in form.data.get("reason", ""):
        assert after == before


@FUZZ
@given(data=st.data())
def test_fuzz_the_grant_form(appraised, other_commune, province_admin, data):
    make_member(other_commune, Role.APPRAISER)
    dossier = appraised
    form = data.draw(
        from_form(
            GrantForm,
            form_kwargs={"appraisers": grantable_appraisers(dossier=dossier)},
            appraiser=st.one_of(st.integers(-10, 10**6), TEXT),
        )
    )

    response, before, after = _post_atomically(
        client_for(province_admin), reverse("dossiers:grants", args=[dossier.pk]), _encode(form)
    )

    _check(response, before, after)


@FUZZ
@given(data=st.data())
def test_fuzz_the_queue_filters(appraiser, appraised, data):
    form = data.draw(
        from_form(QueueFilterForm, days=st.one_of(st.integers(), TEXT), state=st.one_of(TEXT))
    )

    response = client_for(appraiser).get(reverse("dossiers:queue"), _encode(form))

    # 400 for a NUL byte; 404 for a ``unit`` outside the appraiser's reach.
    assert response.status_code in (200, 400, 404)


def test_nothing_half_written_when_a_file_is_refused(mixed_dossier, officer):
    dossier = mixed_dossier
    before = Dossier.objects.get(pk=dossier.pk)
    post = {"lock_version": dossier.lock_version, "how_done": "Sẽ không được lưu"}
    post["file"] = SimpleUploadedFile("x.pdf", b"\x7fELF" + b"\x00" * 60)

    response = client_for(officer).post(reverse("dossiers:edit", args=[dossier.pk]), post)

    assert response.status_code == 200
    assert Dossier.objects.get(pk=dossier.pk).how_done == before.how_done
