"""Saving drafts: immutable generated versions, edits as new versions, swaps, and checks."""
import datetime as dt

import pytest
from django.utils import timezone

from outreach.exceptions import OutreachError
from outreach.models import Draft, DraftVersion
from outreach.selectors import follow_up_due
from outreach.services import (
    draft_create,
    draft_edit,
    draft_render,
    draft_swap_paper,
    drafts_reassign,
    template_save,
)
from shortlist.models import EntryEvent
from tests.factories.outreach import ResearcherFactory, entry_for, paper_by

HOOK = "Your sparse attention paper made me rethink my retrieval pipeline."


def kinds(version):
    return [f["kind"] for f in version.flags]


def test_draft_keeps_the_generated_version_when_edited(applicant, researcher):
    entry = entry_for(applicant, researcher, personal_hook=HOOK)
    draft = draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact")
    generated = draft.versions.get()
    assert HOOK in generated.body and generated.source == "generated"
    assert {p["title"] for p in generated.papers} == {
        "Sparse Attention for Long Context Transformers", "Retrieval Augmented Generation at Scale"}
    assert all(p["reason"].startswith("shares:") for p in generated.papers)
    assert "first_contact" in draft.template_key and "{{" in draft.template_body

    draft_edit(draft=draft, subject="Changed subject", body="Dear Professor Okafor,\nShort.\nAda Lovelace")
    generated.refresh_from_db()
    assert generated.subject != "Changed subject" and HOOK in generated.body
    assert [v.source for v in draft.versions.order_by("number")] == ["generated", "edited"]


def test_drafting_from_an_entry_is_recorded_in_its_timeline(applicant, researcher):
    entry = entry_for(applicant, researcher, personal_hook=HOOK)
    draft = draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact")
    event = EntryEvent.objects.get(entry=entry, kind="draft")
    assert event.payload["draft_id"] == draft.pk


def test_an_edit_citing_an_invented_paper_is_flagged_in_place(applicant, researcher):
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    body = 'Dear Professor Okafor,\n\nI loved "Quantum Widgets for Everyone Everywhere".\n\nAda Lovelace'
    version = draft_edit(draft=draft, subject="Hello", body=body)
    flag = next(f for f in version.flags if f["kind"] == "unknown_citation")
    assert body[flag["span"][0]:flag["span"][1]].startswith('"Quantum Widgets')


def test_a_paper_by_someone_else_in_the_catalogue_is_flagged_as_not_theirs(applicant, researcher):
    other = ResearcherFactory(name="Mina Park")
    paper_by(other, title="Diffusion Models for Protein Design Tasks")
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    version = draft_edit(draft=draft, subject="Hello",
                         body="Dear Professor Okafor,\nI read Diffusion Models for Protein Design Tasks.\nAda Lovelace")
    assert "not_their_paper" in kinds(version)


def test_an_edit_with_a_newline_in_the_subject_is_refused(applicant, researcher):
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    with pytest.raises(OutreachError):
        draft_edit(draft=draft, subject="Hi\nBcc: x@example.com", body="text")
    assert draft.versions.count() == 1


def test_swapping_a_paper_regenerates_with_the_new_one(applicant, researcher):
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    first = draft.versions.get()
    old_id = first.papers[0]["paper_id"]
    new = researcher.papers.get(title="Old Work on Parsing Natural Language")
    version = draft_swap_paper(draft=draft, old_paper_id=old_id, new_paper_id=new.pk)
    assert version.papers[0]["title"] == new.title and new.title in version.body
    assert "old_paper" in kinds(version)
    first.refresh_from_db()
    assert first.papers[0]["paper_id"] == old_id


def test_swapping_in_a_paper_they_did_not_write_is_refused(applicant, researcher):
    other = paper_by(ResearcherFactory(), title="Somebody Else Entirely Wrote This")
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    with pytest.raises(OutreachError, match="not an author"):
        draft_swap_paper(draft=draft, old_paper_id=draft.versions.get().papers[0]["paper_id"], new_paper_id=other.pk)


def test_missing_hook_and_contact_instructions_are_flagged(applicant, researcher):
    researcher.contact_instructions = 'Please put "PhD 2027" in the subject line.'
    researcher.save()
    entry = entry_for(applicant, researcher)
    version = draft_create(user=applicant, researcher=researcher, entry=entry,
                           template_key="default:first_contact").versions.get()
    assert {"no_hook", "contact_instructions", "required_subject"} <= set(kinds(version))


def test_do_not_email_instruction_is_flagged(applicant, researcher):
    researcher.contact_instructions = "Do not email me; apply through the graduate program."
    researcher.save()
    version = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact").versions.get()
    assert "do_not_email" in kinds(version)


