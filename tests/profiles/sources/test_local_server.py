"""End to end against a real HTTP server on 127.0.0.1 (no mocks in the client): it answers
429 first, then 200 with an ETag, then 304 to the conditional refresh."""
from io import StringIO

import pytest
from django.core.management import call_command

from profiles.models import Capture, Paper, Researcher, SourceLink, SourceOutcome
from profiles.tasks import sources_refresh_due_task

from .conftest import ETAG

pytestmark = pytest.mark.django_db

def run(command, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_add_then_refresh_against_a_local_server(openalex_server):
    code, out, err = run("add_researcher", "https://openalex.org/A5017898742")
    assert code == 0, err
    assert "Joseph Mearman: 2 page(s), papers added 9" in out
    # 429 first, then the retry got 200 with an ETag, then the works.
    assert openalex_server.log == [("/authors/A5017898742", None, 429), ("/authors/A5017898742", None, 200),
                                   ("/works", None, 200)]
    captures, papers = Capture.objects.count(), Paper.objects.count()
    assert SourceLink.objects.get(kind="openalex").validators["etag"] == ETAG

    code, out, err = run("refresh_sources", "--older-than", "0")
    assert code == 0, err
    assert openalex_server.log[-1] == ("/authors/A5017898742", ETAG, 304)
    assert "not modified since the last fetch; nothing changed" in out
    assert (Capture.objects.count(), Paper.objects.count()) == (captures, papers)
    assert SourceLink.objects.get(kind="openalex").last_outcome == SourceOutcome.NOT_MODIFIED
    assert Researcher.objects.count() == 1


def test_the_daily_refresh_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["profiles-refresh-sources"]
    assert entry["task"] == "profiles.tasks.sources_refresh_due_task" and entry["schedule"] == 24 * 60 * 60


@pytest.mark.broker
def test_a_worker_refreshes_due_sources_from_the_local_server(celery_worker, openalex_server):
    person = Researcher.objects.create(name="Joseph Mearman", name_key="joseph mearman", slug="joseph-mearman")
    SourceLink.objects.create(researcher=person, kind="openalex", external_id="A5017898742")
    result = sources_refresh_due_task.delay().get(timeout=60)
    assert result["refreshed"] == 1 and "papers added 9" in result["lines"][0]
    assert person.papers.count() == 9
    assert SourceLink.objects.get().last_outcome == SourceOutcome.UPDATED
