"""The one base class of every background job, and the one re-queue of unfinished work.

Every task of the project is a ``ScoutTask`` (the Celery app's default task class): it
acknowledges late, retries transient failures with the backoff and cap set in settings, and
is sent only once the sender's transaction commits (``enqueue_on_commit``), so a worker never
looks for a row that was rolled back or is not visible yet. A task that gives up (a bug, bad
data, its retries used up, its time limit) marks its work failed with the reason through the
``mark_failed`` option it is declared with, so progress pages end and nothing re-sends it.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from celery import bootsteps
from celery.contrib.django.task import DjangoTask
from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError, OperationalError, transaction
from kombu.exceptions import OperationalError as BrokerError

from config.broker import is_embedded

logger = logging.getLogger(__name__)

# Transient failures worth retrying (a locked SQLite file, a dropped database connection);
# anything else is a bug or bad data, and retrying it would only repeat it.
TRANSIENT_ERRORS = (OperationalError, ConnectionError)


class ScoutTask(DjangoTask):
    """Late acknowledgement, retries with backoff and a cap, and enqueue-on-commit."""

    acks_late = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = settings.CELERY_TASK_RETRY_BACKOFF
    retry_backoff_max = settings.CELERY_TASK_RETRY_BACKOFF_MAX
    retry_jitter = True
    max_retries = settings.CELERY_TASK_MAX_RETRIES

    def enqueue_on_commit(self, *args, countdown: int | None = None, **kwargs) -> str:
        """Send the task once the current transaction commits (at once outside one) and
        return the id it will have, so a caller can report it before it is sent."""
        task_id = str(uuid.uuid4())
        options = {"task_id": task_id}
        if countdown is not None:
            options["countdown"] = countdown
        transaction.on_commit(lambda: self._send_committed(args, kwargs, options))
        return task_id

    def _send_committed(self, args, kwargs, options) -> None:
        try:
            self.apply_async(args, kwargs, **options)
        except (BrokerError, OSError):
            # The work is committed and shows queued: noted, it is sent again once the broker
            # answers (send_failure_note). The caller's page still says it has not started.
            send_failure_note(self.name)
            raise

    def enqueue_on_commit_or_warn(self, *args, countdown: int | None = None, **kwargs) -> str:
        """Like ``enqueue_on_commit`` for work that can wait for the next chance (an index
        rebuild): a broker that is down is logged, not raised into the caller's request."""
        task_id = str(uuid.uuid4())
        transaction.on_commit(lambda: self.send_or_warn(*args, countdown=countdown, task_id=task_id, **kwargs))
        return task_id

    def send_or_warn(self, *args, countdown: int | None = None, task_id: str | None = None, **kwargs) -> None:
        """Send the task now, for a caller that already runs after its commit; a broker that is
        down is logged, not raised (``enqueue_on_commit_or_warn``)."""
        try:
            self.apply_async(args, kwargs, task_id=task_id or str(uuid.uuid4()), countdown=countdown)
        except (BrokerError, OSError) as exc:
            logger.warning("%s not queued (%s)", self.name, exc)
            send_failure_note(self.name)

    def mark_failed(self, reason: str, *args, **kwargs) -> None:
        """Mark the work this task was sent for as failed. A task whose work is a row (a
        capture, a job item) is declared with ``mark_failed=`` a function ``(task, reason,
        *the task's arguments)`` that calls a service; the default has nothing to mark."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """The task gave up: mark its work failed, so its progress page ends and says why."""
        reason = failure_reason(exc)
        try:
            self.mark_failed(reason, *args, **kwargs)
        except DatabaseError:
            # The database is what failed: the work stays queued and the next worker start
            # re-sends it, up to CELERY_TASK_MAX_ATTEMPTS.
            logger.warning("%s[%s] failed (%s) and could not be marked failed", self.name, task_id,
                           reason, exc_info=True)


def failure_reason(exc: BaseException) -> str:
    """One line for a curator: what went wrong, without the traceback (that is in the log)."""
    message = " ".join(str(exc).split())
    text = f"The background task stopped on an error ({type(exc).__name__}: {message})" if message else (
        f"The background task stopped on an error ({type(exc).__name__})")
    return text[:480] + ". Check the worker's log, fix the cause and try again."


# --- Work a stopped worker left unfinished -------------------------------------------------------
UnfinishedWorkSender = Callable[[], int]
_unfinished_work_senders: list[UnfinishedWorkSender] = []


def unfinished_work_sender_register(sender: UnfinishedWorkSender) -> None:
    """Apps register, in their AppConfig.ready, a function that re-sends the tasks whose work
    their tables still show queued, and returns how many it sent."""
    if sender not in _unfinished_work_senders:
        _unfinished_work_senders.append(sender)


def unfinished_work_resend(why: str) -> int:
    """Send again every task that registered apps' tables still show queued; returns how many."""
    sent = sum(send() for send in _unfinished_work_senders)
    if sent:
        logger.warning("Re-sent %d task(s) still queued in the database (%s).", sent, why)
    return sent


