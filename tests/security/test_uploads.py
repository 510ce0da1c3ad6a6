"""Upload limits apply while the request streams in: a file over the limit is never handed whole
to the next upload handler (memory or a temporary file), and the user is told the limit."""
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse


class CountingHandler(FileUploadHandler):
    """Counts the bytes that got past the handlers before it; passes everything on."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        CountingHandler.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def test_a_huge_shortlist_csv_is_cut_off_while_it_streams_in(client, db, settings):
    settings.SHORTLIST_IMPORT_MAX_BYTES = 64 * 1024
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.security.test_uploads.CountingHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    CountingHandler.received = 0
    client.force_login(get_user_model().objects.create_user("ada", password="x"))
    huge = SimpleUploadedFile("names.csv", b"Ada Lovelace\n" * 400_000, content_type="text/csv")  # ~5 MB
    response = client.post(reverse("shortlist:import"), {"file": huge})
    assert response.status_code == 400
    assert "the limit is 64 KB" in response.content.decode()
    assert CountingHandler.received <= 64 * 1024 + 65 * 1024  # the limit plus at most one chunk
