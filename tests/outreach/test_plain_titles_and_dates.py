"""Drafts read as the researcher would read them: titles cited as text (never raw LaTeX) and a
paper known only to its month shown as that month, never a made-up day."""
import datetime as dt

import pytest
from django.urls import reverse

from outreach.services import draft_create
from tests.factories.outreach import ResearcherFactory, paper_by

LATEX_TITLE = r"Less is More: Training with $\textit{master weights}$ in $k$-bit Precision"
PLAIN_TITLE = "Less is More: Training with master weights in k-bit Precision"


@pytest.fixture
def latex_researcher(db):
    r = ResearcherFactory(name="Tess Tex", slug="tess-tex", affiliation="Lambda University")
    paper_by(r, title=LATEX_TITLE, date=dt.date(2026, 7, 1), date_precision="month",
             abstract="Low-precision training with master weights.")
    return r


def test_draft_subject_body_and_paper_list_cite_the_title_as_text(client, applicant, latex_researcher):
    client.force_login(applicant)
    draft = draft_create(user=applicant, researcher=latex_researcher, template_key="default:paper_question")
    version = draft.versions.get()

    assert PLAIN_TITLE in version.body and "$" not in version.body and "\\textit" not in version.body
    assert "$" not in version.subject and "Less is More" in version.subject
    assert not [f for f in version.flags if f["kind"] == "unknown_citation"]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f"<strong>{PLAIN_TITLE}</strong> (Jul 2026)" in page
    assert "textit" not in page and "1 Jul 2026" not in page and "2026-07-01" not in page


def test_a_template_sees_the_month_not_a_made_up_day(client, applicant, latex_researcher):
    client.force_login(applicant)
    response = client.post(reverse("outreach:template_preview"), {
        "subject_source": "Hello", "body_source": "{% if paper %}{{ paper.title }} from {{ paper.date }}{% endif %}",
        "researcher": latex_researcher.pk})

    page = response.content.decode()
    assert f"{PLAIN_TITLE} from 2026-07" in page and "2026-07-01" not in page
    assert f"{PLAIN_TITLE} (Jul 2026)" in page
