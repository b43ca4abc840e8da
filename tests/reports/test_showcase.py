import pytest
from django.urls import reverse

from apps.brightspots.enums import BrightSpotStatus
from apps.brightspots.models import BrightSpot
from tests.brightspots.factories import make_bright_spot, make_cycle
from tests.factories import make_unit
from tests.kinds import BrightSpotKind
from tests.queries import page_queries
from tests.reports.factories import recognise, revoke

URL = reverse("reports:showcase")
S = BrightSpotStatus
SECRET = "BÍ-MẬT-NỘI-BỘ"


def showcased(unit, cycle, name, **fields):
    """A recognised, public bright spot with private fields that must never show."""
    spot = make_bright_spot(
        unit,
        cycle=cycle,
        name=name,
        status=S.IN_RECOGNITION,
        is_public=True,
        public_summary=fields.pop("summary", f"Cách làm của {name}"),
        public_effect=fields.pop("effect", f"Hiệu quả của {name}"),
        problem=f"{SECRET} vấn đề",
        goals=f"{SECRET} mục tiêu",
        address=f"{SECRET} địa chỉ",
        **fields,
    )
    recognise(spot, number=spot.pk)
    return spot


def names(response) -> list[str]:
    return [item["name"] for item in response.context["items"]]


@pytest.mark.django_db
def test_anonymous_sees_recognised_public_spots_with_their_decision(client, commune, cycle):
    spot = showcased(commune, cycle, "Mô hình Hòa giải ở cơ sở")

    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert names(response) == ["Mô hình Hòa giải ở cơ sở"]
    assert f"Quyết định số {spot.pk:02d}/QĐ-UBND ngày 20/11/2026" in page
    assert "Cách làm của Mô hình Hòa giải ở cơ sở" in page
    assert "Phường Vinh Phú" in page


@pytest.mark.django_db
def test_nothing_unrecognised_private_or_revoked_leaks(client, commune, cycle):
    showcased(commune, cycle, "Được giới thiệu")
    make_bright_spot(
        commune,
        cycle=cycle,
        name="Chưa công nhận",
        is_public=True,
        status=S.IN_RECOGNITION,
        public_summary="x",
    )
    private = make_bright_spot(
        commune, cycle=cycle, name="Không công khai", status=S.IN_RECOGNITION
    )
    recognise(private, number=90)
    revoked = showcased(commune, cycle, "Bị thu hồi")
    revoke(revoked.certificates.get().decision)
    stale = showcased(commune, cycle, "Thu hồi, trạng thái chưa cập nhật")
    revoke(stale.certificates.get().decision, keep_spot_status=True)

    response = client.get(URL)

    page = response.content.decode()
    assert names(response) == ["Được giới thiệu"]
    for hidden in ("Chưa công nhận", "Không công khai", "Bị thu hồi", "chưa cập nhật", SECRET):
        assert hidden not in page


@pytest.mark.django_db
def test_search_ignores_diacritics(client, commune, cycle):
    showcased(commune, cycle, "Mô hình Hòa giải ở cơ sở")
    showcased(commune, cycle, "Dân vận khéo trong thu thuế")

    response = client.get(URL, {"q": "hoa giai"})

    assert names(response) == ["Mô hình Hòa giải ở cơ sở"]


@pytest.mark.django_db
def test_filters_by_year_kind_and_place(client, province, commune, other_commune, cycle):
    earlier = make_cycle(province, 2025)
    showcased(commune, cycle, "QCDC 2026 Vinh Phú", kind=BrightSpotKind.QCDC)
    showcased(commune, cycle, "DVK 2026 Vinh Phú", kind=BrightSpotKind.DVK)
    showcased(commune, earlier, "QCDC 2025 Vinh Phú", kind=BrightSpotKind.QCDC)
    showcased(other_commune, cycle, "QCDC 2026 Nghĩa Đàn", kind=BrightSpotKind.QCDC)

    response = client.get(URL, {"year": 2026, "kind": "qcdc", "place": commune.pk})

    assert names(response) == ["QCDC 2026 Vinh Phú"]


@pytest.mark.django_db
def test_place_choices_hold_only_places_with_showcased_spots(
    client, province, commune, other_commune, cycle
):
    showcased(commune, cycle, "Có điểm sáng")

    response = client.get(URL)

    choices = [label.strip() for value, label in response.context["form"].fields["place"].choices]
    assert choices == ["Tất cả", "Tỉnh Nghệ An", "Phường Vinh Phú"]


@pytest.mark.django_db
def test_revocation_removes_the_spot_at_once_despite_the_cache(client, commune, cycle):
    spot = showcased(commune, cycle, "Sắp bị thu hồi")
    assert names(client.get(URL)) == ["Sắp bị thu hồi"]

    revoke(spot.certificates.get().decision, keep_spot_status=True)
    BrightSpot.objects.filter(pk=spot.pk).update(status=S.RECOGNISED)

    assert names(client.get(URL)) == []


@pytest.mark.django_db
def test_unit_hiding_a_spot_removes_it(client, commune, cycle):
    spot = showcased(commune, cycle, "Sẽ ẩn")
    client.get(URL)

    spot.is_public = False
    spot.save()

    assert names(client.get(URL)) == []


@pytest.mark.django_db
def test_showcase_paginates(client, commune, cycle):
    for n in range(25):
        showcased(commune, cycle, f"Điểm sáng số {n:02d}")

    second = client.get(URL, {"page": 2})

    assert len(second.context["items"]) == 5
    assert second.context["page"].paginator.count == 25


@pytest.mark.django_db
def test_showcase_query_count_is_flat(client, province, cycle):
    def queries():
        return page_queries(client, URL, {"q": "điểm"})

    commune = make_unit("Xã Mẫu", parent=province)
    showcased(commune, cycle, "Điểm sáng đầu")
    small = queries()
    for n in range(15):
        showcased(make_unit(f"Xã {n}", parent=province), cycle, f"Điểm sáng {n}")
    large = queries()

    assert large == small
