"""The workers' heartbeat: when each Celery worker last said it was alive."""
from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per worker host name, its ``seen_at`` moved forward every few seconds."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
