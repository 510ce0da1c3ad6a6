from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    """The faculty catalogue: researchers, papers, captures. Imports no other app of ours."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
    verbose_name = "Faculty catalogue"

    def ready(self):
        from config.tasks import unfinished_work_sender_register

        from . import services

        unfinished_work_sender_register(services.unfinished_work_requeue)
