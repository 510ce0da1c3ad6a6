"""Outreach pages: ownership, CSRF, the live preview, and the exports."""
import pytest
from django.test import Client
from django.urls import reverse

from outreach.models import Draft, EmailTemplate
from outreach.services import draft_create
from tests.factories.outreach import UserFactory, entry_for


@pytest.fixture
def client_ada(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def draft(applicant, researcher):
    entry = entry_for(applicant, researcher, personal_hook="Your sparse attention paper changed my plans.")
    return draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact")


def test_draft_email_from_an_entry_creates_a_draft_and_shows_it(client_ada, applicant, researcher):
    entry = entry_for(applicant, researcher, personal_hook="Hook sentence here.")
    page = client_ada.get(reverse("outreach:draft_new"), {"entry": entry.pk})
    assert page.status_code == 200 and b"Generate draft" in page.content
    response = client_ada.post(reverse("outreach:draft_new"), {"entry": entry.pk, "template": "default:first_contact"})
    draft = Draft.objects.get()
    assert response.url == draft.get_absolute_url()
    detail = client_ada.get(response.url).content.decode()
    assert "Hook sentence here." in detail and "shares:" in detail and "mailto:?subject=" in detail


def test_another_users_draft_template_and_entry_give_404(client, draft, researcher):
    other = UserFactory(username="mallory")
    client.force_login(other)
    tpl = EmailTemplate.objects.create(user=draft.user, name="Mine", subject_source="a", body_source="b")
    from outreach.models import BulkDraftJob

    job = BulkDraftJob.objects.create(user=draft.user, entry_status="considering", template_key="default:first_contact",
                                      template_name="x", entry_ids=[draft.entry_id], total=1)
    for url in [draft.get_absolute_url(), reverse("outreach:draft_eml", args=[draft.pk]),
                reverse("outreach:template_edit", args=[tpl.pk]), job.get_absolute_url()]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("outreach:template_delete", args=[tpl.pk])).status_code == 404
    assert client.post(reverse("outreach:draft_swap", args=[draft.pk]), {"old": 1, "new": 2}).status_code == 404
    assert client.get(reverse("outreach:draft_new"), {"entry": draft.entry_id}).status_code == 404
    assert client.post(reverse("outreach:draft_edit", args=[draft.pk]), {"subject": "x", "body": "y"}).status_code == 404


def test_post_without_csrf_token_is_refused(applicant, draft):
    c = Client(enforce_csrf_checks=True)
    c.force_login(applicant)
    for url, data in [
        (reverse("outreach:draft_edit", args=[draft.pk]), {"subject": "x", "body": "y"}),
        (reverse("outreach:template_preview"), {"subject_source": "a", "body_source": "b"}),
        (reverse("outreach:bulk_new"), {"status": "considering", "template": "default:first_contact"}),
        (reverse("outreach:draft_new"), {"researcher": draft.researcher_id}),
    ]:
        assert c.post(url, data, HTTP_HX_REQUEST="true").status_code == 403


def test_live_preview_shows_the_render_and_errors_with_line_numbers(client_ada, researcher):
    ok = client_ada.post(reverse("outreach:template_preview"), {
        "researcher": researcher.pk, "subject_source": "Hi {{ researcher.last_name }}",
        "body_source": "Dear {{ researcher.salutation }},\n{% if paper %}{{ paper.title }}{% endif %}\n{{ applicant.name }}",
    }, HTTP_HX_REQUEST="true").content.decode()
    assert "Hi Okafor" in ok and "Dear Professor Okafor" in ok and "<html" not in ok
    bad = client_ada.post(reverse("outreach:template_preview"), {
        "researcher": researcher.pk, "subject_source": "Hi", "body_source": "one\ntwo\n{{ cycler.__init__.__globals__ }}",
    }, HTTP_HX_REQUEST="true").content.decode()
    assert "line 3" in bad and "Not allowed" in bad and "Traceback" not in bad


def test_saving_a_broken_template_shows_the_error_and_saves_nothing(client_ada):
    response = client_ada.post(reverse("outreach:template_new"), {
        "name": "Broken", "subject_source": "Hi", "body_source": "a\n{% if %}",
    })
    assert response.status_code == 200 and "line 2" in response.content.decode()
    assert not EmailTemplate.objects.exists()


