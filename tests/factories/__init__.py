"""Factories shared by every app's tests: users, and researchers, papers, authorships and
captures with the same name and title keys the importer computes."""
import datetime as dt
import hashlib

import factory
from anyascii import anyascii
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from profiles.importers import name_key, title_key
from profiles.models import Authorship, Capture, CaptureOutcome, Paper, Researcher
from profiles.services import catalogue_version_bump, researcher_paper_stats_refresh


class UserFactory(factory.django.DjangoModelFactory):
    """A user; each app's tests pick their own username prefix and password."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class CatalogueFactory(factory.django.DjangoModelFactory):
    """A catalogue row written as the catalogue's services write them: the catalogue version
    rises with it, so readers that cache by version (the match index) see it."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with transaction.atomic():
            obj = super()._create(model_class, *args, **kwargs)
            if isinstance(obj, Authorship):
                researcher_paper_stats_refresh(researcher_ids=[obj.researcher_id])
            catalogue_version_bump()
        return obj


class ResearcherFactory(CatalogueFactory):
    class Meta:
        model = Researcher

    name = factory.Sequence(lambda n: f"Researcher Number{n}")
    slug = factory.LazyAttributeSequence(lambda r, n: f"{slugify(anyascii(r.name))}-{n}")
    name_key = factory.LazyAttribute(lambda r: name_key(r.name))
    affiliation = "Example University"


class PaperFactory(CatalogueFactory):
    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"A study of things, part {n}")
    title_key = factory.LazyAttribute(lambda p: title_key(p.title))
    date = dt.date(2024, 1, 1)


class AuthorshipFactory(CatalogueFactory):
    class Meta:
        model = Authorship

    researcher = factory.SubFactory(ResearcherFactory)
    paper = factory.SubFactory(PaperFactory)


class CaptureFactory(CatalogueFactory):
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


def author_of(researcher, paper_factory=PaperFactory, **paper_fields) -> Paper:
    """A paper with this researcher as an author."""
    paper = paper_factory(**paper_fields)
    with transaction.atomic():  # what the catalogue's services do after any authorship change
        Authorship.objects.create(researcher=researcher, paper=paper)
        researcher_paper_stats_refresh(researcher_ids=[researcher.pk])
        catalogue_version_bump()
    return paper
