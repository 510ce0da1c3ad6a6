"""The daily follow-up reminder service that the beat task runs."""
import datetime as dt

import pytest
from django.core import mail

from shortlist.models import Notice, NoticeKind
from shortlist.services import entry_remove, followup_reminders_send
from tests.factories.shortlist import EntryFactory, ResearcherFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2030, 6, 10)


def test_one_notice_per_user_with_due_follow_ups_and_none_twice(settings):
    settings.SHORTLIST_REMINDER_EMAILS = False
    alice, bob = UserFactory(), UserFactory()
    EntryFactory(user=alice, researcher=ResearcherFactory(name="Due Today"), follow_up_on=TODAY)
    EntryFactory(user=alice, researcher=ResearcherFactory(name="Long Overdue"), follow_up_on=TODAY - dt.timedelta(days=3))
    EntryFactory(user=alice, researcher=ResearcherFactory(name="Next Week"), follow_up_on=TODAY + dt.timedelta(days=7))
    removed = EntryFactory(user=bob, follow_up_on=TODAY)
    entry_remove(entry=removed)

    assert followup_reminders_send(today=TODAY) == 1
    assert followup_reminders_send(today=TODAY) == 0
    notice = Notice.objects.get()
    assert notice.user == alice and notice.kind == NoticeKind.FOLLOW_UP
    assert "2 follow-ups due (1 overdue)" in notice.text
    assert "Long Overdue" in notice.text and "Next Week" not in notice.text
    assert mail.outbox == []


def test_reminder_is_emailed_when_enabled(settings):
    settings.SHORTLIST_REMINDER_EMAILS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = UserFactory(email="me@example.org")
    EntryFactory(user=user, follow_up_on=TODAY)
    followup_reminders_send(today=TODAY)
    assert [m.to for m in mail.outbox] == [["me@example.org"]]
    assert "1 follow-up due" in mail.outbox[0].body


def test_beat_schedule_runs_the_reminder_task(settings):
    from shortlist.tasks import followup_reminders_task

    entry = settings.CELERY_BEAT_SCHEDULE["shortlist-followup-reminders"]
    assert entry["task"] == followup_reminders_task.name


def test_the_beat_task_runs_the_service(settings):
    from django.utils import timezone

    from shortlist.tasks import followup_reminders_task

    settings.SHORTLIST_REMINDER_EMAILS = False
    EntryFactory(follow_up_on=timezone.localdate())
    assert followup_reminders_task.apply().get() == 1
    assert Notice.objects.filter(kind=NoticeKind.FOLLOW_UP).count() == 1