# --- Sends the broker did not take ------------------------------------------------------------
# A send that fails while the broker is stalled or down leaves its work queued in the database
# with no message anywhere. A worker that lost its connection re-sends such work when it
# reconnects (below), but through a stall the worker's own connection may never drop. So each
# failed send is noted where every node sees it (an app registers where: the database), and a
# periodic task re-sends the queued work once the broker takes messages again.
SendFailureRecorder = Callable[[str], None]
_send_failure_recorders: list[SendFailureRecorder] = []


def send_failure_recorder_register(recorder: SendFailureRecorder) -> None:
    """An app registers, in its AppConfig.ready, a function that notes a failed send of the
    task named by its argument (and its periodic task re-sends the queued work)."""
    if recorder not in _send_failure_recorders:
        _send_failure_recorders.append(recorder)


def send_failure_note(task_name: str) -> None:
    """Note that sending ``task_name`` failed; a note that cannot be written is logged only (the
    failed send itself is what the caller reports)."""
    for record in _send_failure_recorders:
        try:
            record(task_name)
        except Exception:  # noqa: BLE001  (whatever stops the note, the send's own error is what counts)
            logger.warning("A failed send of %s could not be noted", task_name, exc_info=True)


class UnfinishedWorkAfterReconnect(bootsteps.StartStopStep):
    """A consumer step: each time the worker connects to the broker again after losing it (a
    Redis restart), send again the work the database still shows queued. A message Redis had
    handed to a worker (BRPOP) but not yet recorded as unacknowledged when it died is gone from
    both, and the visibility timeout cannot bring it back: the chaos run lost one re-import task
    of 121 that way. The tasks are idempotent: a duplicate of a message still in the queue finds
    its work done. (The first connection is worker_ready's, below.)"""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.connected_before = False

    def start(self, parent):
        if self.connected_before:
            try:
                unfinished_work_resend("the broker connection came back")
            except (BrokerError, OSError, OperationalError) as exc:  # down again: the next reconnect tries
                logger.warning("Unfinished work not re-sent after reconnecting (%s)", exc)
        self.connected_before = True


@worker_ready.connect
def unfinished_work_requeue(sender=None, **kwargs) -> None:
    """On the filesystem broker a task taken by a worker that then died is gone from the queue,
    though the database still shows its work queued: send it again at start-up. (Redis
    re-delivers unacknowledged tasks itself after the visibility timeout.) The tasks are
    idempotent, so a duplicate of a message still waiting in the queue finds nothing to do."""
    broker_url = str(sender.app.conf.broker_url) if sender is not None else str(settings.CELERY_BROKER_URL)
    if not is_embedded(broker_url):
        return
    unfinished_work_resend("left unfinished by a stopped worker")
