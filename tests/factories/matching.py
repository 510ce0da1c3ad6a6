"""factory_boy factories for match tests: researchers with papers, and applicants."""
import factory

import tests.factories as shared
from applicants.models import ApplicantProfile


class UserFactory(shared.UserFactory):
    username = factory.Sequence(lambda n: f"matcher{n}")


class ApplicantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(UserFactory)
    interests = "bilevel optimization for data mixing in language models"


class ResearcherFactory(shared.ResearcherFactory):
    name = factory.Sequence(lambda n: f"Researcher Match{n}")


class PaperFactory(shared.PaperFactory):
    title = factory.Sequence(lambda n: f"Untitled study number {n}")
    date = None


class AuthorshipFactory(shared.AuthorshipFactory):
    researcher = factory.SubFactory(ResearcherFactory)
    paper = factory.SubFactory(PaperFactory)


class CaptureFactory(shared.CaptureFactory):
    researcher = factory.SubFactory(ResearcherFactory)
    parsed_name = ""
    parsed_affiliation = ""


def researcher_with_papers(papers, **fields):
    """A researcher who wrote ``papers``: (title, abstract, date) triples."""
    researcher = ResearcherFactory(**fields)
    for title, abstract, day in papers:
        AuthorshipFactory(researcher=researcher, paper=PaperFactory(title=title, abstract=abstract, date=day))
    return researcher
