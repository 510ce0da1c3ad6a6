"""GET only reads: visiting any page (a link or an <img> on another site can make the browser do
it) never creates, changes or deletes anything."""
from django.contrib.auth import get_user_model
from django.urls import reverse

from profiles.models import ApplicantProfile


def test_opening_my_profile_page_creates_no_profile(client, db):
    user = get_user_model().objects.create_user("newcomer", password="x")
    client.force_login(user)
    response = client.get(reverse("profiles:applicant_profile"))
    assert response.status_code == 200 and "interests" in response.content.decode().lower()
    assert not ApplicantProfile.objects.filter(user=user).exists()
    assert client.get(reverse("profiles:matches")).status_code == 200
    assert not ApplicantProfile.objects.filter(user=user).exists()
    client.post(reverse("profiles:applicant_profile"), {"interests": "robot learning"})
    assert ApplicantProfile.objects.filter(user=user).exists()
