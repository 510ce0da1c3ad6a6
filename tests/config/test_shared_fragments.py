"""Pages whose costly sections are rendered once and shared through the cache
(config/fragments.py): every user still sees their own saved stars, their own CSRF token and
their own match, and a catalogue change shows at once."""
import pickle
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from config.fragments import CSRF_HOLE_PREFIX, Fragment, hole
from profiles.services import curated_edit_save, researcher_set_hidden
from shortlist.services import entry_save
from tests.factories.matching import (
    ApplicantProfileFactory,
    UserFactory,
    researcher_with_papers,
)

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("profiles:directory")


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def save_states(body: str) -> dict[int, str]:
    """Each researcher's save button on a page: researcher id -> its label."""
    return {int(pk): label for pk, label in re.findall(
        r'action="/shortlist/save/(\d+)/".*?<button [^>]*>([^<]+)</button>', body)}


@pytest.fixture
def two_researchers():
    ada = researcher_with_papers([("Bilevel optimization", "Bilevel optimization for data mixing.", date(2026, 1, 5))],
                                 name="Ada Lovelace")
    bruno = researcher_with_papers([("Speech data", "Mixing speech data sources.", date(2025, 1, 1))],
                                   name="Bruno Mixer")
    return ada, bruno


def test_one_shared_directory_page_shows_each_user_their_own_saved_researchers(two_researchers):
    ada, bruno = two_researchers
    alice, bob = UserFactory(), UserFactory()
    entry_save(user=alice, researcher=ada)
    entry_save(user=bob, researcher=bruno)
    alice_page = signed_in(alice).get(DIRECTORY).content.decode()
    bob_page = signed_in(bob).get(DIRECTORY).content.decode()  # the rows come from the cache now
    assert save_states(alice_page) == {ada.pk: "★ Saved", bruno.pk: "☆ Save"}
    assert save_states(bob_page) == {ada.pk: "☆ Save", bruno.pk: "★ Saved"}
    anonymous = Client().get(DIRECTORY).content.decode()
    assert "Log in to save researchers" in anonymous and "csrfmiddlewaretoken" not in anonymous
    for page in (alice_page, bob_page, anonymous):
        assert CSRF_HOLE_PREFIX not in page and "<!--hole-" not in page


