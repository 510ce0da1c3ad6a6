"""Shortlist background jobs (Celery beat runs the reminder daily)."""
from celery import shared_task


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def followup_reminders_task(self) -> int:
    """Collect each user's due follow-ups into one in-app notice (and email when enabled)."""
    from .services import followup_reminders_send

    return followup_reminders_send()
