"""Meta-test: every named URL of the project has rows in the access matrix."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests

# Django's own and third-party views, covered by their projects and by the admin tests.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {"set_language", "javascript-catalog"}


def _named_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in EXEMPT_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from _named_patterns(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def _covered_names() -> set[str]:
    covered = set()
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".test_access"):
            covered |= set(importlib.import_module(module.name).COVERED_URL_NAMES)
    return covered


def test_every_url_has_rows_in_the_access_matrix():
    names = set(_named_patterns()) - EXEMPT_NAMES

    missing = sorted(names - _covered_names())

    assert missing == [], f"URL names without access-matrix rows: {missing}"
