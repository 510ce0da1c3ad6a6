"""An applicant's data leaves with them and comes back whole: the archive they download holds
everything they own and imports into another account unchanged; deleting the account removes
all of it, the CV file on disk included."""
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from outreach.models import Draft, DraftVersion, EmailTemplate
from outreach.services import draft_create, draft_edit
from applicants.models import ApplicantProfile
from shortlist.models import EntryEvent, Notice, ShortlistEntry, Tag
from shortlist.services import entry_details_update, entry_notes_save, entry_save, entry_status_set
from tests.factories.outreach import ResearcherFactory, UserFactory

CV_BYTES = b"Ada Lovelace\nResearch: sparse attention for long-context language models.\n"


@pytest.fixture
def rich_account(client, applicant, researcher):
    """Ada with a CV, a shortlist entry (notes, tags, timeline), a template and an edited draft."""
    client.force_login(applicant)
    upload = SimpleUploadedFile("Ada CV.txt", CV_BYTES, "text/plain")
    assert client.post(reverse("applicants:cv_upload"), {"cv": upload}).status_code == 302
    entry = entry_save(user=applicant, researcher=researcher)
    entry_notes_save(entry=entry, notes="Met at NeurIPS; ask about the sparse attention follow-up.", base_version=0)
    entry_status_set(entry=entry, status="contacted")
    entry_details_update(entry=entry, tags="dream lab, nlp", priority=3, follow_up_on=dt.date(2027, 1, 15),
                         personal_hook="Your sparse attention paper changed my plans.")
    mine = EmailTemplate.objects.create(user=applicant, name="Short and mine", subject_source="Hi {{ researcher.last_name }}",
                                        body_source="Dear {{ researcher.salutation }},\n{{ hook }}")
    draft = draft_create(user=applicant, researcher=researcher, entry=entry, template_key=mine.key)
    draft_edit(draft=draft, subject="Hello Professor Okafor", body="Dear Professor Okafor,\nA hand-edited body.")
    Notice.objects.create(user=applicant, entry=entry, kind="new_paper", text="New paper")
    return applicant


def _unpack(raw: bytes) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    return json.loads(files.pop("data.json")), files


def _comparable(data: dict) -> dict:
    """What must survive a move: everything but who/when exported and the old site's ids."""
    data = {k: v for k, v in data.items() if k not in ("user", "exported_at")}
    keys = {t["key"]: t["name"] for t in data["templates"]}
    for t in data["templates"]:
        t.pop("key")
    for d in data["drafts"]:
        d["template_key"] = keys.get(d["template_key"], d["template_key"])
    return data


def _cv_path(settings, profile) -> Path:
    return Path(settings.MEDIA_ROOT) / profile.cv_file.name


