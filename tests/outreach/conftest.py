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


@pytest.fixture
def seeded(db, seeds_dir):
    """The real seed captures, imported as `make run` imports them."""
    import json

    from profiles.services import capture_import

    dates = json.loads((seeds_dir / "captures.json").read_text())
    for path in sorted(seeds_dir.glob("*.txt")):
        capture_import(raw=path.read_bytes(), captured_on=dt.date.fromisoformat(dates[path.name]["captured_on"]),
                       filename=path.name)


@pytest.fixture
def seed_applicant(seeded):
    """The applicant from issue 11: optimization for ML, applying to a joint CS / OR program."""
    return ProfileFactory(
        user=UserFactory(username="grace", email="grace@example.org"),
        full_name="Grace Hopper", program="PhD in Computer Science / Operations Research, Fall 2027",
        interests="robust optimization for machine learning, federated learning, min-max games",
        methods="efficient first-order methods", keywords="", background="",
    ).user