def test_near_duplicates_coauthors_and_one_department_in_a_week_are_flagged(applicant, researcher):
    coauthor = ResearcherFactory(name="Lena Berg", affiliation="Northfield University", department="Computer Science")
    third = ResearcherFactory(name="Omar Haddad", affiliation="Northfield University", department="Computer Science")
    researcher.department = "Computer Science"
    researcher.save()
    shared = researcher.papers.first()
    from profiles.models import Authorship

    Authorship.objects.create(researcher=coauthor, paper=shared)
    template_save(user=applicant, name="Generic", subject_source="Hello",
                  body_source="Dear {{ researcher.salutation }},\nI want to do a PhD with you. I like your work a lot and would love to join.\n{{ applicant.name }}")
    key = f"user:{applicant.email_templates.get().pk}"
    draft_create(user=applicant, researcher=coauthor, template_key=key)
    draft_create(user=applicant, researcher=third, template_key=key)
    version = draft_create(user=applicant, researcher=researcher, template_key=key).versions.get()
    assert {"near_duplicate", "coauthor_same_week", "same_department_week"} <= set(kinds(version))


def test_follow_up_is_offered_after_the_set_days_and_quotes_the_original(applicant, researcher, settings):
    settings.OUTREACH_FOLLOW_UP_DAYS = 7
    entry = entry_for(applicant, researcher, personal_hook=HOOK, status="contacted",
                      status_changed_at=timezone.now() - dt.timedelta(days=8))
    assert follow_up_due(entry)
    first = draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact")
    follow = draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:follow_up")
    body = follow.versions.get().body
    assert "> Dear Professor Okafor," in body
    first_subject = first.versions.get().subject
    follow_subject = follow.versions.get().subject
    assert follow_subject.startswith("Following up: PhD applicant: your work on Sparse Attention")
    assert len(follow_subject) <= 78 and first_subject.startswith(follow_subject.removeprefix("Following up: "))
    assert "about PhD openings in your group" in body
    entry.status_changed_at = timezone.now()
    assert not follow_up_due(entry)


def test_merge_moves_drafts_to_the_surviving_researcher(applicant, researcher):
    survivor = ResearcherFactory()
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    drafts_reassign(source=researcher, target=survivor)
    draft.refresh_from_db()
    assert draft.researcher == survivor


def test_a_broken_user_template_saves_nothing(applicant, researcher):
    from outreach.sandbox import TemplateProblem

    with pytest.raises(TemplateProblem) as info:
        template_save(user=applicant, name="Broken", subject_source="Hi", body_source="ok\n{% for x in %}")
    assert info.value.line == 2
    assert not applicant.email_templates.exists()
    assert Draft.objects.count() == 0 and DraftVersion.objects.count() == 0


def test_an_invented_paper_in_a_user_template_is_flagged(applicant, researcher):
    template = template_save(
        user=applicant, name="Liar", subject_source="Hi",
        body_source='Dear {{ researcher.salutation }},\nI loved your paper "Neural Widgets Beat Everything Always".\n{{ applicant.name }}',
    )
    r = draft_render(user=applicant, researcher=researcher,
                     template=__import__("outreach.services", fromlist=["x"]).template_source(user=applicant, key=template.key))
    assert "unknown_citation" in [f.kind for f in r.flags]


def test_the_default_first_contact_is_within_the_length_aim_and_unflagged(applicant, researcher):
    from outreach.grounding import word_count

    entry = entry_for(applicant, researcher, personal_hook=HOOK)
    version = draft_create(user=applicant, researcher=researcher, entry=entry,
                           template_key="default:first_contact").versions.get()
    assert 120 <= word_count(version.body) <= 250
    assert kinds(version) == []


def test_a_hook_citing_a_paper_they_never_wrote_is_flagged_in_the_generated_draft(applicant, researcher):
    entry = entry_for(applicant, researcher, personal_hook='Your paper "Attention Is All You Need" inspired me.')
    version = draft_create(user=applicant, researcher=researcher, entry=entry,
                           template_key="default:first_contact").versions.get()
    flag = next(f for f in version.flags if f["kind"] == "unknown_citation")
    assert "Attention Is All You Need" in version.body[flag["span"][0]:flag["span"][1]]


def test_an_edit_naming_a_short_work_checks_it_and_lets_their_topics_be(applicant, researcher):
    other = ResearcherFactory(name="Mina Park")
    paper_by(other, title="Deep Sets")
    researcher.topics = ["Graph Mining"]
    researcher.save()
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    body = ("Dear Professor Okafor,\n\nI enjoyed your paper Deep Sets, and your work on Graph Mining "
            "is why I want to work with you.\n\nAda Lovelace")
    version = draft_edit(draft=draft, subject="Hello", body=body)
    cited = [(f["kind"], body[f["span"][0]:f["span"][1]]) for f in version.flags if f["span"]]
    assert ("not_their_paper", "Deep Sets") in cited
    assert not any(text == "Graph Mining" for _, text in cited)
