"""Curators' adds, edits and deletes in the admin go through the catalogue's services: every
public page stays up and shows the change at once (pages are cached per catalogue version)."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from profiles.models import Capture, CatalogueVersion, Paper, Researcher
from profiles.services import CurationError, researcher_delete, researchers
from shortlist.services import entry_save
from tests.factories import AuthorshipFactory
from tests.factories.pages import CaptureFactory, ResearcherFactory, UserFactory, author_of
from tests.profiles.admin.conftest import change_form_data

pytestmark = pytest.mark.django_db
ADD = reverse("admin:profiles_researcher_add")
RESEARCHERS = reverse("admin:profiles_researcher_changelist")
PAPERS = reverse("admin:profiles_paper_changelist")
DIRECTORY = reverse("profiles:directory")


def add_by_hand(admin_client, name: str, **fields):
    data = change_form_data(admin_client.get(ADD))
    data.update(name=name, **fields)
    return admin_client.post(ADD, data)


def version() -> int:
    return CatalogueVersion.objects.get(pk=1).number


def directory(**query) -> str:
    response = Client().get(DIRECTORY, query)
    assert response.status_code == 200, query
    return response.content.decode()


def test_a_researcher_added_by_hand_is_on_every_page_at_once(admin_client):
    ResearcherFactory(name="Already Listed")
    assert "Ana García" not in directory() + directory(sort="name")  # both now cached
    before = version()

    response = add_by_hand(admin_client, "  Ana   García ", affiliation="North University")

    assert response.status_code == 302
    ana = Researcher.objects.get(name="Ana García")
    assert (ana.slug, ana.name_key) == ("ana-garcia", "ana garcia")
    assert version() > before
    assert "affiliation" in ana.locked_fields  # typed by a curator: imports leave it alone
    for sort in ("", "name", "papers", "recent", "h_index"):
        assert "Ana García" in directory(**({"sort": sort} if sort else {}))
    page = Client().get(ana.get_absolute_url())
    assert page.status_code == 200 and "North University" in page.content.decode()
    view_on_site = admin_client.get(reverse("admin:view_on_site", args=[
        ContentType.objects.get_for_model(Researcher).pk, ana.pk]))
    assert view_on_site.status_code == 302 and view_on_site["Location"].endswith(ana.get_absolute_url())


def test_two_researchers_added_with_one_name_get_two_addresses_and_a_hint_to_merge(admin_client):
    assert add_by_hand(admin_client, "Ana García").status_code == 302
    second = add_by_hand(admin_client, "Ana García", affiliation="South Institute")

    assert second.status_code == 302
    assert sorted(Researcher.objects.values_list("slug", flat=True)) == ["ana-garcia", "ana-garcia-2"]
    shown = admin_client.get(second["Location"]).content.decode()
    assert "already lists" in shown and "merge the two records" in shown
    assert directory(sort="name").count("Ana García") == 2


def test_a_name_without_letters_is_refused_with_a_message(admin_client):
    response = add_by_hand(admin_client, " --- ")
    assert response.status_code == 200
    assert "with at least one letter" in response.content.decode()
    assert not Researcher.objects.exists()


def test_a_slug_taken_between_the_check_and_the_insert_moves_to_the_next(admin_client, monkeypatch):
    ResearcherFactory(name="Someone Else", slug="ana-garcia")
    # Another curator's add took the slug after this one looked: the unique index says so.
    monkeypatch.setattr(researchers, "_free_slug", _first_then_real(researchers._free_slug))

    assert add_by_hand(admin_client, "Ana García").status_code == 302
    assert Researcher.objects.get(name="Ana García").slug == "ana-garcia-2"


def _first_then_real(real):
    calls = []

    def free_slug(base):
        calls.append(base)
        return base if len(calls) == 1 else real(base)

    return free_slug


def test_a_renamed_researcher_is_still_found_by_imports_and_keeps_their_address(admin_client, import_seed):
    first = import_seed("000")
    person = Researcher.objects.get(pk=first.researcher_id)
    slug, key = person.slug, person.name_key
    data = change_form_data(admin_client.get(reverse("admin:profiles_researcher_change", args=[person.pk])))
    data["name"] = "Dr. " + person.name + " (Renamed)"
    assert admin_client.post(reverse("admin:profiles_researcher_change", args=[person.pk]), data).status_code == 302

    person.refresh_from_db()
    assert person.name.endswith("(Renamed)") and (person.slug, person.name_key) == (slug, key)
    again = import_seed("000", researcher_name=first.researcher_name)  # the source still spells the old name
    assert again.researcher_id == person.pk and Researcher.objects.count() == 1
    assert "(Renamed)" in directory(sort="name")


def test_a_record_saved_with_a_blank_slug_gets_one_when_edited(admin_client):
    blank = ResearcherFactory(name="Blank Slug", slug="", name_key="")
    url = reverse("admin:profiles_researcher_change", args=[blank.pk])
    assert admin_client.post(url, change_form_data(admin_client.get(url))).status_code == 302
    blank.refresh_from_db()
    assert (blank.slug, blank.name_key) == ("blank-slug", "blank slug")
    assert "Blank Slug" in directory()


def test_deleting_a_researcher_updates_cached_pages_and_takes_only_their_own_papers(admin_client):
    gone = ResearcherFactory(name="Gone Person")
    stays = ResearcherFactory(name="Stays Person")
    own = author_of(gone, title="Only theirs")
    shared = author_of(gone, title="Written together")
    AuthorshipFactory(researcher=stays, paper=shared)
    assert "Gone Person" in directory() and "Gone Person" in directory(sort="papers")

    url = reverse("admin:profiles_researcher_delete", args=[gone.pk])
    assert admin_client.get(url).status_code == 200  # the confirmation page
    assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert not Researcher.objects.filter(pk=gone.pk).exists()
    assert not Paper.objects.filter(pk=own.pk).exists() and Paper.objects.filter(pk=shared.pk).exists()
    assert "Gone Person" not in directory() and "Gone Person" not in directory(sort="papers")
    assert Client().get(reverse("profiles:researcher_detail", args=[stays.slug])).status_code == 200


def test_deleting_selected_researchers_goes_through_the_service(admin_client):
    people = [ResearcherFactory(name=f"Bulk Person{n}") for n in range(3)]
    assert "Bulk Person1" in directory()
    response = admin_client.post(RESEARCHERS, {"action": "delete_selected", "post": "yes",
                                               "_selected_action": [p.pk for p in people[:2]]})
    assert response.status_code == 302
    page = directory()
    assert "Bulk Person0" not in page and "Bulk Person1" not in page and "Bulk Person2" in page


def test_a_researcher_applicants_saved_cannot_be_deleted_and_the_page_points_to_hide(admin_client):
    saved = ResearcherFactory(name="Saved Person")
    entry_save(user=UserFactory(), researcher=saved)
    url = reverse("admin:profiles_researcher_delete", args=[saved.pk])

    page = admin_client.get(url).content.decode()
    assert "Cannot delete" in page and "Hide them instead" in page
    admin_client.post(url, {"post": "yes"})
    assert Researcher.objects.filter(pk=saved.pk).exists()


def test_the_delete_service_refuses_a_saved_researcher_with_a_pointer_to_hide():
    saved = ResearcherFactory(name="Saved Person")
    entry_save(user=UserFactory(), researcher=saved)
    with pytest.raises(CurationError, match="1 shortlist entries.*Hide them instead"):
        researcher_delete(researcher=saved)
    assert Researcher.objects.filter(pk=saved.pk).exists()


def test_deleting_a_paper_recounts_its_authors_on_the_cached_directory(admin_client):
    person = ResearcherFactory(name="Counted Person")
    papers = [author_of(person, title=f"Paper number {n}") for n in range(3)]
    assert '<td class="num">3</td>' in directory(sort="papers")

    url = reverse("admin:profiles_paper_delete", args=[papers[0].pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert '<td class="num">2</td>' in directory(sort="papers")
    admin_client.post(PAPERS, {"action": "delete_selected", "post": "yes", "_selected_action": [papers[1].pk]})

    person.refresh_from_db()
    assert person.listed_paper_count == 1 and '<td class="num">1</td>' in directory(sort="papers")


def test_papers_are_not_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:profiles_paper_add")).status_code == 403


def test_captures_are_kept_not_deleted_and_the_page_says_to_hide_instead(admin_client):
    capture = CaptureFactory()
    assert admin_client.get(reverse("admin:profiles_capture_delete", args=[capture.pk])).status_code == 403
    admin_client.post(reverse("admin:profiles_capture_changelist"),
                      {"action": "delete_selected", "post": "yes", "_selected_action": [capture.pk]})
    assert Capture.objects.filter(pk=capture.pk).exists()
    page = admin_client.get(reverse("admin:profiles_capture_change", args=[capture.pk])).content.decode()
    assert "never deleted" in page and "hide it" in page


def test_hiding_a_paper_from_its_change_form_recounts_its_author(admin_client):
    person = ResearcherFactory(name="Counted Person")
    paper = author_of(person, title="Soon hidden")
    author_of(person, title="Stays listed")
    assert '<td class="num">2</td>' in directory(sort="papers")

    url = reverse("admin:profiles_paper_change", args=[paper.pk])
    data = change_form_data(admin_client.get(url))
    data["hidden"] = "on"
    assert admin_client.post(url, data).status_code == 302

    person.refresh_from_db()
    assert person.listed_paper_count == 1 and '<td class="num">1</td>' in directory(sort="papers")