def test_download_holds_everything_the_applicant_owns(client, rich_account, researcher):
    response = client.get(reverse("accounts_data:export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    data, files = _unpack(response.content)
    assert files == {"cv/Ada CV.txt": CV_BYTES}
    assert "sparse attention" in data["profile"]["cv_text"] and data["profile"]["full_name"] == "Ada Lovelace"
    [entry] = data["shortlist"]
    assert entry["researcher"] == {"slug": researcher.slug, "name": researcher.name}
    assert entry["notes"].startswith("Met at NeurIPS") and entry["status"] == "contacted"
    assert entry["tags"] == ["dream lab", "nlp"] and entry["follow_up_on"] == "2027-01-15"
    assert [e["kind"] for e in entry["events"]][:3] == ["saved", "note", "status"]
    assert [t["name"] for t in data["templates"]] == ["Short and mine"]
    [draft] = data["drafts"]
    assert [v["source"] for v in draft["versions"]] == ["generated", "edited"]
    assert draft["versions"][1]["body"] == "Dear Professor Okafor,\nA hand-edited body."


def test_an_archive_moves_to_a_new_account_unchanged_and_the_old_account_can_be_deleted(
        client, rich_account, settings, django_capture_on_commit_callbacks):
    original = client.get(reverse("accounts_data:export")).content
    old_cv = _cv_path(settings, ApplicantProfile.objects.get(user=rich_account))
    assert old_cv.read_bytes() == CV_BYTES

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts_data:delete"), {"password": "pw-for-tests-123"})
    assert response.status_code == 302
    assert not old_cv.exists()
    assert client.get(reverse("accounts_data:data")).status_code == 302  # signed out

    newcomer = UserFactory(username="ada-elsewhere")
    client.force_login(newcomer)
    archive = SimpleUploadedFile("mine.zip", original, "application/zip")
    response = client.post(reverse("accounts_data:import"), {"archive": archive}, follow=True)
    assert "Imported your profile, your CV, 1 shortlist entry, 1 template, 1 draft." in response.content.decode()

    again = client.get(reverse("accounts_data:export")).content
    assert _comparable(_unpack(again)[0]) == _comparable(_unpack(original)[0])
    assert _unpack(again)[1] == {"cv/Ada CV.txt": CV_BYTES}
    profile = ApplicantProfile.objects.get(user=newcomer)
    assert _cv_path(settings, profile).read_bytes() == CV_BYTES
    assert client.get(reverse("applicants:cv_download")).getvalue() == CV_BYTES
    # The imported draft names the imported template, not the old site's id.
    draft = Draft.objects.get(user=newcomer)
    assert draft.template_key == EmailTemplate.objects.get(user=newcomer).key
    assert draft.entry == ShortlistEntry.objects.get(user=newcomer)


def test_deleting_an_account_removes_every_row_and_the_cv_file_and_nobody_elses(
        client, rich_account, researcher, settings, django_capture_on_commit_callbacks):
    other = UserFactory(username="grace")
    entry_save(user=other, researcher=researcher)
    cv = _cv_path(settings, ApplicantProfile.objects.get(user=rich_account))
    page = client.post(reverse("accounts_data:delete"), {"password": "not my password"})
    assert page.status_code == 400 and "nothing was deleted" in page.content.decode()
    assert cv.exists() and ShortlistEntry.objects.filter(user=rich_account).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts_data:delete"), {"password": "pw-for-tests-123"})
    assert not cv.exists()
    for model in (ApplicantProfile, ShortlistEntry, Tag, Draft, EmailTemplate, Notice):
        assert not model.objects.filter(user_id=rich_account.pk).exists(), model.__name__
    assert not EntryEvent.objects.filter(entry__user_id=rich_account.pk).exists()
    assert not DraftVersion.objects.filter(draft__user_id=rich_account.pk).exists()
    assert ShortlistEntry.objects.filter(user=other).count() == 1


def _refused(client, raw: bytes, **form):
    response = client.post(reverse("accounts_data:import"), {"archive": SimpleUploadedFile("x.zip", raw), **form})
    assert response.status_code == 400
    return response.content.decode()


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def test_bad_archives_are_refused_with_the_place_and_leave_nothing(client, rich_account, settings):
    original = client.get(reverse("accounts_data:export")).content
    data, files = _unpack(original)
    client.force_login(UserFactory(username="fresh"))
    media_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))

    assert "not a zip file" in _refused(client, b"name,notes\nOkafor,hi\n")
    assert "has no data.json" in _refused(client, _zip({"notes.txt": "hi"}))
    assert "format version 7" in _refused(client, _zip({"data.json": json.dumps({**data, "version": 7})}))
    broken = json.loads(json.dumps(data))
    broken["shortlist"][0]["priority"] = "high"
    assert "shortlist[0].priority should be a whole number" in _refused(client, _zip({"data.json": json.dumps(broken)}))
    late = json.loads(json.dumps(data))
    late["drafts"][0]["versions"][1]["source"] = "ghostwritten"  # found only while writing: all rolled back
    page = _refused(client, _zip({"data.json": json.dumps(late), "cv/Ada CV.txt": CV_BYTES}))
    assert "drafts[0].versions[1] cannot be imported" in page and "ghostwritten" in page
    wordy = json.loads(json.dumps(data))
    wordy["profile"]["interests"] = "data mixing " * 500  # 6,000 characters: over the profile's cap
    page = _refused(client, _zip({"data.json": json.dumps(wordy), "cv/Ada CV.txt": CV_BYTES}))
    assert "profile cannot be imported (interests: At most 5,000 characters here; this has 6,000." in page

    settings.DATA_IMPORT_MAX_BYTES = 100
    assert "more than the 100" in _refused(client, original) or "100 bytes are accepted" in _refused(client, original)

    fresh = ShortlistEntry.objects.none().model.objects.filter(user__username="fresh")
    assert not fresh.exists() and not ApplicantProfile.objects.filter(user__username="fresh").exists()
    assert not EmailTemplate.objects.filter(user__username="fresh").exists()
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == media_before  # no stray CV file


def test_import_never_merges_into_an_account_that_has_data(client, rich_account):
    original = client.get(reverse("accounts_data:export")).content
    page = _refused(client, original)
    assert "already has a profile, shortlist entries, templates, drafts" in page
    assert ShortlistEntry.objects.filter(user=rich_account).count() == 1


def test_researchers_missing_here_stop_the_import_unless_the_user_agrees(client, rich_account, researcher):
    original = client.get(reverse("accounts_data:export")).content
    researcher.slug, researcher.name = "someone-else", "Someone Else"
    researcher.save()
    client.force_login(UserFactory(username="fresh"))
    page = _refused(client, original)
    assert "not on this site: Chidi Okafor" in page
    assert not ApplicantProfile.objects.filter(user__username="fresh").exists()
    response = client.post(reverse("accounts_data:import"),
                           {"archive": SimpleUploadedFile("x.zip", original), "allow_missing": "on"}, follow=True)
    text = response.content.decode()
    assert "0 shortlist entries" in text and "left out: Chidi Okafor" in text
    assert EmailTemplate.objects.filter(user__username="fresh").count() == 1


def test_a_renamed_researcher_is_found_by_name_and_a_merged_one_by_the_survivor(client, rich_account, researcher):
    original = client.get(reverse("accounts_data:export")).content
    survivor = ResearcherFactory(name="Chidi Okafor-Nwosu", slug="chidi-okafor-nwosu")
    researcher.merged_into = survivor
    researcher.save()
    client.force_login(UserFactory(username="fresh"))
    client.post(reverse("accounts_data:import"), {"archive": SimpleUploadedFile("x.zip", original)})
    assert ShortlistEntry.objects.get(user__username="fresh").researcher == survivor


def test_commands_export_and_import_the_same_archive(rich_account, tmp_path, capsys):
    out = tmp_path / "ada.zip"
    call_command("export_user_data", "--user", rich_account.username, "--output", str(out))
    UserFactory(username="moved")
    call_command("import_user_data", "--user", "moved", str(out))
    assert "1 shortlist entry" in capsys.readouterr().out
    assert ShortlistEntry.objects.get(user__username="moved").notes.startswith("Met at NeurIPS")
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    UserFactory(username="again")
    with pytest.raises(CommandError, match="not a zip file.*Nothing was imported"):
        call_command("import_user_data", "--user", "again", str(tmp_path / "bad.zip"))
    with pytest.raises(CommandError, match="No user named"):
        call_command("export_user_data", "--user", "nobody", "--output", str(out))
