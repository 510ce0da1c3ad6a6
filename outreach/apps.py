from django.apps import AppConfig


class OutreachConfig(AppConfig):
    """Email drafts grounded in the researcher's own papers (catalogue, applicant, shortlist)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "outreach"

    def ready(self):
        from config.tasks import unfinished_work_sender_register
        from profiles.events import ResearchersMerged, subscribe

        from . import services, subscribers

        subscribe(ResearchersMerged, subscribers.researchers_merged)
        unfinished_work_sender_register(services.bulk_jobs_unfinished_requeue)
