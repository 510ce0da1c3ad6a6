from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """The match index, ranking and explanations (reads the catalogue and the applicant)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"

    def ready(self):
        from django.conf import settings
        from threadpoolctl import threadpool_limits

        from profiles.events import CatalogueChanged, subscribe

        from .catalogue import match_index_invalidate

        # The index ranks what the catalogue holds: rebuild it after every committed change.
        subscribe(CatalogueChanged, match_index_invalidate)
        # For the whole process: rankings run in web and worker processes that each have a core.
        threadpool_limits(limits=settings.MATCH_BLAS_THREADS, user_api="blas")
