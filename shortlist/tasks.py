"""Shortlist background jobs (Celery beat runs the reminder daily)."""
from celery import shared_task

from shortlist import services


@shared_task(bind=True)
def followup_reminders_task(self) -> int:
    """Collect each user's due follow-ups into one in-app notice (and email when enabled)."""
    return services.followup_reminders_send()
