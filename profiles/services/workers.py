"""Background workers' heartbeats, written by each worker while it runs, and the sends to the
task queue that failed, re-sent once it answers."""
from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from config.tasks import unfinished_work_resend
from profiles.models import UnsentWork, WorkerHeartbeat

from .departments import department_jobs_abandoned_requeue


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


@shared_task(name="profiles.tasks.lost_work_resend_task")
def lost_work_resend_task() -> dict:
    """Celery beat's minute (settings.CELERY_BEAT_SCHEDULE): work no message stands for any more
    is sent again. That is work whose sending failed, and department jobs a dead worker left
    running (on the embedded broker its message died with it)."""
    return {"resumed": department_jobs_abandoned_requeue(), "sent": unsent_work_resend()}
