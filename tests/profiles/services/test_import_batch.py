"""CaptureImportBatch: a folder's captures committed a few at a time, each still all or nothing."""
import pytest
from django.db import connection, transaction

from profiles import events
from profiles.events import CatalogueChanged, subscribe
from profiles.models import Authorship, Capture, CaptureOutcome, Paper, Researcher
from profiles.services import CaptureImportBatch, capture_import
from profiles.services import captures as captures_module

from .test_import_capture import seed

PREFIXES = ("000", "001", "002", "003", "004")


def catalogue_as_a_curator_sees_it() -> dict:
    """Each capture's outcome and each researcher's papers, by name and title."""
    return {
        "captures": sorted((c.filename, c.outcome, c.papers_added, c.papers_unchanged, tuple(c.warnings))
                           for c in Capture.objects.all()),
        "researchers": {r.name: sorted(r.papers.values_list("title", flat=True)) for r in Researcher.objects.all()},
        "papers": Paper.objects.count(),
    }


@pytest.mark.django_db
def test_a_batch_imports_the_seeds_as_one_capture_at_a_time_does(seeds_dir):
    with transaction.atomic():
        one_by_one = [capture_import(raw=raw, captured_on=day, filename=name)
                      for raw, day, name in (seed(seeds_dir, p) for p in PREFIXES)]
        expected = catalogue_as_a_curator_sees_it()
        transaction.set_rollback(True)
    assert not Capture.objects.exists()
    arguments = [dict(raw=raw, captured_on=day, filename=name) for raw, day, name in (seed(seeds_dir, p) for p in PREFIXES)]
    with CaptureImportBatch(size=2) as batch:  # two parsed, then written together
        batched = list(batch.capture_import_each(arguments))
    assert [given for given, _ in batched] == arguments
    assert [r.summary() for _, r in batched] == [r.summary() for r in one_by_one]
    assert catalogue_as_a_curator_sees_it() == expected
    assert len(expected["researchers"]) == 4 and expected["papers"] > 20


@pytest.mark.django_db
def test_a_capture_the_batch_cannot_parse_is_refused_with_the_usual_message(seeds_dir):
    day = seed(seeds_dir, "000")[1]
    bad = [dict(raw=b"", captured_on=day, filename="empty.txt"),
           dict(raw=b"Prof. Nobody\nNothing here", captured_on=day, filename="nothing.txt"),
           dict(raw=seed(seeds_dir, "000")[0], captured_on=day, filename="page.txt", layout="hf_papers")]
    with transaction.atomic():
        expected = [capture_import(**arguments).summary() for arguments in bad]
        transaction.set_rollback(True)
    with CaptureImportBatch() as batch:
        got = [result.summary() for _, result in batch.capture_import_each(bad)]
    assert got == expected and all("NOT IMPORTED" in line for line in got)
    assert not Capture.objects.exists()


@pytest.fixture
def announced(monkeypatch):
    """The CatalogueChanged events announced, as the apps' subscribers hear them: at commit."""
    subscribers = type(events._subscribers)(list, {kind: list(handlers) for kind, handlers in events._subscribers.items()})
    monkeypatch.setattr(events, "_subscribers", subscribers)
    heard = []
    subscribe(CatalogueChanged, heard.append)
    return heard


@pytest.mark.django_db(transaction=True)
def test_a_batch_commits_every_size_captures_and_what_is_left_when_it_ends(seeds_dir, announced):
    raws = [seed(seeds_dir, p) for p in ("000", "001", "002")]
    with CaptureImportBatch(size=2) as batch:
        batch.capture_import(raw=raws[0][0], captured_on=raws[0][1], filename=raws[0][2])
        assert connection.in_atomic_block and announced == []  # not committed: nobody told yet
        batch.capture_import(raw=raws[1][0], captured_on=raws[1][1], filename=raws[1][2])
        assert not connection.in_atomic_block and len(announced) == 2  # the second filled the batch
        batch.capture_import(raw=raws[2][0], captured_on=raws[2][1], filename=raws[2][2])
        assert connection.in_atomic_block and len(announced) == 2
    assert not connection.in_atomic_block and len(announced) == 3
    assert Capture.objects.filter(outcome=CaptureOutcome.IMPORTED).count() == 3


@pytest.mark.django_db(transaction=True)
def test_each_batch_is_parsed_before_its_transaction_begins(seeds_dir, monkeypatch):
    """The parsing between two batches is when a page that writes gets SQLite's lock."""
    in_transaction_while_parsing = []
    real_parse = captures_module.parse_capture

    def parse(*args, **kwargs):
        in_transaction_while_parsing.append(connection.in_atomic_block)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(captures_module, "parse_capture", parse)
    arguments = [dict(raw=raw, captured_on=day, filename=name) for raw, day, name in (seed(seeds_dir, p) for p in PREFIXES)]
    with CaptureImportBatch(size=2) as batch:
        results = [result for _, result in batch.capture_import_each(arguments)]
    assert [r.ok for r in results] == [True, True, True, False, True]  # 003 names nobody
    assert in_transaction_while_parsing == [False] * 5  # each parsed once, outside any transaction


@pytest.mark.django_db(transaction=True)
def test_a_capture_that_fails_in_a_batch_leaves_nothing_and_the_ones_before_it_stand(seeds_dir, monkeypatch):
    first, second, refused = seed(seeds_dir, "000"), seed(seeds_dir, "001"), (b"", None, "empty.txt")
    real_apply = captures_module._apply_parsed

    def fails_for_the_second(capture, parsed, **kwargs):
        if capture.filename == second[2]:
            real_apply(capture, parsed, **kwargs)  # writes its researcher and papers, then breaks
            raise RuntimeError("the disk went away")
        return real_apply(capture, parsed, **kwargs)

    monkeypatch.setattr(captures_module, "_apply_parsed", fails_for_the_second)
    with pytest.raises(RuntimeError, match="disk went away"):
        with CaptureImportBatch(size=10) as batch:
            assert batch.capture_import(raw=first[0], captured_on=first[1], filename=first[2]).ok
            result = batch.capture_import(raw=refused[0], captured_on=first[1], filename=refused[2])
            assert not result.ok and result.reason == "empty"
            batch.capture_import(raw=second[0], captured_on=second[1], filename=second[2])
    assert not connection.in_atomic_block
    # The first capture was committed when the error left the batch; the second left nothing.
    assert list(Capture.objects.values_list("filename", flat=True)) == [first[2]]
    assert list(Researcher.objects.values_list("name", flat=True)) == ["Meisam Razaviyayn"]
    assert Paper.objects.count() == Authorship.objects.count() == 6


@pytest.mark.django_db
def test_a_folder_imported_again_is_not_parsed_again(seeds_dir, monkeypatch):
    arguments = [dict(raw=raw, captured_on=day, filename=name) for raw, day, name in (seed(seeds_dir, p) for p in PREFIXES)]
    with CaptureImportBatch() as batch:
        first = [result.summary() for _, result in batch.capture_import_each(arguments)]
    parses = []
    real_parse = captures_module.parse_capture
    monkeypatch.setattr(captures_module, "parse_capture", lambda *a, **k: parses.append(1) or real_parse(*a, **k))
    with CaptureImportBatch() as batch:
        again = [result for _, result in batch.capture_import_each(arguments)]
    assert parses == []  # each found by its hash, as capture_import finds it
    assert len(again) == len(first) and all(r.capture_id for r in again)
