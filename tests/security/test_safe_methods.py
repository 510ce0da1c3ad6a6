"""GET only reads: visiting any page (a link or an <img> on another site can make the browser do
it) never creates, changes or deletes anything."""
from django.contrib.auth import get_user_model
from django.urls import reverse

from applicants.models import ApplicantProfile


def test_opening_my_profile_page_creates_no_profile(client, db):
    user = get_user_model().objects.create_user("newcomer", password="x")
    client.force_login(user)
    response = client.get(reverse("applicants:profile"))
    assert response.status_code == 200 and "interests" in response.content.decode().lower()
    assert not ApplicantProfile.objects.filter(user=user).exists()
    assert client.get(reverse("matching:matches")).status_code == 200
    assert not ApplicantProfile.objects.filter(user=user).exists()
    client.post(reverse("applicants:profile"), {"interests": "robot learning"})
    assert ApplicantProfile.objects.filter(user=user).exists()


def test_no_get_anywhere_changes_a_row(client, applicant, researcher):
    """Every named URL of the apps, fetched with GET by a user who owns one of everything."""
    from django.apps import apps

    from outreach.models import BulkDraftJob, EmailTemplate
    from outreach.services import draft_create
    from profiles.models import DepartmentImport
    from shortlist.models import Notice
    from tests.factories.outreach import entry_for
    from tests.security.test_access import _kind, _named_patterns

    entry = entry_for(applicant, researcher, personal_hook="Your sparse attention paper changed my plans.")
    objects = {
        "entry": entry,
        "notice": Notice.objects.create(user=applicant, entry=entry, kind="new_paper", text="New paper"),
        "draft": draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact"),
        "template": EmailTemplate.objects.create(user=applicant, name="Mine", subject_source="Hi", body_source="Hello"),
        "bulk": BulkDraftJob.objects.create(user=applicant, entry_status="considering", template_key="default:first_contact",
                                            template_name="First contact", entry_ids=[entry.pk], total=1),
        "department": DepartmentImport.objects.create(created_by=applicant, source="openalex",
                                                      institution_query="Bangor University"),
    }
    models = [m for label in ("profiles", "shortlist", "outreach", "auth") for m in apps.get_app_config(label).get_models()]

    def snapshot():
        return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}

    client.force_login(applicant)
    before = snapshot()
    for name, pattern in _named_patterns():
        kwargs = {}
        if "pk" in pattern.pattern.converters:
            kwargs["pk"] = objects[_kind(name)].pk
        if "researcher_id" in pattern.pattern.converters:
            kwargs["researcher_id"] = researcher.pk
        if "slug" in pattern.pattern.converters:
            kwargs["slug"] = researcher.slug
        client.get(reverse(name, kwargs=kwargs), {"entry": entry.pk, "researcher": researcher.pk})
    assert snapshot() == before
