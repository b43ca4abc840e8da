import pytest
from django.template import Context, Template
from django.utils import translation

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from tests.cycles.factories import make_cycle
from tests.kinds import BrightSpotKind

LABEL = Template('{% load portal %}{{ spot|label:"kind" }} · {{ spot|label:"status" }}')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("vi", "Mô hình “Dân vận khéo” · Đã công nhận"),
        # The kind's name is the province's process data, the same in both languages.
        ("en", "Mô hình “Dân vận khéo” · Recognised"),
    ],
)
def test_label_shows_the_choice_in_the_active_language(language, shown, province):
    cycle = make_cycle(province)
    spot = BrightSpot(cycle=cycle, kind=BrightSpotKind.DVK, status=BrightSpotStatus.RECOGNISED)

    with translation.override(language):
        rendered = LABEL.render(Context({"spot": spot}))
        django_labels = [spot.get_kind_display(), spot.get_status_display()]

    assert rendered == shown
    assert rendered.split(" · ") == django_labels


@pytest.mark.django_db
def test_label_shows_an_unknown_value_as_it_is(province):
    spot = BrightSpot(cycle=make_cycle(province), kind="retired", status=BrightSpotStatus.DRAFT)

    assert LABEL.render(Context({"spot": spot})).startswith("retired · ")