def test_eml_download_is_a_plain_text_email_with_one_subject_header(client_ada, draft):
    response = client_ada.get(reverse("outreach:draft_eml", args=[draft.pk]))
    assert response["Content-Type"] == "message/rfc822"
    raw = response.content.decode()
    assert raw.count("Subject:") == 1 and "Bcc" not in raw and "Professor Okafor" in raw


def test_editing_keeps_history_visible(client_ada, draft):
    client_ada.post(reverse("outreach:draft_edit", args=[draft.pk]),
                    {"subject": "New subject", "body": "Dear Professor Okafor,\nEdited.\nAda Lovelace"})
    page = client_ada.get(draft.get_absolute_url()).content.decode()
    assert "New subject" in page and "Generated from the template" in page and "Edited by hand" in page


def test_bulk_page_polls_until_done(client_ada, applicant, researcher, django_capture_on_commit_callbacks):
    entry_for(applicant, researcher, personal_hook="h")
    with django_capture_on_commit_callbacks(execute=False):
        response = client_ada.post(reverse("outreach:bulk_new"), {"status": "considering", "template": "default:first_contact"})
    page = client_ada.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page and "0 of 1 drafted" in page
    from outreach.services import bulk_job_run

    bulk_job_run(job_id=int(response.url.rstrip("/").split("/")[-1]))
    page = client_ada.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in page and "1 of 1 drafted" in page


def test_template_list_page_renders(client_ada):
    assert client_ada.get(reverse("outreach:templates")).status_code == 200
    assert client_ada.get(reverse("outreach:template_new")).status_code == 200
    assert client_ada.get(reverse("outreach:drafts")).status_code == 200


def test_follow_ups_due_are_offered_with_the_follow_up_template(client_ada, applicant, researcher, settings):
    import datetime as dt

    from django.utils import timezone

    settings.OUTREACH_FOLLOW_UP_DAYS = 5
    entry = entry_for(applicant, researcher, status="contacted", status_changed_at=timezone.now() - dt.timedelta(days=6))
    page = client_ada.get(reverse("outreach:templates")).content.decode()
    assert "Follow-ups due" in page and f"entry={entry.pk}" in page
    form = client_ada.get(reverse("outreach:draft_new"), {"entry": entry.pk}).content.decode()
    assert 'value="default:follow_up" selected' in form


def test_draft_from_the_researcher_page_uses_the_users_entry_and_hook(client_ada, applicant, researcher):
    entry_for(applicant, researcher, personal_hook="My own words about your attention paper.")
    client_ada.post(reverse("outreach:draft_new"), {"researcher": researcher.pk, "template": "default:first_contact"})
    draft = Draft.objects.get()
    assert draft.entry is not None and "My own words" in draft.versions.get().body


def test_draft_button_links_to_drafting_for_the_entry_or_researcher(applicant, researcher):
    from django.template.loader import render_to_string

    entry = entry_for(applicant, researcher)
    by_researcher = render_to_string("outreach/_draft_button.html", {"researcher": researcher, "user": applicant})
    by_entry = render_to_string("outreach/_draft_button.html", {"entry": entry, "researcher": researcher, "user": applicant})
    assert f"/outreach/drafts/new/?researcher={researcher.pk}" in by_researcher
    assert f"/outreach/drafts/new/?entry={entry.pk}" in by_entry


def test_preview_with_no_researcher_to_render_for_is_a_calm_note_not_an_error(client_ada):
    page = client_ada.post(reverse("outreach:template_preview"), {
        "researcher": "", "subject_source": "Hi", "body_source": "Dear {{ researcher.salutation }},",
    }, HTTP_HX_REQUEST="true").content.decode()

    assert "No researcher to preview against yet" in page and 'role="alert"' not in page


def test_a_hidden_researcher_gets_no_draft_and_the_page_says_why(client_ada, applicant, researcher):
    entry = entry_for(applicant, researcher, personal_hook="Hook sentence here.")
    researcher.hidden = True
    researcher.save()
    page = client_ada.get(reverse("outreach:draft_new"), {"entry": entry.pk}).content.decode()
    assert "was hidden from the directory by a curator" in page and "Generate draft" not in page
    client_ada.post(reverse("outreach:draft_new"), {"entry": entry.pk, "template": "default:first_contact"})
    assert not Draft.objects.exists()
    entry_page = client_ada.get(entry.get_absolute_url()).content.decode()
    assert "Draft email" not in entry_page
