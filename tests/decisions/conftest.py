import pytest
from django.core.cache import cache

from tests.decisions.factories import decision_maker_of, make_authority, make_proposed_spot


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The verification page counts requests per address in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def authority(commune):
    """Phường Vinh Phú, recognising its own bright spots."""
    return make_authority(commune)


@pytest.fixture
def decision_maker(authority):
    return decision_maker_of(authority, username="chu_tich_phuong")


@pytest.fixture
def spots(authority):
    return [
        make_proposed_spot(authority, name="Đối thoại trực tiếp với Nhân dân ở khối Yên Giang"),
        make_proposed_spot(authority, name="Công khai thủ tục hành chính tại bộ phận một cửa"),
    ]
