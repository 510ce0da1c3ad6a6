"""factory_boy factories for shortlist tests."""
import factory
from django.utils import timezone

from shortlist.models import ShortlistEntry, Status
from tests import factories as shared


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
