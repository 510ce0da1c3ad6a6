"""The Celery app: `celery -A config worker` runs the background jobs."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("advisor_scout")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
