"""Every "go back" after a POST stays on this site, whatever ``next`` or the Referer says."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from shortlist.models import Notice
from tests.factories.outreach import entry_for

HOSTILE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "http:evil.example"]


@pytest.mark.parametrize("target", HOSTILE)
def test_next_and_referer_never_send_the_user_off_site(client, applicant, researcher, target):
    client.force_login(applicant)
    entry = entry_for(applicant, researcher)
    notice = Notice.objects.create(user=applicant, entry=entry, kind="new_paper", text="New paper")
    posts = [
        (reverse("shortlist:toggle", args=[researcher.pk]), {"action": "save"}),
        (reverse("shortlist:entry_status", args=[entry.pk]), {"status": "drafting"}),
        (reverse("shortlist:notice_read", args=[notice.pk]), {}),
    ]
    for url, data in posts:
        for response in (client.post(url, {**data, "next": target}), client.post(url, data, HTTP_REFERER=target)):
            assert response.status_code == 302
            assert response.url.startswith("/") and not response.url.startswith(("//", "/\\")), (url, response.url)


@pytest.mark.parametrize("target", HOSTILE)
def test_signup_and_login_ignore_an_off_site_next(client, db, target):
    response = client.post(f"{reverse('signup')}?next={target}", {
        "username": "newcomer", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9",
    })
    assert response.status_code == 302 and response.url == "/me/?first_run=1"  # the newcomer's first run
    client.logout()
    get_user_model().objects.create_user("returning", password="a-long-passphrase-9")
    response = client.post(reverse("login"), {"username": "returning", "password": "a-long-passphrase-9", "next": target})
    assert response.status_code == 302 and response.url == "/"
