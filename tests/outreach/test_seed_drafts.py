"""Drafts to the real seed researchers, read as the applicant who would send them (issue 11)."""
import datetime as dt
import re
from email import message_from_bytes, policy

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from outreach.grounding import SUBJECT_MAX_CHARS, is_old, normalize
from outreach.models import Draft
from outreach.services import default_template, draft_create, draft_edit, draft_render
from applicants.models import ApplicantProfile
from profiles.models import Researcher

from tests.factories.outreach import entry_for

TODAY = dt.date(2026, 11, 30)


def researcher(name):
    return Researcher.objects.get(name=name)


def kinds(flags):
    return [f.kind if hasattr(f, "kind") else f["kind"] for f in flags]


def render(user, name, template="first_contact", **kwargs):
    return draft_render(user=user, researcher=researcher(name), template=default_template(template),
                        today=TODAY, **kwargs)


@pytest.mark.parametrize("name", ["Meisam Razaviyayn", "Vahab Mirrokni", "Keivan Alizadeh", "Michael W. Mahoney"])
@pytest.mark.parametrize("template", ["first_contact", "paper_question"])
def test_the_subject_is_short_ends_on_whole_words_and_every_chosen_paper_is_in_the_email(seed_applicant, name, template):
    r = render(seed_applicant, name, template, paper_count=3)
    assert len(r.subject) <= SUBJECT_MAX_CHARS and "..." not in r.subject and "…" not in r.subject
    assert "subject" not in kinds(r.flags)
    for paper in r.papers:
        assert normalize(paper.title) in normalize(r.body)


def test_razaviyayn_is_written_to_about_less_is_more_by_its_short_name(seed_applicant):
    r = render(seed_applicant, "Meisam Razaviyayn")
    assert r.subject == "PhD applicant: your work on Less is More"
    assert [p.title for p in r.papers] == [
        "Less is More: Convergence Benefits of Fewer Data Weight Updates over Longer Horizon"]
    assert r.papers[0].reason.startswith("shares: optimization, robust")


def test_mirrokni_is_not_cited_old_papers_nor_papers_sharing_one_filler_word(seed_applicant):
    r = render(seed_applicant, "Vahab Mirrokni", paper_count=3)
    assert "old_paper" not in kinds(r.flags)
    assert not any(is_old(p.date, today=TODAY) for p in r.papers)
    assert not any(re.match(r"shares: (efficient|order|first)(;|$)", p.reason) for p in r.papers)
    # Nothing of his here is about federated learning or min-max games: the draft says so
    # instead of claiming his newest papers "connect closely".
    assert "unrelated_papers" in kinds(r.flags)
    assert "connect" not in r.body and "closely" not in r.body


def test_a_newer_relevant_paper_wins_over_an_old_closer_one(seed_applicant):
    ApplicantProfile.objects.filter(user=seed_applicant).update(interests="long-context attention, memory in sequence models")
    old = researcher("Vahab Mirrokni").papers.get(title__startswith="HyperAttention")
    assert is_old(old.date, today=TODAY)  # a relevant paper the check would call old exists
    r = render(seed_applicant, "Vahab Mirrokni", paper_count=3)
    assert len(r.papers) == 3 and not any(is_old(p.date, today=TODAY) for p in r.papers)
    assert "old_paper" not in kinds(r.flags)


def test_an_old_paper_is_chosen_only_when_it_is_the_only_relevant_one_and_it_says_so(seed_applicant):
    ApplicantProfile.objects.filter(user=seed_applicant).update(interests="learning rate schedules under distribution shift")
    r = render(seed_applicant, "Vahab Mirrokni")
    assert [p.title for p in r.papers] == ["Learning Rate Schedules in the Presence of Distribution Shift"]
    assert "older than 3 years" in r.papers[0].reason and "old_paper" in kinds(r.flags)


def test_the_paper_question_placeholder_is_flagged_until_the_hook_replaces_it(seed_applicant):
    r = render(seed_applicant, "Meisam Razaviyayn", "paper_question")
    flag = next(f for f in r.flags if f.kind == "placeholder")
    assert flag.severity == "error" and r.body[flag.span[0]:flag.span[1]].startswith("[Write your question here")
    entry = entry_for(seed_applicant, researcher("Meisam Razaviyayn"),
                      personal_hook="Why do fewer weight updates over a longer horizon converge faster?")
    r = render(seed_applicant, "Meisam Razaviyayn", "paper_question", entry=entry)
    assert "placeholder" not in kinds(r.flags) and "[" not in r.body


def test_a_same_day_follow_up_to_a_paper_question_says_what_was_asked_and_is_flagged(seed_applicant):
    name = "Meisam Razaviyayn"
    draft_create(user=seed_applicant, researcher=researcher(name), template_key="default:paper_question")
    r = draft_render(user=seed_applicant, researcher=researcher(name), template=default_template("follow_up"),
                     today=timezone.localdate())
    assert "with a question about your paper \"Less is More: Convergence Benefits" in r.body
    assert "PhD openings" not in r.body
    too_soon = next(f for f in r.flags if f.kind == "follow_up_too_soon")
    assert "today" in too_soon.message and too_soon.severity == "error"
    # The program's own words ("… Operations Research, Fall 2027, I would …") are not a citation.
    assert not [f for f in r.flags if f.kind in ("unknown_citation", "not_their_paper", "unverified_quote")]


