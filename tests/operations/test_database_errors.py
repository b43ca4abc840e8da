"""A request whose database connection is cut (PostgreSQL restarting) gets a clean
503 page in Vietnamese (handler500 sees the error wherever it rose); the next request
reconnects by itself."""

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client

from tests.conftest import client_for


def _cut_our_connection():
    """Terminate this process's PostgreSQL backend from another connection, as a
    restart does."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    with psycopg.connect(url, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits until it is gone


def _assert_clean_503(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Cổng thông tin tạm thời gián đoạn" in body
    assert "Traceback" not in body
    assert "psycopg" not in body


@pytest.mark.django_db(transaction=True)
def test_a_view_whose_database_went_away_answers_503_then_recovers():
    client = Client(raise_request_exception=False)
    _cut_our_connection()

    cut = client.get("/health/")
    # What the server does around every request (the test client skips it): a
    # connection that failed is closed, so the next request opens a new one.
    close_old_connections()
    after = client.get("/health/")

    _assert_clean_503(cut)
    assert after.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_page_whose_database_went_away_answers_503(officer):
    client = client_for(officer)
    client.raise_request_exception = False
    _cut_our_connection()

    cut = client.get("/")  # the session, the user and the to-do list all need it
    close_old_connections()

    _assert_clean_503(cut)


@pytest.mark.django_db(transaction=True)
def test_other_errors_still_answer_500(settings, monkeypatch):
    from apps.core import views

    def broken(request):
        raise RuntimeError("not a database error")

    monkeypatch.setattr(views, "health", broken)
    settings.ROOT_URLCONF = "tests.operations.urls_broken"

    response = Client(raise_request_exception=False).get("/health/")

    assert response.status_code == 500


@pytest.fixture
def kept_connection():
    """This process's connection as production keeps it: across requests, tested
    before each request reuses it (CONN_MAX_AGE, CONN_HEALTH_CHECKS)."""
    before = (connection.settings_dict["CONN_MAX_AGE"], connection.health_check_enabled)
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.health_check_enabled = True
    connection.close()
    yield connection
    connection.settings_dict["CONN_MAX_AGE"], connection.health_check_enabled = before
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_after_a_restart_a_kept_connection_reconnects_before_the_request_uses_it(
    kept_connection,
):
    client = Client(raise_request_exception=False)
    assert client.get("/health/").status_code == 200
    close_old_connections()  # the request ends; the connection is kept
    _cut_our_connection()  # PostgreSQL restarts while the worker waits

    close_old_connections()  # the next request starts
    after = client.get("/health/")

    assert after.status_code == 200  # reconnected: no 503 page for this request


@pytest.mark.django_db(transaction=True)
def test_a_healthy_kept_connection_is_reused_without_a_query_to_test_it(kept_connection):
    client = Client(raise_request_exception=False)
    client.get("/health/")
    close_old_connections()
    kept_connection.ensure_connection()
    first = kept_connection.connection
    asked = []
    real_cursor = first.cursor

    def cursor(*args, **kwargs):
        asked.append(True)
        return real_cursor(*args, **kwargs)

    first.cursor = cursor  # the health check's SELECT 1 would open a cursor here

    close_old_connections()  # the next request starts
    kept_connection.close_if_health_check_failed()

    assert kept_connection.connection is first
    assert kept_connection.health_check_done
    assert asked == []
