from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    """The faculty catalogue: researchers, papers, captures. Imports no other app of ours."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
    verbose_name = "Faculty catalogue"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from config.tasks import send_failure_recorder_register, unfinished_work_sender_register

        from . import services
        from .selectors.catalogue import catalogue_version_request_begin, catalogue_version_request_end

        unfinished_work_sender_register(services.unfinished_work_requeue)
        unfinished_work_sender_register(services.department_jobs_unfinished_requeue)
        send_failure_recorder_register(services.unsent_work_record)
        request_started.connect(catalogue_version_request_begin, dispatch_uid="catalogue-version-request-begin")
        request_finished.connect(catalogue_version_request_end, dispatch_uid="catalogue-version-request-end")