def test_a_follow_up_to_a_first_contact_says_it_was_about_phd_openings(seed_applicant):
    name = "Meisam Razaviyayn"
    first = draft_create(user=seed_applicant, researcher=researcher(name), template_key="default:first_contact")
    Draft.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=12))
    r = draft_render(user=seed_applicant, researcher=researcher(name), template=default_template("follow_up"),
                     today=timezone.localdate())
    assert "about PhD openings in your group" in r.body
    assert "Operations Research for Fall 2027, I would" in r.body
    assert not {"follow_up_too_soon", "unknown_citation"} & set(kinds(r.flags))


def test_saying_a_cv_is_attached_without_one_is_flagged(seed_applicant):
    draft = draft_create(user=seed_applicant, researcher=researcher("Meisam Razaviyayn"),
                         template_key="default:first_contact")
    assert "attached my CV" not in draft.versions.get().body  # no CV uploaded: the default does not claim one
    body = draft.versions.get().body.replace("I am happy to send my CV", "I have attached my CV and am happy to send")
    version = draft_edit(draft=draft, subject="PhD applicant: your work on Less is More", body=body)
    flag = next(f for f in version.flags if f["kind"] == "cv_missing")
    assert body[flag["span"][0]:flag["span"][1]].startswith("attached my CV")


@pytest.fixture
def ada_client(client, seed_applicant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(seed_applicant)
    return client


def test_eml_has_to_from_and_the_cv_the_text_says_is_attached(ada_client, seed_applicant):
    r = researcher("Meisam Razaviyayn")
    r.contact_instructions = "Prospective students: email razaviyayn@usc.edu with your CV."
    r.save()
    profile = ApplicantProfile.objects.get(user=seed_applicant)
    profile.cv_file.save("grace-cv.pdf", ContentFile(b"%PDF-1.4 Grace's CV"), save=False)
    profile.cv_filename = "Grace Hopper CV.pdf"
    profile.save()
    draft = draft_create(user=seed_applicant, researcher=r, template_key="default:first_contact")
    assert "I have attached my CV" in draft.versions.get().body

    page = ada_client.get(draft.get_absolute_url()).content.decode()
    assert "mailto:razaviyayn@usc.edu?subject=" in page and "with your CV attached" in page
    msg = message_from_bytes(ada_client.get(reverse("outreach:draft_eml", args=[draft.pk])).content, policy=policy.default)
    assert msg["To"] == "razaviyayn@usc.edu"
    assert msg["From"] == "Grace Hopper <grace@example.org>"
    attachment = next(msg.iter_attachments())
    assert attachment.get_filename() == "Grace Hopper CV.pdf"
    assert attachment.get_content() == b"%PDF-1.4 Grace's CV"


def test_eml_without_a_cv_claim_attaches_nothing_and_without_an_address_has_no_to(ada_client, seed_applicant):
    draft = draft_create(user=seed_applicant, researcher=researcher("Vahab Mirrokni"), template_key="default:first_contact")
    msg = message_from_bytes(ada_client.get(reverse("outreach:draft_eml", args=[draft.pk])).content, policy=policy.default)
    assert msg["To"] is None and msg["From"] == "Grace Hopper <grace@example.org>"
    assert list(msg.iter_attachments()) == []
    page = ada_client.get(draft.get_absolute_url()).content.decode()
    assert "no address on record" in page and "mailto:?subject=" in page


def test_a_draft_with_a_placeholder_does_not_look_ready(ada_client, seed_applicant):
    draft = draft_create(user=seed_applicant, researcher=researcher("Meisam Razaviyayn"), template_key="default:paper_question")
    page = ada_client.get(draft.get_absolute_url()).content.decode()
    assert "Not ready to send" in page and "No problems found" not in page
    assert "Fix before sending" in page and ">placeholder<" not in page and ">no_hook<" not in page


def test_a_template_with_a_misspelt_field_is_refused_on_save_so_drafting_never_fails(ada_client, seed_applicant):
    response = ada_client.post(reverse("outreach:template_new"), {
        "name": "Typo", "subject_source": "Hello",
        "body_source": "Hi,\n{% if hook %}{{ hook }}{% endif %}\nDear {{ researcher.salutaton }}\n{{ applicant.name }}",
    })
    page = response.content.decode()
    assert response.status_code == 200 and "Body line 3" in page and "salutaton" in page and "salutation" in page
    assert not seed_applicant.email_templates.exists()

    response = ada_client.post(reverse("outreach:template_new"), {
        "name": "Fine", "subject_source": "Hello {{ researcher.last_name }}",
        "body_source": "Dear {{ researcher.salutation }},\n{% if paper %}I read \"{{ paper.title }}\".{% endif %}\n{{ applicant.name }}",
    })
    assert response.status_code == 302
    key = seed_applicant.email_templates.get().key
    for r in Researcher.objects.filter(hidden=False, merged_into__isnull=True):
        response = ada_client.post(reverse("outreach:draft_new"), {"researcher": r.pk, "template": key})
        assert response.status_code == 302, r.name


def test_the_curated_contact_email_comes_before_an_address_in_the_instructions(ada_client, seed_applicant):
    r = researcher("Meisam Razaviyayn")
    r.contact_instructions = "Old note: write to razaviyayn-old@usc.edu with your CV."
    r.contact_email = "razaviyayn@usc.edu"
    r.save()
    draft = draft_create(user=seed_applicant, researcher=r, template_key="default:first_contact")

    page = ada_client.get(draft.get_absolute_url()).content.decode()
    assert "mailto:razaviyayn@usc.edu?subject=" in page and "razaviyayn-old@usc.edu?subject" not in page
    msg = message_from_bytes(ada_client.get(reverse("outreach:draft_eml", args=[draft.pk])).content, policy=policy.default)
    assert msg["To"] == "razaviyayn@usc.edu"
