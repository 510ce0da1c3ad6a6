"""A shared page fragment's placeholders are random for each render (audit Info finding): they
were an HMAC of SECRET_KEY, which is public on a DEBUG install (the development key is in the
code), so imported text spelling the CSRF placeholder had the viewer's token written into it."""
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.crypto import salted_hmac

from config.fragments import fragment_shared
from tests.factories.matching import UserFactory, researcher_with_papers

pytestmark = pytest.mark.django_db


def test_text_spelling_the_old_secret_derived_placeholder_stays_text(client):
    # What an attacker computes from the public development key, and puts in an imported name.
    derived = salted_hmac("config.fragments", "holes", secret=settings.SECRET_KEY).hexdigest()[:20]
    forged = f"csrf-hole-{derived}"
    researcher_with_papers([("Bilevel optimization", "Bilevel optimization.", date(2026, 1, 5))],
                           name=f"Eve {forged}")
    client.force_login(UserFactory())
    for url in (reverse("profiles:directory"), reverse("profiles:directory") + "?q=Eve"):
        page = client.get(url).content.decode()
        assert f"Eve {forged}" in page  # not "Eve <the viewer's CSRF token>"


def test_every_render_has_its_own_placeholders():
    markers = set()
    for n in range(5):
        fragment = fragment_shared("placeholder-test", [n], "profiles/_directory_form.html",
                                   lambda: {"params": {"q": ""}, "sorts": {}})
        markers.add(fragment.marker)
    assert len(markers) == 5
    derived = salted_hmac("config.fragments", "holes", secret=settings.SECRET_KEY).hexdigest()[:20]
    assert derived not in markers and all(len(m) >= 20 for m in markers)


def test_a_cached_fragment_keeps_its_placeholders_and_every_viewer_gets_their_own_token():
    ada = researcher_with_papers([("Bilevel optimization", "Bilevel.", date(2026, 1, 5))], name="Ada Lovelace")
    alice, bob = UserFactory(), UserFactory()
    pages = []
    for user in (alice, bob):
        client = Client()
        client.force_login(user)
        pages.append(client.get(ada.get_absolute_url()).content.decode())
    for page in pages:
        assert "csrf-hole-" not in page and "<!--hole-" not in page and "csrfmiddlewaretoken" in page
    first = fragment_shared("placeholder-test", ["same"], "profiles/_directory_form.html",
                            lambda: {"params": {"q": ""}, "sorts": {}})
    again = fragment_shared("placeholder-test", ["same"], "profiles/_directory_form.html",
                            lambda: pytest.fail("rendered again instead of read from the cache"))
    assert again == first
