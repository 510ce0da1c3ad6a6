"""A hostile data archive is refused with a clear message before it costs anything (audit finding
M4): a small zip of a huge or deeply nested data.json, a CV the /me/ upload would refuse,
damaged, encrypted or oddly compressed entries, scores and dates a database or page cannot hold,
and an upload over the limit (cut off while it streams in). Nothing is written."""
import io
import json
import struct
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applicants.models import ApplicantProfile
from shortlist.models import ShortlistEntry
from tests.factories.outreach import UserFactory
from tests.security.test_uploads import CountingHandler

WHEN = "2026-01-05T10:00:00+00:00"
CV_TEXT = b"Ada Lovelace\nResearch: sparse attention for long-context language models.\n"


def _data(researcher, **entry) -> dict:
    return {
        "format": "advisor-scout-user-data", "version": 1, "tags": [], "templates": [], "drafts": [],
        "profile": {"full_name": "Ada Lovelace", "cv_filename": "cv.txt", "cv_text": CV_TEXT.decode()},
        "shortlist": [{"researcher": {"slug": researcher.slug, "name": researcher.name}, "status": "considering",
                       "status_changed_at": WHEN, "notes": "", "personal_hook": "", "tags": [], "priority": 2,
                       "saved_at": WHEN, "events": [], "match_score_at_save": 0.5, **entry}],
    }


