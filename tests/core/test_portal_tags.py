import pytest
from django.template import Context, Template
from django.utils import translation

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from apps.criteria.enums import BrightSpotKind

LABEL = Template('{% load portal %}{{ spot|label:"kind" }} · {{ spot|label:"status" }}')


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("vi", "Mô hình “Dân vận khéo” · Đã công nhận"),
        ("en", "“Skilful mass mobilisation” (Dân vận khéo) model · Recognised"),
    ],
)
def test_label_shows_the_choice_in_the_active_language(language, shown):
    spot = BrightSpot(kind=BrightSpotKind.DVK, status=BrightSpotStatus.RECOGNISED)

    with translation.override(language):
        rendered = LABEL.render(Context({"spot": spot}))
        django_labels = [spot.get_kind_display(), spot.get_status_display()]

    assert rendered == shown
    assert rendered.split(" · ") == django_labels


def test_label_shows_an_unknown_value_as_it_is():
    spot = BrightSpot(kind="retired", status=BrightSpotStatus.DRAFT)

    assert LABEL.render(Context({"spot": spot})).startswith("retired · ")
