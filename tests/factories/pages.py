"""Catalogue factories for the page tests: researchers, papers, authorships and captures."""
import factory

import tests.factories as shared
from profiles.models import Paper


class UserFactory(shared.UserFactory):
    password = factory.django.Password("a-long-test-passphrase")


class ResearcherFactory(shared.ResearcherFactory):
    slug = factory.Sequence(lambda n: f"researcher-{n}")
    title = "Associate Professor"
    department = "Computer Science"
    topics = factory.LazyFunction(lambda: ["Machine Learning"])


class PaperFactory(shared.PaperFactory):
    title = factory.Sequence(lambda n: f"A study of thing {n}")
    venues = factory.LazyFunction(lambda: ["NeurIPS"])
    authors = factory.LazyFunction(list)


class AuthorshipFactory(shared.AuthorshipFactory):
    researcher = factory.SubFactory(ResearcherFactory)
    paper = factory.SubFactory(PaperFactory)


class CaptureFactory(shared.CaptureFactory):
    researcher = factory.SubFactory(ResearcherFactory)


def author_of(researcher, **paper_fields) -> Paper:
    """A paper with this researcher as an author."""
    return shared.author_of(researcher, PaperFactory, **paper_fields)
