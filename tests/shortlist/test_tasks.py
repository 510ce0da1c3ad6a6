"""The daily reminder task on a real worker (embedded broker and Redis)."""
import pytest
from django.utils import timezone

from shortlist.models import Notice, NoticeKind
from shortlist.tasks import followup_reminders_task
from tests.factories.shortlist import EntryFactory


@pytest.mark.broker
def test_reminder_task_on_a_real_worker_leaves_one_notice_per_user(celery_worker, settings):
    settings.SHORTLIST_REMINDER_EMAILS = False
    entry = EntryFactory(follow_up_on=timezone.localdate())
    assert followup_reminders_task.delay().get(timeout=30) == 1
    # Beat firing twice in a day (a restart) reminds nobody twice.
    assert followup_reminders_task.delay().get(timeout=30) == 0
    notice = Notice.objects.get()
    assert notice.user == entry.user and notice.kind == NoticeKind.FOLLOW_UP
