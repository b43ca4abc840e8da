import pytest

# Unit.node_order_by = ["name"]: adding "Tỉnh Hà Tĩnh" as a root renumbers the path of
# "Tỉnh Nghệ An" (it sorts after), so unit objects made before ``other_province`` hold
# stale paths. Refresh them, since the permission checks here read ``unit.path``.
STALE_AFTER_OTHER_PROVINCE = ("province", "commune", "other_commune")


@pytest.fixture
def other_province(other_province, request):
    for name in STALE_AFTER_OTHER_PROVINCE:
        if name in request.fixturenames:
            request.getfixturevalue(name).refresh_from_db()
    return other_province
