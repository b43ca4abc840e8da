"""Fixtures of the browser checks of tests/core (phones, accessibility, keyboard): the
whole demo, and logging in as one of its accounts."""

import io
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from apps.core.management.commands.load_demo_data import DEMO_PASSWORD
from apps.criteria.models import CriteriaSet
from apps.cycles.process import load_default


@pytest.fixture
def demo(settings):
    """The whole demo (``manage.py load_demo_data``) loaded into the test database, as
    ``make run`` loads it: the map's Nghệ An, its boards, the accounts and the years.
    A transactional test empties the tables the migrations filled: their criteria sets
    and default process are put back first."""
    if not CriteriaSet.objects.exists():
        import_module("apps.criteria.migrations.0003_nghe_an_2022").load(apps, None)
        load_default()
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    settings.DEBUG = False


def demo_log_in(page, username: str) -> None:
    """Log in as a demo account through the login form."""
    page.goto(page.base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + reverse("home"))
