import pytest

from tests.decisions.factories import (
    decision_maker_of,
    make_authority,
    make_issued,
    make_proposed_spot,
)


@pytest.fixture
def make_decision(commune):
    """An issued decision of Phường Vinh Phú with ``count`` certificates, its bright
    spots named "Mô hình 01", "Mô hình 02", ... (returns the decision and its maker)."""

    def make(count: int):
        authority = make_authority(commune)
        maker = decision_maker_of(authority, username="chu_tich_phuong")
        spots = [
            make_proposed_spot(authority, name=f"Mô hình {n:02d}") for n in range(1, count + 1)
        ]
        return make_issued(authority, spots, by=maker), maker

    return make
