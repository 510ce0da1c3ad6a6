"""Factories for the outreach tests: users with profiles, researchers with papers, entries."""
import datetime as dt

import factory
from django.utils import timezone

import tests.factories as shared
from applicants.models import ApplicantProfile
from profiles.models import Paper


class UserFactory(shared.UserFactory):
    username = factory.Sequence(lambda n: f"applicant{n}")
    password = factory.django.Password("pw-for-tests-123")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(UserFactory)
    full_name = "Ada Lovelace"
    program = "PhD in Computer Science"
    interests = "sparse attention, long context language models"
    methods = "efficient transformers"
    keywords = "retrieval"
    background = "I built a retrieval system for legal documents during my master's."


class ResearcherFactory(shared.ResearcherFactory):
    name = factory.Sequence(lambda n: f"Jane Researcher{n}")
    title = "Associate Professor of Computer Science"
    department = "Computer Science"


class PaperFactory(shared.PaperFactory):
    title = factory.Sequence(lambda n: f"Untitled Study Number {n}")
    date = dt.date(2025, 6, 1)
    venues = factory.LazyFunction(lambda: ["NeurIPS"])


def paper_by(researcher, **kwargs) -> Paper:
    """A paper and the authorship that makes ``researcher`` its author."""
    return shared.author_of(researcher, PaperFactory, **kwargs)


def entry_for(user, researcher, **kwargs):
    from shortlist.models import ShortlistEntry

    now = timezone.now()
    defaults = {"status": "considering", "status_changed_at": now, "saved_at": now}
    defaults.update(kwargs)
    return ShortlistEntry.objects.create(user=user, researcher=researcher, **defaults)
