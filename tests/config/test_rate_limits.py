"""Rate limits: the template preview, CV upload and the draft page while it calls the outside
language model refuse a user who goes over the limit with a 429 saying when to try again, count
each user apart, and let requests through when the cache is down."""
import time
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config import ratelimit
from config.ratelimit import rate_parse
from outreach.models import Draft
from applicants.models import ApplicantProfile
from tests.factories.outreach import UserFactory

PREVIEW = reverse("outreach:template_preview")


@pytest.fixture(autouse=True)
def _clock_mid_window(monkeypatch):
    # The windows are fixed (12:00:00-12:00:59, ...): a test that crossed a boundary between its
    # requests saw its count start again at 0 and no 429 (CI, stop 26). The clock stands still
    # 30 s into today's first minute, hour and day, so every test's requests share one window.
    today = int(time.time()) // 86400 * 86400
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: today + 30.0))


def _preview(client, researcher, **headers):
    return client.post(PREVIEW, {"researcher": researcher.pk, "subject_source": "Hi {{ researcher.last_name }}",
                                 "body_source": "Dear {{ researcher.salutation }},"}, **headers)


def test_the_template_preview_is_limited_per_user_with_a_message_htmx_shows(client, applicant, researcher, settings):
    settings.RATELIMIT_TEMPLATE_PREVIEW = "3/m"
    client.force_login(applicant)
    for _ in range(3):
        assert "Hi Okafor" in _preview(client, researcher, HTTP_HX_REQUEST="true").content.decode()
    refused = _preview(client, researcher, HTTP_HX_REQUEST="true")
    assert refused.status_code == 429 and refused["Retry-After"] == "30"  # to the minute's end
    text = refused.content.decode()
    assert "Too many requests" in text and "Try again in" in text and "<html" not in text
    assert "Hi Okafor" not in text
    full_page = _preview(client, researcher)
    assert full_page.status_code == 429 and "<html" in full_page.content.decode()
    # Somebody else is not held back by Ada's previews.
    client.force_login(UserFactory(username="grace"))
    assert _preview(client, researcher).status_code == 200


def test_cv_uploads_are_limited_and_a_refused_upload_stores_nothing(client, db, settings):
    settings.RATELIMIT_CV_UPLOAD = "2/h"
    user = UserFactory(username="lin")
    client.force_login(user)
    url = reverse("applicants:cv_upload")
    for n in range(2):
        cv = SimpleUploadedFile(f"cv{n}.txt", f"Version {n}: robot learning and control".encode(), "text/plain")
        assert client.post(url, {"cv": cv}).status_code == 302
    cv = SimpleUploadedFile("cv-third.txt", b"Version 3: something else entirely", "text/plain")
    refused = client.post(url, {"cv": cv})
    assert refused.status_code == 429 and "Try again in" in refused.content.decode()
    profile = ApplicantProfile.objects.get(user=user)
    assert profile.cv_filename == "cv1.txt" and "Version 1" in profile.cv_text


def test_drafting_is_limited_only_while_the_outside_model_is_in_use(client, applicant, researcher, settings):
    settings.RATELIMIT_OUTSIDE_SERVICE = "1/h"
    client.force_login(applicant)
    url = reverse("outreach:draft_new")
    form = {"researcher": researcher.pk, "template": "default:first_contact"}
    for _ in range(3):  # no outside service: no limit
        assert client.post(url, form).status_code == 302
    settings.OUTREACH_LLM_URL = "http://127.0.0.1:9/v1"  # closed port: the polish is skipped, the draft kept
    assert client.post(url, form).status_code == 302
    drafts = Draft.objects.count()
    assert client.post(url, form).status_code == 429
    assert Draft.objects.count() == drafts
    assert client.get(url, {"researcher": researcher.pk}).status_code == 200  # reading the form is free


def test_a_cache_outage_lets_requests_through(client, applicant, researcher, settings):
    settings.RATELIMIT_TEMPLATE_PREVIEW = "1/m"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    client.force_login(applicant)
    assert [_preview(client, researcher).status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize("rate", ["10", "10/week", "ten/h", "/h"])
def test_a_malformed_rate_setting_fails_loudly(rate):
    with pytest.raises(ImproperlyConfigured, match="count/s, m, h or d"):
        rate_parse(rate)


def test_adding_a_researcher_from_a_scholarly_source_is_limited_before_anything_is_fetched(client, applicant, settings):
    settings.RATELIMIT_OUTSIDE_SERVICE = "1/h"
    client.force_login(applicant)
    url = reverse("profiles:researcher_add")
    # An empty form costs nothing outside but still counts: the limit is on sending the form.
    assert client.post(url, {}).status_code in (200, 400)
    refused = client.post(url, {"ref": "https://orcid.org/0000-0002-1825-0097", "source": "orcid"})
    assert refused.status_code == 429 and "Try again in" in refused.content.decode()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_sign_up_is_limited_per_address(client, settings):
    settings.RATELIMIT_SIGNUP = "2/h"
    from django.contrib.auth import get_user_model

    def sign_up(name, address):
        client.logout()
        return client.post(reverse("signup"), {"username": name, "password1": "a-long-Passphrase-42",
                                               "password2": "a-long-Passphrase-42"}, REMOTE_ADDR=address)

    assert sign_up("first", "203.0.113.7").status_code == 302
    assert sign_up("second", "203.0.113.7").status_code == 302
    refused = sign_up("third", "203.0.113.7")
    assert refused.status_code == 429 and "Try again in" in refused.content.decode()
    assert not get_user_model().objects.filter(username="third").exists()
    assert sign_up("elsewhere", "198.51.100.2").status_code == 302  # another address has its own count
    client.logout()
    assert client.get(reverse("signup"), REMOTE_ADDR="203.0.113.7").status_code == 200  # reading the form is free
