"""The Celery app: `celery -A config worker` runs the background jobs."""
import os
from pathlib import Path

from celery import Celery

from config.broker import is_embedded  # also registers the embedded broker's scheme

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Every task is a config.tasks.ScoutTask: one retry policy, sent after commit.
app = Celery("advisor_scout", task_cls="config.tasks:ScoutTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# After a lost broker connection comes back, re-send work the database still shows queued.
app.steps["consumer"].add("config.tasks:UnfinishedWorkAfterReconnect")


@app.on_after_configure.connect
def _create_embedded_broker_folders(sender, **kwargs):
    """The filesystem broker (no REDIS_URL) needs its folders before the first message."""
    if is_embedded(sender.conf.broker_url):
        options = sender.conf.broker_transport_options or {}
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            if options.get(key):
                Path(options[key]).mkdir(parents=True, exist_ok=True)
