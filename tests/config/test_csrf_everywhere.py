"""Every URL of the site refuses a write without a CSRF token, htmx requests included."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

SAMPLE_ARGS = {"int": "1", "slug": "someone", "str": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}


def _routes(resolver=None, prefix=""):
    """Concrete paths for every URL pattern, with sample values for the converters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        route = str(pattern)
        if hasattr(pattern, "converters") and pattern.converters:
            for name, converter in pattern.converters.items():
                kind = type(converter).__name__.replace("Converter", "").lower()
                value = SAMPLE_ARGS.get(kind, "1")
                route = route.replace(f"<{kind}:{name}>", value).replace(f"<{name}>", value)
        if route.startswith("^") or "(?P" in route:
            continue  # regex routes (the admin's app index) are covered by their plain siblings
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


ROUTES = sorted(set(_routes()))


def test_the_site_has_routes_to_check():
    assert len(ROUTES) > 20 and "/accounts/login/" in ROUTES


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_post_without_token_is_refused_everywhere(htmx):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-123456789")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    headers = {"HX-Request": "true"} if htmx else {}
    accepted = []
    for route in ROUTES:
        response = client.post(route, {"anything": "1"}, headers=headers)
        if response.status_code != 403:
            accepted.append((route, response.status_code))
    assert accepted == [], f"these URLs accepted a POST without a CSRF token: {accepted}"
