import pytest
from django.db import connection

from apps.units.models import Unit


@pytest.mark.django_db
def test_a_jurisdiction_prefix_match_is_answered_from_an_index(province, commune, other_commune):
    """A subtree (here a commune's) is one range scan of the path's pattern index. The
    statistics are refreshed first: a test that loaded thousands of units before on the
    same database would otherwise leave the planner expecting most rows to match."""
    sql, params = Unit.objects.filter(path__startswith=commune.path).query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE units_unit")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Index Cond: (((path)::text ~>=~" in plan
