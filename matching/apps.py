from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """The match index, ranking and explanations (reads the catalogue and the applicant)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"

    def ready(self):
        from profiles.events import CatalogueChanged, subscribe

        from .catalogue import match_index_invalidate

        # The index ranks what the catalogue holds: rebuild it after every committed change.
        subscribe(CatalogueChanged, match_index_invalidate)
