"""factory_boy factories for match tests: researchers with papers, and applicants."""
import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from profiles.models import ApplicantProfile, Authorship, Capture, CaptureOutcome, Paper, Researcher


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"matcher{n}")
    password = factory.django.Password("correct-horse-battery")


class ApplicantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(UserFactory)
    interests = "bilevel optimization for data mixing in language models"


class ResearcherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Researcher

    name = factory.Sequence(lambda n: f"Researcher Match{n}")
    slug = factory.LazyAttributeSequence(lambda r, n: f"{slugify(r.name)}-{n}")
    name_key = factory.LazyAttribute(lambda r: "".join(ch for ch in r.name.lower() if ch.isalpha()))
    affiliation = "Example University"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"Untitled study number {n}")
    title_key = factory.LazyAttribute(lambda p: p.title.lower())


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    researcher = factory.SubFactory(ResearcherFactory)
    paper = factory.SubFactory(PaperFactory)


class CaptureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capture

    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    raw = b"capture"
    encoding = "utf-8"
    layout = "phdfit"
    outcome = CaptureOutcome.IMPORTED
    researcher = factory.SubFactory(ResearcherFactory)


def researcher_with_papers(papers, **fields):
    """A researcher who wrote ``papers``: (title, abstract, date) triples."""
    researcher = ResearcherFactory(**fields)
    for title, abstract, day in papers:
        AuthorshipFactory(researcher=researcher, paper=PaperFactory(title=title, abstract=abstract, date=day))
    return researcher
