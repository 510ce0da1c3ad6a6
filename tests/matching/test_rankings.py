"""The researcher page reuses the applicant's ranking: it scores the catalogue once per profile
and catalogue version, not on every view, and shows what a fresh ranking would."""
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from matching.applicant import applicant_query
from matching.catalogue import match_index_current
from matching.index import MatchIndex
from tests.factories.matching import ApplicantProfileFactory, researcher_with_papers

pytestmark = pytest.mark.django_db


@pytest.fixture
def rank_calls(monkeypatch):
    """Counts how often the real ranking runs (it still runs: this only counts)."""
    calls = []
    real = MatchIndex.rank

    def counted(self, query):
        calls.append(query.interests)
        return real(self, query)

    monkeypatch.setattr(MatchIndex, "rank", counted)
    return calls


def test_a_ranking_is_made_once_per_profile_and_catalogue_version(rank_calls):
    olga = researcher_with_papers([("Bilevel optimization for data mixing", "Hypergradients.", date(2026, 1, 5))],
                                  name="Olga Optimizer", slug="olga")
    researcher_with_papers([("Data mixing for speech", "Mixing speech.", date(2019, 1, 1))], name="Bruno Mixer")
    profile = ApplicantProfileFactory(interests="bilevel optimization for data mixing", methods="hypergradient")
    client = Client()
    client.force_login(profile.user)

    assert client.get(reverse("matching:matches")).status_code == 200
    pages = [client.get(olga.get_absolute_url()) for _ in range(3)]
    assert len(rank_calls) == 1
    shown = pages[0].context["match"]  # rendered once; the next views show the same section
    why = [page.content.decode().split('id="why-match"')[1].split("</section>")[0] for page in pages]
    assert why[0] == why[1] == why[2] and "Bilevel optimization for data mixing" in why[0]
    fresh = match_index_current().rank(applicant_query(profile)).explain(olga.pk)
    assert shown.score == fresh.score and shown.rank == 0 and [r.title for r in shown.reasons] == [r.title for r in fresh.reasons]

    profile.interests = "speech data mixing"
    profile.save()
    client.get(olga.get_absolute_url())
    assert len(rank_calls) == 3  # the check above ranked once itself; the new profile once more

    researcher_with_papers([("Optimization of mixtures", "Bilevel.", date(2026, 2, 1))], name="Nina New")
    client.get(olga.get_absolute_url())
    assert len(rank_calls) == 4  # a new catalogue version: a new index, ranked again
