from django.apps import AppConfig


class ShortlistConfig(AppConfig):
    """Each user's saved faculty and their pipeline (reads the catalogue and matching)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "shortlist"

    def ready(self):
        from config.fragments import hole_filler_register
        from matching.selectors import saved_ids_provider_register
        from profiles.events import PapersAdded, ResearchersMerged, subscribe

        from . import subscribers
        from .save_button import save_buttons_fill

        subscribe(ResearchersMerged, subscribers.researchers_merged)
        subscribe(PapersAdded, subscribers.papers_added)
        saved_ids_provider_register(subscribers.saved_ids)
        hole_filler_register("save_button", save_buttons_fill)
