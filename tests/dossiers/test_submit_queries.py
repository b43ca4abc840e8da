"""A submit reads what its checks and its snapshot share once: the assessments (the
blocker's "every criterion assessed" and the version's criteria) and the last version
(its number and the scoring sheet it was scored on)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.dossiers.models import Dossier, DossierVersion
from apps.dossiers.services import dossier_return, dossier_start_appraisal, dossier_submit
from tests.dossiers.conftest import at_local

pytestmark = pytest.mark.django_db


def _selects_from(captured, table: str) -> int:
    return sum(
        1
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"]
    )


def test_a_submit_and_a_resubmit_read_the_assessments_and_the_last_version_once(
    dossier, officer, appraiser
):
    with at_local(2026, 10, 20):
        with CaptureQueriesContext(connection) as first:
            dossier_submit(dossier=Dossier.objects.get(pk=dossier.pk), by=officer)
        dossier_start_appraisal(dossier=dossier, by=appraiser)
        dossier_return(dossier=dossier, by=appraiser, reason="Bổ sung minh chứng")
        with CaptureQueriesContext(connection) as again:
            dossier_submit(dossier=Dossier.objects.get(pk=dossier.pk), by=officer)

    for captured in (first, again):
        assert _selects_from(captured, "dossiers_criterionassessment") == 1
        assert _selects_from(captured, "dossiers_dossierversion") == 1
    numbers = list(DossierVersion.objects.filter(dossier=dossier).values_list("number", flat=True))
    assert sorted(numbers) == [1, 2]
