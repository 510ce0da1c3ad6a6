"""Forms take only the fields a user may set: extra POST fields (is_staff, user, researcher …)
are ignored everywhere."""
from django.contrib.auth import get_user_model
from django.urls import reverse

from applicants.models import ApplicantProfile
from shortlist.models import ShortlistEntry
from tests.factories.outreach import ResearcherFactory, entry_for


def test_signup_cannot_make_a_curator(client, db):
    client.post(reverse("signup"), {
        "username": "sneaky", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9",
        "is_staff": "on", "is_superuser": "on",
    })
    user = get_user_model().objects.get(username="sneaky")
    assert not user.is_staff and not user.is_superuser


def test_profile_and_entry_forms_ignore_owner_and_researcher_fields(client, applicant, researcher):
    other = get_user_model().objects.create_user("victim", password="x")
    elsewhere = ResearcherFactory(name="Somebody Else", slug="somebody-else")
    entry = entry_for(applicant, researcher)
    client.force_login(applicant)
    client.post(reverse("applicants:profile"), {"interests": "robot learning", "user": other.pk, "cv_file": "../../etc/passwd"})
    client.post(reverse("shortlist:entry_details", args=[entry.pk]), {
        "priority": 1, "tags": "x", "user": other.pk, "researcher": elsewhere.pk, "match_score_at_save": 99,
    })
    assert not ApplicantProfile.objects.filter(user=other).exists()
    assert ApplicantProfile.objects.get(user=applicant).cv_file.name == ""
    entry.refresh_from_db()
    assert (entry.user_id, entry.researcher_id) == (applicant.pk, researcher.pk)
    assert entry.match_score_at_save != 99
    assert not ShortlistEntry.objects.filter(user=other).exists()
