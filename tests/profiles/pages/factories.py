"""Catalogue factories for the page tests: researchers, papers, authorships and captures."""
import datetime as dt
import hashlib

import factory
from django.contrib.auth import get_user_model

from profiles.freshness import researcher_name_key
from profiles.models import Authorship, Capture, CaptureOutcome, Paper, Researcher


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-passphrase")


class ResearcherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Researcher

    name = factory.Sequence(lambda n: f"Researcher Number{n}")
    slug = factory.Sequence(lambda n: f"researcher-{n}")
    name_key = factory.LazyAttribute(lambda o: researcher_name_key(o.name))
    title = "Associate Professor"
    affiliation = "Example University"
    department = "Computer Science"
    topics = factory.LazyFunction(lambda: ["Machine Learning"])


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"A study of thing {n}")
    title_key = factory.LazyAttribute(lambda o: o.title.lower())
    date = dt.date(2024, 1, 1)
    venues = factory.LazyFunction(lambda: ["NeurIPS"])
    authors = factory.LazyFunction(list)


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    researcher = factory.SubFactory(ResearcherFactory)
    paper = factory.SubFactory(PaperFactory)


class CaptureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capture

    raw = factory.Sequence(lambda n: f"capture {n}".encode())
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.raw).hexdigest())
    encoding = "utf-8"
    layout = "phdfit"
    captured_on = factory.LazyFunction(dt.date.today)
    researcher = factory.SubFactory(ResearcherFactory)
    outcome = CaptureOutcome.IMPORTED
    parsed_name = factory.LazyAttribute(lambda o: o.researcher.name if o.researcher else "")
    parsed_affiliation = factory.LazyAttribute(lambda o: o.researcher.affiliation if o.researcher else "")


def author_of(researcher, **paper_fields) -> Paper:
    """A paper with this researcher as an author."""
    paper = PaperFactory(**paper_fields)
    AuthorshipFactory(researcher=researcher, paper=paper)
    return paper
