"""Shared page fragments are keyed by what the visitor asked once it is cleaned, never by the raw
parameters (audit finding L): junk ``page=`` values, spaces around a search or parameters the
page does not read each made a new key, so an anonymous visitor could fill the shared cache
(which, on one Redis, also holds the broker's queues). A request the form refuses is rendered
for that request and not kept at all.

The cache here is the embedded default (files): one file per key, counted."""
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.matching import ApplicantProfileFactory, researcher_with_papers

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("profiles:directory")


@pytest.fixture
def file_cache(settings, tmp_path) -> Path:
    folder = tmp_path / "cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(folder)}}
    cache.clear()
    return folder


def keys(folder: Path) -> int:
    return len(list(folder.glob("*.djcache")))


@pytest.fixture
def catalogue():
    for n in range(30):  # two directory pages of 25
        researcher_with_papers([(f"Bilevel optimization {n}", "Bilevel optimization.", date(2026, 1, 5))],
                               name=f"Ada Lovelace {n:02d}")


def test_junk_page_values_share_the_key_of_the_page_they_show(client, file_cache, catalogue):
    assert client.get(DIRECTORY).status_code == 200
    assert client.get(DIRECTORY, {"page": "2"}).status_code == 200
    settled = keys(file_cache)
    first = client.get(DIRECTORY).content.decode()
    for page in ["1", "01", " 1", "abc", "1.5", "last", "x" * 50]:
        response = client.get(DIRECTORY, {"page": page})
        assert response.status_code == 200 and "Ada Lovelace 00" in response.content.decode()
    for page in ["0", "-3", "3", "99999", "002"]:
        response = client.get(DIRECTORY, {"page": page})
        assert response.status_code == 200 and "Ada Lovelace 29" in response.content.decode()
    assert keys(file_cache) == settled
    assert "Ada Lovelace 00" in first


def test_spaces_and_unread_parameters_share_one_key(client, file_cache, catalogue):
    client.get(DIRECTORY, {"q": "bilevel"})
    settled = keys(file_cache)
    for params in ({"q": "  bilevel "}, {"q": "bilevel", "utm": "x"}, {"q": "bilevel", "page": "1", "topic": ""},
                   {"q": "bilevel", "sort": ""}):
        assert client.get(DIRECTORY, params).status_code == 200
    assert keys(file_cache) == settled


def test_a_refused_search_is_shown_and_not_kept(client, file_cache, catalogue):
    client.get(DIRECTORY)
    settled = keys(file_cache)
    for n in range(5):
        response = client.get(DIRECTORY, {"sort": f"junk{n}"})
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert keys(file_cache) == settled


def test_the_matches_page_keys_on_cleaned_filters_too(client, file_cache, catalogue):
    applicant = ApplicantProfileFactory(interests="bilevel optimization").user
    client.force_login(applicant)
    matches = reverse("matching:matches")
    assert client.get(matches).status_code == 200
    settled = keys(file_cache)
    for params in ({"page": "abc"}, {"page": "1"}, {"page": "-x"}, {"zzz": "1"}, {"topic": ""}, {"first_run": "1"}):
        assert client.get(matches, params).status_code == 200
    assert keys(file_cache) == settled
