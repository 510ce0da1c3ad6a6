"""Outreach fixtures: an applicant with a profile and a researcher with a handful of papers."""
import datetime as dt

import pytest

from tests.factories.outreach import (
    ProfileFactory,
    ResearcherFactory,
    UserFactory,
    paper_by,
)


@pytest.fixture(autouse=True)
def _quick_limits(settings):
    settings.OUTREACH_RENDER_SECONDS = 0.5
    settings.OUTREACH_LLM_URL = ""


@pytest.fixture
def applicant(db):
    return ProfileFactory(user=UserFactory(username="ada")).user


@pytest.fixture
def researcher(db):
    r = ResearcherFactory(name="Chidi Okafor", slug="chidi-okafor", affiliation="Northfield University")
    paper_by(r, title="Sparse Attention for Long Context Transformers", date=dt.date(2025, 3, 1),
             abstract="We show that sparse attention scales language models to million-token contexts.")
    paper_by(r, title="Retrieval Augmented Generation at Scale", date=dt.date(2024, 9, 1),
             abstract="Retrieval helps long context language models answer questions.")
    paper_by(r, title="A Study of Graph Coloring Heuristics", date=dt.date(2026, 5, 1),
             abstract="Greedy coloring on random graphs.")
    paper_by(r, title="Old Work on Parsing Natural Language", date=dt.date(2015, 1, 1))
    return r
