import os

import pytest
from django.conf import settings as django_settings
from django.test import Client

from apps.accounts.enums import Role
from apps.units.enums import BoardFunction, UnitKind, UnitLevel
from tests.factories import make_member, make_unit

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A transactional test that restores serialized data may give content types new
    ids; the in-process cache must not hand out the old ones to the next test."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters (verification, password reset) start at zero in each test,
    and nothing an earlier test kept in the reference cache (apps.core.reference) is
    read: a page's query count does not depend on the tests before it."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["reference"].clear()


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def province(db):
    return make_unit("Tỉnh Nghệ An", code="P40")


@pytest.fixture
def other_province(db):
    return make_unit("Tỉnh Hà Tĩnh", code="P42")


@pytest.fixture
def commune(province):
    return make_unit("Phường Vinh Phú", parent=province, code="W16702")


@pytest.fixture
def other_commune(province):
    return make_unit("Xã Nghĩa Đàn", parent=province, code="W17000")


@pytest.fixture
def boards(province):
    """The provincial boards a registration list is routed to."""

    def board(name, function, code):
        return make_unit(
            name,
            parent=province,
            kind=UnitKind.BOARD,
            level=UnitLevel.PROVINCE,
            function=function,
            code=code,
        )

    return {
        "ban_dan_van": board("Ban Dân vận Tỉnh ủy", BoardFunction.MASS_MOBILISATION, "P40-BDV"),
        "noi_vu": board("Sở Nội vụ", BoardFunction.HOME_AFFAIRS, "P40-SNV"),
        "bcd_qcdc": board("BCĐ QCDC tỉnh", BoardFunction.QCDC_STEERING, "P40-QCDC"),
        "bcd_dvcq": board("BCĐ công tác DVCQ tỉnh", BoardFunction.DVCQ_STEERING, "P40-DVCQ"),
    }


@pytest.fixture
def personas(province, commune, other_commune, other_province):
    """The standard users of the access matrix (see tests/access.py)."""
    from tests.access import build_personas

    return build_personas(province, commune, other_commune, other_province)


@pytest.fixture
def redis_down(settings):
    """The cache is a Redis server that is not there (nothing listens on port 9)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }


@pytest.fixture
def cycle(province):
    """The province's 2026 cycle with the guidance's default dates (recognition window
    15/10–30/11)."""
    from tests.brightspots.factories import make_cycle

    return make_cycle(province, 2026)


@pytest.fixture
def officer(commune):
    return make_member(commune, Role.OFFICER, username="officer")


@pytest.fixture
def leader(commune):
    return make_member(commune, Role.LEADER, username="leader")


@pytest.fixture
def province_admin(province):
    return make_member(province, Role.ADMIN, username="padmin")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sign_in(page, user) -> None:
    """The browser ``page`` signed in as ``user`` (a session made by the test client,
    handed over as its cookie: no log-in form, no second factor)."""
    name = django_settings.SESSION_COOKIE_NAME
    value = client_for(user).cookies[name].value
    page.context.add_cookies([{"name": name, "value": value, "url": page.base_url}])


@pytest.fixture
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/bootstrap.sh installs the chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; ``page.base_url`` is the live server."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


def pytest_configure(config):
    # Playwright's sync API runs an event loop; Django must still allow its ORM calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The access matrix's coverage check at the end of the session (see tests/access.py).
    from tests.access import MatrixCoverage

    config.pluginmanager.register(MatrixCoverage(), "access-matrix-coverage")
