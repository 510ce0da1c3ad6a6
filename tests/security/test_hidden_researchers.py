"""A researcher a curator hid is out of every applicant's reach (audit finding M1): a data archive
naming them by slug does not attach them, and a draft written before the hide shows neither their
curated address nor their papers, and cannot swap papers or be edited into a new version."""
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outreach.models import Draft
from outreach.services import draft_create
from profiles.services import researcher_set_hidden
from shortlist.models import ShortlistEntry
from shortlist.services import entry_save
from tests.factories.outreach import UserFactory, paper_by

SECRET_ADDRESS = "chidi.private@northfield.example"


def _archive(slug: str, name: str) -> bytes:
    """The archive an attacker writes by hand: one shortlist entry and one draft naming ``slug``."""
    when = "2026-01-05T10:00:00+00:00"
    who = {"slug": slug, "name": name}
    data = {
        "format": "advisor-scout-user-data", "version": 1, "profile": None, "tags": [],
        "shortlist": [{"researcher": who, "status": "considering", "status_changed_at": when, "notes": "", "personal_hook": "",
                       "tags": [], "priority": 2, "saved_at": when, "events": []}],
        "templates": [],
        "drafts": [{"researcher": who, "on_shortlist": True, "template_key": "default:first_contact",
                    "template_name": "First contact", "template_subject": "Hi", "template_body": "Hello",
                    "polish_note": "", "created_at": when,
                    "versions": [{"number": 1, "source": "generated", "subject": "Hi", "body": "Hello",
                                  "papers": [], "context": {}, "flags": [], "created_at": when}]}],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("data.json", json.dumps(data))
    return buffer.getvalue()


@pytest.fixture
def hidden(researcher):
    researcher.contact_email = SECRET_ADDRESS
    researcher.save()
    researcher_set_hidden(researcher=researcher, hidden=True)
    return researcher


def test_an_archive_naming_a_hidden_researcher_by_slug_does_not_reach_them(client, hidden):
    attacker = UserFactory(username="mallory")
    client.force_login(attacker)
    raw = _archive(hidden.slug, "Anyone")
    refused = client.post(reverse("accounts_data:import"), {"archive": SimpleUploadedFile("x.zip", raw)})
    assert refused.status_code == 400 and "not on this site: Anyone" in refused.content.decode()
    client.post(reverse("accounts_data:import"), {"archive": SimpleUploadedFile("x.zip", raw), "allow_missing": "on"})
    assert not Draft.objects.filter(user=attacker).exists()
    assert not ShortlistEntry.objects.filter(user=attacker).exists()


def test_an_archive_naming_a_hidden_researcher_by_name_does_not_reach_them(client, hidden):
    client.force_login(UserFactory(username="mallory"))
    raw = _archive("no-such-slug", hidden.name)
    client.post(reverse("accounts_data:import"), {"archive": SimpleUploadedFile("x.zip", raw), "allow_missing": "on"})
    assert not Draft.objects.filter(researcher=hidden).exists()


def test_a_merge_survivor_that_is_hidden_is_not_reached_through_the_merged_slug(client, researcher):
    from tests.factories.outreach import ResearcherFactory

    survivor = ResearcherFactory(name="Chidi Okafor-Nwosu", slug="chidi-okafor-nwosu", contact_email=SECRET_ADDRESS)
    researcher.merged_into = survivor
    researcher.save()
    researcher_set_hidden(researcher=survivor, hidden=True)
    client.force_login(UserFactory(username="mallory"))
    raw = _archive(researcher.slug, researcher.name)
    client.post(reverse("accounts_data:import"), {"archive": SimpleUploadedFile("x.zip", raw), "allow_missing": "on"})
    assert not Draft.objects.filter(researcher=survivor).exists()


@pytest.fixture
def draft_then_hidden(client, applicant, researcher):
    """A draft written while the researcher was public; then a curator hid them."""
    researcher.contact_email = SECRET_ADDRESS
    researcher.contact_instructions = "Write to me about sparse attention only."
    researcher.save()
    entry = entry_save(user=applicant, researcher=researcher)
    draft = draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact")
    paper_by(researcher, title="An Unpublished Preprint Only Curators Should See")
    researcher_set_hidden(researcher=researcher, hidden=True)
    client.force_login(applicant)
    return draft


def test_the_draft_page_of_a_hidden_researcher_shows_no_address_and_no_papers(client, draft_then_hidden):
    page = client.get(draft_then_hidden.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert SECRET_ADDRESS not in text
    assert "Only Curators Should See" not in text and "Old Work on Parsing" not in text
    assert "<strong>Chidi Okafor asks:</strong>" not in text  # the curated instructions banner
    assert "hidden from the directory by a curator" in text
    eml = client.get(reverse("outreach:draft_eml", args=[draft_then_hidden.pk]))
    assert SECRET_ADDRESS not in eml.content.decode(errors="replace")


def test_a_paper_swap_cannot_pull_in_a_hidden_researchers_papers(client, draft_then_hidden):
    latest = draft_then_hidden.versions.order_by("-number").first()
    old = latest.papers[0]["paper_id"]
    other = draft_then_hidden.researcher.papers.exclude(pk__in=[p["paper_id"] for p in latest.papers]).first()
    response = client.post(reverse("outreach:draft_swap", args=[draft_then_hidden.pk]),
                           {"old": old, "new": other.pk}, follow=True)
    assert "hidden from the directory by a curator" in response.content.decode()
    assert draft_then_hidden.versions.count() == 1
    assert other.title not in response.content.decode()


def test_a_draft_of_a_hidden_researcher_cannot_be_edited_into_a_new_version(client, draft_then_hidden):
    response = client.post(reverse("outreach:draft_edit", args=[draft_then_hidden.pk]),
                           {"subject": "Hello", "body": "Dear Professor,\nHello."}, follow=True)
    assert "hidden from the directory by a curator" in response.content.decode()
    assert draft_then_hidden.versions.count() == 1
