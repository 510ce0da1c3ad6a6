"""The daily follow-up reminder: one in-app notice per user listing their due follow-ups."""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Notice, NoticeKind, ShortlistEntry

logger = logging.getLogger(__name__)


def followup_reminders_send(*, today: dt.date | None = None) -> int:
    """Create today's reminder notice for each user with follow-ups due (at most one per user
    and day, so a re-run is harmless); email it too when SHORTLIST_REMINDER_EMAILS is on.
    Returns how many notices were created."""
    today = today or timezone.localdate()
    due = (
        ShortlistEntry.objects.filter(removed_at__isnull=True, follow_up_on__lte=today)
        .select_related("researcher", "user")
        .order_by("user_id", "follow_up_on", "researcher__name")
    )
    by_user: dict[int, list[ShortlistEntry]] = {}
    for entry in due:
        by_user.setdefault(entry.user_id, []).append(entry)
    created = 0
    for entries in by_user.values():
        user = entries[0].user
        overdue = sum(1 for e in entries if e.follow_up_on < today)
        names = ", ".join(e.researcher.name for e in entries[:5]) + ("…" if len(entries) > 5 else "")
        text = f"{len(entries)} follow-up{'s' if len(entries) != 1 else ''} due"
        text += f" ({overdue} overdue)" if overdue else ""
        text += f": {names}."
        try:
            with transaction.atomic():
                Notice.objects.create(
                    user=user, kind=NoticeKind.FOLLOW_UP, text=text, dedupe_key=f"follow_up:{today.isoformat()}",
                    payload={"entry_ids": [e.pk for e in entries], "date": today.isoformat()},
                )
        except IntegrityError:
            continue  # already reminded today
        created += 1
        if settings.SHORTLIST_REMINDER_EMAILS and user.email:
            body = text + "\n\nOpen your shortlist: " + settings.SHORTLIST_SITE_URL.rstrip("/") + reverse("shortlist:list") + "?due=1\n"
            try:
                send_mail("Advisor Scout: follow-ups due", body, None, [user.email])
            except OSError:
                # The notice is in the app already; a mail server hiccup must not stop the rest.
                logger.warning("Could not email follow-up reminder to user %s", user.pk, exc_info=True)
    return created
