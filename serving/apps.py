from django.apps import AppConfig


class ServingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "serving"

    def ready(self):
        # Django's documented place to connect receivers whose module imports models.
        from celery.signals import worker_ready, worker_shutdown

        from . import heartbeat

        worker_ready.connect(heartbeat.heartbeat_start, weak=False, dispatch_uid="serving-heartbeat-start")
        worker_shutdown.connect(heartbeat.heartbeat_stop, weak=False, dispatch_uid="serving-heartbeat-stop")
