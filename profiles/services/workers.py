"""Background workers' heartbeats, written by each worker while it runs, and the sends to the
task queue that failed, re-sent once it answers."""
from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from config.tasks import unfinished_work_resend
from profiles.models import UnsentWork, WorkerHeartbeat


def worker_heartbeat_record(*, hostname: str) -> None:
    """Note that the worker ``hostname`` is alive now."""
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})


def worker_heartbeat_clear(*, hostname: str) -> None:
    """Forget a worker that is shutting down, so pages stop counting on it at once."""
    WorkerHeartbeat.objects.filter(hostname=hostname).delete()


def unsent_work_record(task_name: str) -> None:
    """Note a send of ``task_name`` the task queue did not take (config.tasks.send_failure_note)."""
    UnsentWork.objects.create(task=task_name[:200])


def unsent_work_resend() -> int:
    """After sends failed, send again every task whose work the database shows queued (each
    app's re-sender: config.tasks.unfinished_work_resend), then forget the failures; returns how
    many were sent. With the broker still not answering this raises, and the notes stay for the
    next try. A duplicate of a message that did arrive finds its work claimed or done."""
    latest = UnsentWork.objects.order_by("-pk").values_list("pk", flat=True).first()
    if latest is None:
        return 0
    sent = unfinished_work_resend("sent while the task queue did not answer")
    UnsentWork.objects.filter(pk__lte=latest).delete()
    return sent


@shared_task(name="profiles.tasks.unsent_work_resend_task")
def unsent_work_resend_task() -> dict:
    """Celery beat's periodic re-send of work whose sending failed (settings.CELERY_BEAT_SCHEDULE)."""
    return {"sent": unsent_work_resend()}