def _zip(files: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def _post(client, raw: bytes):
    return client.post(reverse("accounts_data:import"), {"archive": SimpleUploadedFile("mine.zip", raw)})


def _refused(client, raw: bytes) -> str:
    response = _post(client, raw)
    assert response.status_code == 400, response.status_code
    assert not ShortlistEntry.objects.filter(user__username="fresh").exists()
    assert not ApplicantProfile.objects.filter(user__username="fresh").exists()
    return response.content.decode()


@pytest.fixture
def fresh(client, db):
    client.force_login(UserFactory(username="fresh"))
    return client


def test_a_good_archive_still_imports(fresh, researcher):
    response = _post(fresh, _zip({"data.json": json.dumps(_data(researcher)), "cv/cv.txt": CV_TEXT}))
    assert response.status_code == 302
    assert ShortlistEntry.objects.get(user__username="fresh").match_score_at_save == 0.5


def test_a_small_zip_of_a_huge_data_json_is_refused_before_it_is_read(fresh, researcher):
    data = json.dumps(_data(researcher)) + " " * 40_000_000
    raw = _zip({"data.json": data})
    assert len(raw) < 100_000
    tracemalloc.start()
    try:
        page = _refused(fresh, raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "data.json unpacks to 40,00" in page and "at most 5,242,880 bytes" in page
    assert peak < 15_000_000, f"{peak:,} bytes allocated"


@pytest.mark.parametrize("nesting", ["[" * 200_000 + "]" * 200_000, '{"a":' * 100 + "1" + "}" * 100],
                         ids=["a-list-200000-deep", "an-object-100-deep"])
def test_deeply_nested_json_is_refused_before_parsing(fresh, nesting):
    page = _refused(fresh, _zip({"data.json": nesting}))
    assert "nested more than 64 levels deep" in page


def test_brackets_inside_strings_do_not_count_as_nesting(fresh, researcher):
    response = _post(fresh, _zip({"data.json": json.dumps(_data(researcher, notes="[[[[{{{{" * 1000))}))
    assert response.status_code == 302


def _flip_crc(raw: bytes, name: str) -> bytes:
    """The zip with ``name``'s stored CRC changed in both headers, as a damaged copy has it."""
    data = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        info = zf.getinfo(name)
    wrong = struct.pack("<I", info.CRC ^ 0xFFFFFFFF)
    local = info.header_offset
    data[local + 14:local + 18] = wrong
    for at in _central_entries(data):
        if data[at + 46:at + 46 + struct.unpack("<H", data[at + 28:at + 30])[0]] == name.encode():
            data[at + 16:at + 20] = wrong
    return bytes(data)


def _central_start(data: bytearray) -> int:
    end = data.rfind(b"PK\x05\x06")
    return struct.unpack("<I", data[end + 16:end + 20])[0]


def _central_entries(data: bytearray):
    at = _central_start(data)
    while data[at:at + 4] == b"PK\x01\x02":
        yield at
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[at + 28:at + 34])
        at += 46 + name_len + extra_len + comment_len


def _set_header_field(raw: bytes, name: str, *, local_offset: int, central_offset: int, value: int) -> bytes:
    data = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        local = zf.getinfo(name).header_offset
    data[local + local_offset:local + local_offset + 2] = struct.pack("<H", value)
    for at in _central_entries(data):
        if data[at + 46:at + 46 + struct.unpack("<H", data[at + 28:at + 30])[0]] == name.encode():
            data[at + central_offset:at + central_offset + 2] = struct.pack("<H", value)
    return bytes(data)


@pytest.mark.parametrize("damaged", ["data.json", "cv/cv.txt"])
def test_a_bad_crc_is_a_clear_400(fresh, researcher, damaged):
    raw = _zip({"data.json": json.dumps(_data(researcher)), "cv/cv.txt": CV_TEXT})
    page = _refused(fresh, _flip_crc(raw, damaged))
    assert "The archive is damaged" in page and "download your data again" in page


@pytest.mark.parametrize("damaged", ["data.json", "cv/cv.txt"])
def test_an_unsupported_compression_method_is_a_clear_400(fresh, researcher, damaged):
    raw = _zip({"data.json": json.dumps(_data(researcher)), "cv/cv.txt": CV_TEXT}, compression=zipfile.ZIP_STORED)
    # 98: PPMd, which Python's zipfile cannot unpack
    page = _refused(fresh, _set_header_field(raw, damaged, local_offset=8, central_offset=10, value=98))
    assert "The archive is damaged or was not made by “Download my data”" in page


@pytest.mark.parametrize("damaged", ["data.json", "cv/cv.txt"])
def test_an_encrypted_entry_is_a_clear_400(fresh, researcher, damaged):
    raw = _zip({"data.json": json.dumps(_data(researcher)), "cv/cv.txt": CV_TEXT}, compression=zipfile.ZIP_STORED)
    page = _refused(fresh, _set_header_field(raw, damaged, local_offset=6, central_offset=8, value=1))
    assert "encrypted" in page and "without a password" in page


@pytest.mark.parametrize("score", ["Infinity", "-Infinity", "NaN", "1e308"])
def test_a_score_that_is_not_a_real_match_score_is_refused(fresh, researcher, score):
    text = json.dumps(_data(researcher)).replace('"match_score_at_save": 0.5', f'"match_score_at_save": {score}')
    page = _refused(fresh, _zip({"data.json": text}))
    assert "shortlist[0].match_score_at_save" in page or "not a number JSON allows" in page


def test_an_infinite_score_can_no_longer_break_the_shortlist_page(fresh, researcher):
    text = json.dumps(_data(researcher)).replace('"match_score_at_save": 0.5', '"match_score_at_save": Infinity')
    _post(fresh, _zip({"data.json": text}))
    assert fresh.get(reverse("shortlist:list")).status_code == 200


@pytest.mark.parametrize("field,value", [
    ("saved_at", "9999-12-31T23:59:59-12:00"),
    ("status_changed_at", "0001-01-01T00:00:00+05:00"),
    ("follow_up_on", "0000-01-01"),
])
def test_dates_outside_what_can_be_stored_are_refused(fresh, researcher, field, value):
    page = _refused(fresh, _zip({"data.json": json.dumps(_data(researcher, **{field: value}))}))
    assert f"shortlist[0].{field}" in page


def test_a_cv_the_upload_page_would_refuse_is_refused_in_an_archive_too(fresh, researcher, settings):
    settings.CV_MAX_BYTES = 1024 * 1024
    data = json.dumps(_data(researcher))
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
    assert "CVs can be at most 1 MB" in _refused(fresh, _zip({"data.json": data, "cv/cv.pdf": big}))
    html = b"<html><body><script>alert(1)</script>Ada Lovelace, sparse attention</body></html>"
    assert "is not a PDF, DOCX or plain-text file" in _refused(fresh, _zip({"data.json": data, "cv/cv.html": html}))
    fake = b"Ada Lovelace is not a PDF at all, only text pretending."
    assert "is named .pdf but is not a PDF" in _refused(fresh, _zip({"data.json": data, "cv/cv.pdf": fake}))


def test_an_archive_upload_over_the_limit_is_cut_off_while_it_streams_in(fresh, settings, researcher):
    settings.DATA_IMPORT_MAX_BYTES = 64 * 1024
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.security.test_uploads.CountingHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    CountingHandler.received = 0
    raw = _zip({"data.json": json.dumps(_data(researcher)), "cv/cv.txt": bytes(range(256)) * 20_000},
               compression=zipfile.ZIP_STORED)
    page = _refused(fresh, raw)
    assert "archives up to 65,536 bytes are accepted" in page
    assert CountingHandler.received <= 64 * 1024 + 65 * 1024  # the limit plus at most one chunk


@pytest.mark.parametrize("stored", [float("inf"), float("nan"), 1e300])
def test_a_score_stored_before_the_check_no_longer_breaks_the_shortlist(fresh, researcher, stored):
    # Archives imported before scores were checked left such values in the database.
    _post(fresh, _zip({"data.json": json.dumps(_data(researcher))}))
    entry = ShortlistEntry.objects.get(user__username="fresh")
    ShortlistEntry.objects.filter(pk=entry.pk).update(match_score_at_save=stored)
    assert fresh.get(reverse("shortlist:list")).status_code == 200
    assert fresh.get(entry.get_absolute_url()).status_code == 200
