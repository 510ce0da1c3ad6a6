"""Sign-up, log-in, log-out, and CSRF on every form that posts."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories.pages import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-passphrase"


def test_signup_creates_the_account_logs_in_and_goes_to_next(client):
    response = client.post(
        reverse("signup"),
        {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD, "next": "/matches/"},
    )
    assert response.status_code == 302 and response["Location"] == "/matches/"
    assert get_user_model().objects.filter(username="newbie").exists()
    assert client.get("/").context["user"].username == "newbie"


def test_signup_ignores_a_next_on_another_site(client):
    response = client.post(
        reverse("signup") + "?next=https://evil.example/",
        {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response["Location"] == "/me/?first_run=1"  # not evil.example: the first run instead


def test_signup_with_mismatched_passwords_says_so_and_creates_nothing(client):
    response = client.post(
        reverse("signup"), {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert "password fields didn’t match" in response.content.decode()
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_login_page_logs_in_through_axes_and_logout_logs_out(client):
    UserFactory(username="ada", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated
    assert b"Log out" in client.get("/").content
    assert client.post(reverse("logout")).status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_password_shows_an_error(client):
    UserFactory(username="ada", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "ada", "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


@pytest.mark.parametrize("url_name", ["signup", "login", "logout"])
@pytest.mark.parametrize("htmx", [False, True])
def test_posts_without_a_csrf_token_are_refused(url_name, htmx):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="ada", password=PASSWORD))
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"username": "x", "password": PASSWORD, "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse(url_name), data, headers=headers)
    assert response.status_code == 403
    assert get_user_model().objects.count() == 1


def test_post_with_the_csrf_header_from_the_page_is_accepted():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.get("/")  # the page sets the CSRF cookie and puts the token in hx-headers
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("logout"), headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 302


def test_signed_in_user_visiting_signup_is_sent_on(client):
    client.force_login(UserFactory())
    assert client.get(reverse("signup")).status_code == 302


def test_repeated_wrong_passwords_lock_the_login_with_a_message(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="ada", password=PASSWORD)
    for _ in range(3):
        client.post(reverse("login"), {"username": "ada", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert b"too many login attempts" in response.content.lower()
    assert not client.get("/").context["user"].is_authenticated


def test_a_locked_username_does_not_lock_out_others_behind_the_same_address(client, settings):
    # Behind a reverse proxy every user shares one address: one person's mistakes lock only
    # their own username.
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="ada", password=PASSWORD)
    UserFactory(username="grace", password=PASSWORD)
    for _ in range(3):
        client.post(reverse("login"), {"username": "ada", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "grace", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].get_username() == "grace"


def test_after_signup_a_skippable_first_run_leads_from_the_profile_to_the_matches(client):
    response = client.post(reverse("signup"), {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD},
                           follow=True)
    page = response.content.decode()
    assert "Step 1 of 2: your profile." in page and "Skip for now" in page and "Save and see my matches" in page
    assert "need not add up to 100" in page and "topic 60%, method 20%, trajectory 10%, certainty 10%" in page
    saved = client.post(reverse("applicants:profile"), {"interests": "robot learning", "first_run": "1"}, follow=True)
    assert saved.redirect_chain[-1][0] == "/matches/?first_run=1"
    assert "Step 2 of 2: your best matches." in saved.content.decode()
    assert "Step 1 of 2" not in client.get(reverse("applicants:profile")).content.decode()  # only once


def test_signup_asks_for_an_optional_email_and_keeps_it(client):
    page = client.get(reverse("signup")).content.decode()
    assert 'name="email"' in page and "From" in page  # explained: the address your drafts come from
    client.post(reverse("signup"), {"username": "withmail", "email": "ada@example.org",
                                    "password1": PASSWORD, "password2": PASSWORD})
    assert get_user_model().objects.get(username="withmail").email == "ada@example.org"
    client.logout()
    client.post(reverse("signup"), {"username": "nomail", "password1": PASSWORD, "password2": PASSWORD})
    assert get_user_model().objects.get(username="nomail").email == ""


def test_signup_with_a_malformed_email_says_so_and_creates_nothing(client):
    response = client.post(reverse("signup"), {"username": "badmail", "email": "ada at example",
                                               "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    assert "valid email" in response.content.decode()
    assert not get_user_model().objects.filter(username="badmail").exists()
