"""A draft reads as the applicant would write it: a hook pasted without a capital or a full stop
is flagged, the program is phrased as a sentence says it, and the Swap list shows the papers
closest to the applicant's interests first."""
import datetime as dt

import pytest
from django.urls import reverse

from applicants.models import ApplicantProfile
from outreach.context import program_phrase
from outreach.services import draft_create
from tests.factories.outreach import entry_for, paper_by

pytestmark = pytest.mark.django_db


def kinds(version):
    return [f["kind"] for f in version.flags]


@pytest.mark.parametrize("hook", [
    "your sparse attention paper made me rethink my retrieval pipeline.",
    "Your sparse attention paper made me rethink my retrieval pipeline",
])
def test_a_hook_pasted_without_a_capital_or_a_full_stop_is_flagged(applicant, researcher, hook):
    entry = entry_for(applicant, researcher, personal_hook=hook)
    version = draft_create(user=applicant, researcher=researcher, entry=entry,
                           template_key="default:first_contact").versions.get()
    flag = next(f for f in version.flags if f["kind"] == "hook_sentence")
    assert "personal hook" in flag["message"]


def test_a_hook_written_as_a_sentence_is_not_flagged(applicant, researcher):
    entry = entry_for(applicant, researcher, personal_hook="Your sparse attention paper changed my plans!")
    version = draft_create(user=applicant, researcher=researcher, entry=entry,
                           template_key="default:first_contact").versions.get()
    assert "hook_sentence" not in kinds(version)


@pytest.mark.parametrize("program, phrase", [
    ("PhD in Computer Science, Fall 2027", "the PhD program in Computer Science for Fall 2027"),
    ("PhD in Computer Science", "the PhD program in Computer Science"),
    ("Ph.D. program in Statistics (2027)", "the Ph.D. program in Statistics for 2027"),
    ("MIT EECS PhD", "the MIT EECS PhD program"),
    ("the PhD programme in Physics", "the PhD programme in Physics"),
    ("", ""),
])
def test_the_program_is_phrased_as_a_sentence_says_it(program, phrase):
    assert program_phrase(program) == phrase


def test_the_default_draft_says_the_program_naturally(applicant, researcher):
    ApplicantProfile.objects.filter(user=applicant).update(program="PhD in Computer Science, Fall 2027")
    body = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact").versions.get().body
    assert "I am applying to the PhD program in Computer Science for Fall 2027." in body


def test_the_swap_list_shows_the_papers_closest_to_the_applicant_first(client, applicant, researcher):
    for n in range(12):  # newer papers, unrelated to the applicant's interests
        paper_by(researcher, title=f"Graph Coloring Heuristics Part {n + 2}", date=dt.date(2026, 6, n + 1))
    paper_by(researcher, title="Sparse Attention Kernels for Long Context Language Models", date=dt.date(2023, 1, 1),
             abstract="Sparse attention for long context language models.")
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    client.force_login(applicant)
    page = client.get(reverse("outreach:draft_detail", args=[draft.pk])).content.decode()
    swap = page[page.index('name="new"'):]
    assert swap.index("Sparse Attention Kernels") < swap.index("Graph Coloring Heuristics Part")
    assert "Closest to your interests" in swap
