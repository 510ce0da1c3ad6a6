"""factory_boy factories for shortlist tests."""
import factory
from django.utils import timezone

import tests.factories as shared
from shortlist.models import ShortlistEntry, Status


class UserFactory(shared.UserFactory):
    username = factory.Sequence(lambda n: f"applicant{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")


class ResearcherFactory(shared.ResearcherFactory):
    pass


class PaperFactory(shared.PaperFactory):
    pass


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortlistEntry

    user = factory.SubFactory(UserFactory)
    researcher = factory.SubFactory(ResearcherFactory)
    status = Status.CONSIDERING
    status_changed_at = factory.LazyFunction(timezone.now)
    saved_at = factory.LazyFunction(timezone.now)
