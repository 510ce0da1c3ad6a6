"""factory_boy factories for shortlist tests."""
import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from profiles.models import Paper, Researcher
from shortlist.models import ShortlistEntry, Status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"applicant{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class ResearcherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Researcher

    name = factory.Sequence(lambda n: f"Researcher Number{n}")
    slug = factory.LazyAttributeSequence(lambda r, n: f"{slugify(r.name)}-{n}")
    name_key = factory.LazyAttribute(lambda r: "".join(ch for ch in r.name.lower() if ch.isalpha()))
    affiliation = "Example University"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"A study of things, part {n}")
    title_key = factory.LazyAttribute(lambda p: p.title.lower())


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortlistEntry

    user = factory.SubFactory(UserFactory)
    researcher = factory.SubFactory(ResearcherFactory)
    status = Status.CONSIDERING
    status_changed_at = factory.LazyFunction(timezone.now)
    saved_at = factory.LazyFunction(timezone.now)
