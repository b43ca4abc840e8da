import pytest
from django.db import connection

from apps.units.models import Unit


@pytest.mark.django_db
def test_a_jurisdiction_prefix_match_is_answered_from_an_index(province):
    sql, params = Unit.objects.filter(path__startswith=province.path).query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Index Cond: (((path)::text ~>=~" in plan
