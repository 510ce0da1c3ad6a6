"""The capture admin: every capture with its outcome, raw text, upload and assignment."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from profiles.models import Capture, CaptureOutcome, Paper, Researcher

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:profiles_capture_upload")


def _upload(client, data, **kwargs):
    """Upload as a curator does: the form, its preview (nothing written yet), then "Import"."""
    preview = client.post(UPLOAD, data)
    if preview.status_code != 200 or "token" not in (preview.context or {}):
        return preview
    return client.post(UPLOAD, {"token": preview.context["token"], "action": "import"}, **kwargs)


def _seed_file(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def test_changelist_shows_each_capture_with_its_outcome_and_filters_by_it(admin_client, import_seed):
    import_seed("000")
    import_seed("003")
    url = reverse("admin:profiles_capture_changelist")

    page = admin_client.get(url).content.decode()
    waiting = admin_client.get(url, {"outcome__exact": "awaiting_assignment"}).content.decode()

    assert "Imported" in page and "Awaiting assignment" in page
    assert "003_" in waiting and "000_" not in waiting
    assert "Assign to a researcher" in waiting


def test_capture_page_shows_escaped_raw_text_and_offers_the_raw_download(admin_client):
    capture = Capture.objects.create(
        sha256="a" * 64, raw=b"<script>alert(1)</script> caf\xc3\xa9", encoding="utf-8", filename="dir/page.txt",
        layout="phdfit", captured_on="2026-01-02", outcome=CaptureOutcome.FAILED)

    page = admin_client.get(reverse("admin:profiles_capture_change", args=[capture.pk])).content.decode()
    raw = admin_client.get(reverse("admin:profiles_capture_raw", args=[capture.pk]))

    assert "&lt;script&gt;alert(1)&lt;/script&gt; café" in page and "<script>alert(1)" not in page
    assert raw.content == b"<script>alert(1)</script> caf\xc3\xa9"
    assert raw["Content-Disposition"] == 'attachment; filename="page.txt"'


def test_upload_imports_a_valid_capture_and_reports_it(admin_client, seeds_dir):
    response = _upload(admin_client, {"files": [_seed_file(seeds_dir, "000")], "captured_on": "2026-05-20",
                                      "layout": "auto", "researcher_name": ""}, follow=True)

    capture = Capture.objects.get()
    assert capture.outcome == CaptureOutcome.IMPORTED and capture.uploaded_by is not None
    assert capture.researcher.papers.count() == capture.paper_total > 0
    assert f"{capture.researcher.name}: papers added {capture.paper_total}" in response.content.decode()


def test_upload_of_a_binary_file_says_why_and_creates_nothing(admin_client):
    binary = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)

    response = _upload(admin_client, {"files": [binary], "captured_on": "2026-05-20", "layout": "auto"}, follow=True)

    text = response.content.decode()
    assert response.status_code == 200
    assert "photo.png: not imported (binary): this file is not text" in text.lower()  # admin capitalises
    assert Capture.objects.count() == 0 and Researcher.objects.count() == 0 and Paper.objects.count() == 0


def test_upload_in_background_queues_a_task_per_file(admin_client, seeds_dir, eager_celery,
                                                       django_capture_on_commit_callbacks):
    files = [_seed_file(seeds_dir, "000"), _seed_file(seeds_dir, "002")]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(admin_client, {"files": files, "captured_on": "2026-05-20", "layout": "auto",
                                          "background": "on"})

    ids = sorted(Capture.objects.values_list("id", flat=True))
    assert response.status_code == 302 and response.url.endswith(f"?ids={ids[0]},{ids[1]}")
    assert set(Capture.objects.values_list("outcome", flat=True)) == {CaptureOutcome.IMPORTED}
    assert "Finished" in admin_client.get(response.url).content.decode()


def test_background_upload_progress_polls_each_capture_until_the_worker_is_done(admin_client, seeds_dir):
    from profiles.services import capture_process

    files = [_seed_file(seeds_dir, "000"), _seed_file(seeds_dir, "003")]
    # No worker yet: the tasks queued on commit wait.
    response = _upload(admin_client, {"files": files, "captured_on": "2026-05-20", "layout": "auto",
                                      "background": "on"})
    first, waiting = Capture.objects.order_by("id")

    running = admin_client.get(response.url).content.decode()
    assert 'data-state="running"' in running and "hx-trigger=\"every 1s\"" in running
    assert "0 imported, 0 awaiting assignment, 0 failed, 2 queued of 2" in running
    assert running.count('data-outcome="queued"') == 2 and "no worker is running" in running

    capture_process(capture_id=first.pk)  # what the worker's task does
    half = admin_client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert half.lstrip().startswith('<div id="upload-progress"') and "<html" not in half
    assert 'data-state="running"' in half and "1 imported" in half and "hx-get=" in half
    assert first.filename in half and Researcher.objects.get().name in half

    capture_process(capture_id=waiting.pk)
    done = admin_client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="finished"' in done and "hx-get=" not in done  # polling stops
    assert "1 imported, 1 awaiting assignment, 0 failed, 0 queued of 2" in done
    assert reverse("admin:profiles_capture_assign", args=[waiting.pk]) in done


def test_upload_progress_with_no_known_captures_says_so(admin_client):
    page = admin_client.get(reverse("admin:profiles_capture_progress"), {"ids": "999,abc"}).content.decode()
    assert "No captures to follow here" in page and "hx-get=" not in page


def test_assigning_a_waiting_capture_attaches_only_the_ticked_entries(admin_client, import_seed):
    waiting = Capture.objects.get(pk=import_seed("003").capture_id)
    assert waiting.outcome == CaptureOutcome.AWAITING_ASSIGNMENT
    url = reverse("admin:profiles_capture_assign", args=[waiting.pk])

    page = admin_client.get(url).content.decode()
    assert "names no single researcher" in page
    assert page.count('type="checkbox" name="entries"') == waiting.paper_total == 37
    assert "[1] Concatenated Matrix SVD" in page and "no author names on the page" in page
    response = admin_client.post(url, {"researcher_name": "Grace Hopper-Lovelace", "entries": ["1", "3"]})

    waiting.refresh_from_db()
    researcher = Researcher.objects.get(name="Grace Hopper-Lovelace")
    assert response.url == reverse("admin:profiles_researcher_change", args=[researcher.pk])
    assert waiting.outcome == CaptureOutcome.IMPORTED and waiting.researcher == researcher
    assert researcher.papers.count() == 2 and waiting.confirmed_entries == [1, 3]


def test_assigning_a_list_that_names_nobody_without_ticking_entries_attaches_nothing(admin_client, import_seed):
    waiting = Capture.objects.get(pk=import_seed("003").capture_id)

    response = admin_client.post(reverse("admin:profiles_capture_assign", args=[waiting.pk]),
                                 {"researcher_name": "Grace Hopper"}, follow=True)

    assert "tick them on the admin" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.outcome == CaptureOutcome.AWAITING_ASSIGNMENT and not Researcher.objects.exists()


def test_upload_shows_a_preview_and_writes_nothing_until_the_curator_imports(admin_client, seeds_dir):
    preview = admin_client.post(UPLOAD, {"files": [_seed_file(seeds_dir, "004")], "captured_on": "2025-12-10",
                                         "layout": "auto"})

    page = preview.content.decode()
    assert preview.status_code == 200 and "Nothing has been imported yet" in page
    assert "Arbitrage: Efficient Reasoning via Advantage-Aware Speculation" in page and "Michael W. Mahoney" in page
    assert not Capture.objects.exists() and not Paper.objects.exists() and not Researcher.objects.exists()
    token = preview.context["token"]
    admin_client.post(UPLOAD, {"token": token, "action": "import"})
    assert Researcher.objects.get().name == "Michael W. Mahoney" and Paper.objects.count() == 50
    again = admin_client.post(UPLOAD, {"token": token, "action": "import"}, follow=True)
    assert "no longer available" in again.content.decode() and Capture.objects.count() == 1


def test_a_cancelled_preview_imports_nothing(admin_client, seeds_dir):
    preview = admin_client.post(UPLOAD, {"files": [_seed_file(seeds_dir, "000")], "captured_on": "2026-05-20",
                                         "layout": "auto"})

    admin_client.post(UPLOAD, {"token": preview.context["token"], "action": "cancel"})

    assert not Capture.objects.exists() and not Researcher.objects.exists()


def test_assigning_without_a_name_asks_for_one(admin_client, import_seed):
    waiting = Capture.objects.get(pk=import_seed("003").capture_id)

    response = admin_client.post(reverse("admin:profiles_capture_assign", args=[waiting.pk]), {"researcher_name": ""})

    assert response.status_code == 200 and "This field is required." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.outcome == CaptureOutcome.AWAITING_ASSIGNMENT


def test_upload_and_assign_refuse_a_post_without_csrf_token(csrf_client, import_seed, seeds_dir):
    waiting = Capture.objects.get(pk=import_seed("003").capture_id)

    assign = csrf_client.post(reverse("admin:profiles_capture_assign", args=[waiting.pk]),
                              {"researcher_name": "Some One"})
    upload = csrf_client.post(UPLOAD, {"files": [_seed_file(seeds_dir, "000")], "captured_on": "2026-05-20",
                                       "layout": "auto"})

    assert assign.status_code == 403 and upload.status_code == 403
    assert Capture.objects.count() == 1 and not Researcher.objects.exists()


def test_oversized_upload_is_cut_off_and_refused_while_the_others_import(admin_client, seeds_dir, settings):
    settings.CAPTURE_MAX_BYTES = 200_000
    huge = SimpleUploadedFile("everything.txt", b"Jane Doe\n" + b"x" * 3_000_000, content_type="text/plain")

    preview = admin_client.post(UPLOAD, {"files": [huge, _seed_file(seeds_dir, "000")],
                                         "captured_on": "2026-05-20", "layout": "auto"})
    admin_client.post(UPLOAD, {"token": preview.context["token"], "action": "import"})

    text = preview.content.decode()
    assert "everything.txt: not imported (too_large): the file is over the limit of 200,000 bytes" in text.lower()
    assert [c.filename for c in Capture.objects.all()] == [next(seeds_dir.glob("000_*.txt")).name]


def test_background_upload_counts_only_new_captures_and_lists_them_in_upload_order(admin_client, seeds_dir,
                                                                                   import_seed):
    old = Capture.objects.get(pk=import_seed("000").capture_id)
    files = [_seed_file(seeds_dir, "002"), _seed_file(seeds_dir, "000")]

    response = _upload(admin_client, {"files": files, "captured_on": "2026-05-20", "layout": "auto",
                                      "background": "on"}, follow=True)

    page = response.content.decode()
    new = Capture.objects.exclude(pk=old.pk).get()
    assert "Queued 1 capture(s) for the worker." in page and f"already stored as capture {old.pk}" in page
    assert page.index(new.filename) < page.index('data-outcome="imported"')  # the new one first, as uploaded


def test_a_capture_whose_parse_looks_wrong_is_shown_as_kept_for_review(admin_client):
    from profiles.services import capture_process
    from tests.profiles.importers.real_captures import HERE

    text = (HERE / "arxiv_list_new_hinton.txt").read_bytes().replace(b"Total of 50 entries", b"Total of 40 entries")
    response = _upload(admin_client, {"files": [SimpleUploadedFile("hinton.txt", text)], "captured_on": "2026-02-06",
                                      "layout": "auto", "background": "on"})
    capture = Capture.objects.get()
    capture_process(capture_id=capture.pk)

    page = admin_client.get(response.url).content.decode()
    assert "0 imported, 0 awaiting assignment, 1 kept for review, 0 failed, 0 queued of 1" in page
    detail = admin_client.get(reverse("admin:profiles_capture_change", args=[capture.pk])).content.decode()
    assert "Needs review" in detail and "says there are 40 entries, but 50 were read" in detail
    assert not Paper.objects.exists()


def _last(month: int, day: int):
    """The last such day up to today, as a year-less date on a page means."""
    today = timezone.localdate()
    this_year = date(today.year, month, day)
    return this_year if this_year <= today else date(today.year - 1, month, day)


def test_upload_without_a_date_takes_the_one_the_capture_shows(admin_client, seeds_dir):
    # Seed 003 is the Daily Papers list of "Apr 20": re-uploaded today, it is still that day's page.
    response = _upload(admin_client, {"files": [_seed_file(seeds_dir, "003")], "layout": "auto"}, follow=True)
    assert response.status_code == 200
    assert Capture.objects.get().captured_on == _last(4, 20)


def test_upload_of_a_page_that_shows_no_date_asks_for_it_and_stores_nothing(admin_client, seeds_dir):
    response = admin_client.post(UPLOAD, {"files": [_seed_file(seeds_dir, "000"), _seed_file(seeds_dir, "003")],
                                          "layout": "auto"})
    assert response.status_code == 200 and "token" not in response.context
    page = response.content.decode()
    assert "000_e21337452ddc9eb7.txt shows no date of its own: give the day the pages were copied" in page
    assert not Capture.objects.exists()


def test_a_date_given_is_every_files_date_and_the_preview_says_where_each_came_from(admin_client, seeds_dir):
    preview = admin_client.post(UPLOAD, {"files": [_seed_file(seeds_dir, "003")], "layout": "auto"})
    assert "captured on" in preview.content.decode().lower() and "the date the page shows" in preview.content.decode()
    given = admin_client.post(UPLOAD, {"files": [_seed_file(seeds_dir, "003")], "captured_on": "2026-05-20",
                                       "layout": "auto"})
    assert "the date the page shows" not in given.content.decode()
    admin_client.post(UPLOAD, {"token": given.context["token"], "action": "import"})
    assert str(Capture.objects.get().captured_on) == "2026-05-20"
