"""Loaded into the chaos run's Celery workers (`--include chaos_hooks`): one line per task body
started, appended to CHAOS_RUN_LOG, so the run can count how often each task id ran even when
the process running it was killed half-way."""
import os

from celery.signals import task_prerun


@task_prerun.connect
def count_task_run(task_id=None, task=None, **kwargs):
    line = f"{task_id} {task.name if task else '?'}\n".encode()
    fd = os.open(os.environ["CHAOS_RUN_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)  # one short append: whole lines even with both workers writing
    finally:
        os.close(fd)