def test_a_save_form_from_a_shared_page_carries_the_users_own_token(two_researchers):
    ada, _ = two_researchers
    alice, bob = UserFactory(), UserFactory()
    signed_in(alice).get(DIRECTORY)  # renders the shared rows under Alice's session
    bob_client = signed_in(bob, enforce_csrf_checks=True)
    page = bob_client.get(DIRECTORY).content.decode()
    token = re.search(rf'action="/shortlist/save/{ada.pk}/".*?name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = bob_client.post(reverse("shortlist:toggle", args=[ada.pk]),
                               {"action": "save", "next": DIRECTORY, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert save_states(bob_client.get(DIRECTORY).content.decode())[ada.pk] == "★ Saved"


def test_a_curators_edit_shows_at_once_on_the_shared_pages(two_researchers):
    ada, _ = two_researchers
    client = signed_in(UserFactory())
    assert "Ada Lovelace" in client.get(DIRECTORY).content.decode()
    assert "Ada Lovelace" in client.get(ada.get_absolute_url()).content.decode()
    ada.name = "Ada King"
    curated_edit_save(obj=ada, changed={"name"}, release=set())
    assert "Ada King" in client.get(DIRECTORY).content.decode()
    assert "Ada King" in client.get(ada.get_absolute_url()).content.decode()


def test_a_shared_researcher_page_shows_each_applicant_their_own_match(two_researchers):
    ada, _ = two_researchers
    fits = ApplicantProfileFactory(interests="bilevel optimization for data mixing").user
    other = ApplicantProfileFactory(interests="protein folding").user
    first = signed_in(fits).get(ada.get_absolute_url()).content.decode()
    second = signed_in(other).get(ada.get_absolute_url()).content.decode()
    assert "Bilevel optimization" in first.split('id="why-match"')[1].split("</section>")[0]
    assert "Bilevel optimization" not in second.split('id="why-match"')[1].split("</section>")[0]
    # A hidden researcher's page is the curators' alone, though the applicants' page was shared.
    researcher_set_hidden(researcher=ada, hidden=True)
    assert signed_in(fits).get(ada.get_absolute_url()).status_code == 404
    staff_page = signed_in(UserFactory(is_staff=True)).get(ada.get_absolute_url()).content.decode()
    assert "Hidden from the public by a curator." in staff_page


def test_the_matches_page_follows_the_profile_and_the_shortlist(two_researchers):
    ada, _ = two_researchers
    applicant = ApplicantProfileFactory(interests="bilevel optimization for data mixing").user
    client = signed_in(applicant)
    assert save_states(client.get(reverse("matching:matches")).content.decode())[ada.pk] == "☆ Save"
    entry_save(user=applicant, researcher=ada)
    shortlisted = client.get(reverse("matching:matches"), {"shortlisted": "yes"}).content.decode()
    assert save_states(shortlisted) == {ada.pk: "★ Saved"}
    applicant.applicant_profile.interests = "speech data sources"
    applicant.applicant_profile.save()
    body = client.get(reverse("matching:matches")).content.decode()
    assert body.index("Bruno Mixer") < body.index("Ada Lovelace")


def test_a_hole_cannot_be_forged_or_left_open(two_researchers):
    with pytest.raises(ValueError):
        hole("save_button", "1--><script>")
    # Text on a shared page (a search, an imported name) that spells out a hole stays text: the
    # placeholders carry a random value made for each render, which no text written before knows.
    ada, _ = two_researchers
    client = signed_in(UserFactory())
    forged = f"csrf-hole-x <!--hole:save_button:{ada.pk}--> <!--hole-x:save_button:{ada.pk}-->"
    body = client.get(DIRECTORY, {"q": forged}).content.decode()
    assert "csrf-hole-x &lt;!--hole:save_button:" in body and "csrfmiddlewaretoken" not in body.split("matching")[1][:200]
    with pytest.raises(RuntimeError):  # a placeholder exists only inside a fragment's render
        hole("save_button", 1)


def test_every_page_still_shows_when_the_cache_is_down(two_researchers, settings):
    ada, _ = two_researchers
    applicant = ApplicantProfileFactory(interests="bilevel optimization for data mixing").user
    entry_save(user=applicant, researcher=ada)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    client = signed_in(applicant)
    for url in (DIRECTORY, ada.get_absolute_url(), reverse("matching:matches"), reverse("shortlist:list")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Ada Lovelace" in response.content.decode() and CSRF_HOLE_PREFIX not in response.content.decode()


def test_what_the_cache_keeps_for_everyone_holds_nothing_of_the_user_who_asked(two_researchers):
    # A shared fragment is rendered without a request, so nothing of the user whose visit
    # rendered it (name, saved stars, CSRF token) can end up in what the next visitor is served.

    ada, _ = two_researchers
    bob = UserFactory(username="bob-7f3e-unique", email="bob-7f3e@example.org")
    entry_save(user=bob, researcher=ada)
    client = signed_in(bob)
    cache.clear()
    for url in (DIRECTORY, ada.get_absolute_url()):
        assert client.get(url).status_code == 200
    fragments = [value for value in (pickle.loads(raw) for raw in cache._cache.values()) if isinstance(value, Fragment)]
    assert any("Ada Lovelace" in f.html for f in fragments)  # the shared sections were kept
    for fragment in fragments:
        assert "bob-7f3e" not in fragment.html and "★ Saved" not in fragment.html
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', fragment.html)
        assert all(token.startswith(CSRF_HOLE_PREFIX) for token in tokens), tokens
