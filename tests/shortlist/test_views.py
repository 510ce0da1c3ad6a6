"""Pages through the test client: privacy (404 for every URL), CSRF on every write, the
save toggle, the notes conflict chooser, filters, board moves, import and funnel."""
import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shortlist import urls as shortlist_urls
from shortlist.models import Notice, NoticeKind, ShortlistEntry, Status
from shortlist.services import entry_details_update, entry_save, entry_status_set
from tests.factories.shortlist import ResearcherFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

# What each URL needs posted to do its job; GET-only URLs are absent.
WRITES = {
    "toggle": {"action": "remove"},
    "entry_notes": {"notes": "hi", "version": "0"},
    "entry_status": {"status": "contacted"},
    "entry_details": {"tags": "a", "priority": "2", "follow_up_on": "", "personal_hook": ""},
    "entry_remove": {},
    "entry_restore": {},
    "entry_row": {"status": "contacted", "priority": "1", "tags": "x", "follow_up_on": ""},
    "notice_read": {},
    "import": {},
}
ALL_NAMES = [p.name for p in shortlist_urls.urlpatterns]


def _url(name, entry, notice):
    kwargs = {}
    if name == "toggle":
        kwargs = {"researcher_id": entry.researcher_id}
    elif name.startswith("entry_"):
        kwargs = {"pk": entry.pk}
    elif name == "notice_read":
        kwargs = {"pk": notice.pk}
    return reverse(f"shortlist:{name}", kwargs=kwargs)


@pytest.fixture
def owned(owner):
    entry = entry_save(user=owner, researcher=ResearcherFactory(name="Grace Hopper", affiliation="Yale"))
    entry_details_update(entry=entry, tags="compilers", priority=3, follow_up_on=None, personal_hook="")
    notice = Notice.objects.create(user=owner, entry=entry, kind=NoticeKind.NEW_PAPER, text="New paper since you saved Grace Hopper")
    return entry, notice


def test_every_url_is_covered_by_these_tests():
    assert set(WRITES) | {"list", "board", "entry_detail", "export_csv", "export_json", "funnel"} == set(ALL_NAMES)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_anonymous_users_are_sent_to_log_in(client, owned, name):
    entry, notice = owned
    url = _url(name, entry, notice)
    response = client.post(url, WRITES[name]) if name in WRITES else client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name", [n for n in ALL_NAMES if n.startswith(("entry_", "notice_")) or n == "toggle"])
@pytest.mark.parametrize("htmx", [False, True])
def test_another_users_entry_or_notice_is_a_404_and_unchanged(stranger_client, owned, name, htmx):
    entry, notice = owned
    url = _url(name, entry, notice)
    extra = HTMX if htmx else {}
    response = stranger_client.post(url, WRITES[name], **extra) if name in WRITES else stranger_client.get(url, **extra)
    assert response.status_code == 404
    assert b"Grace Hopper" not in response.content
    entry.refresh_from_db()
    notice.refresh_from_db()
    assert entry.removed_at is None and entry.status == Status.CONSIDERING and entry.notes == ""
    assert notice.read_at is None


@pytest.mark.parametrize("name", ["list", "board", "export_csv", "export_json", "funnel", "import"])
def test_pages_and_exports_show_only_the_users_own_entries(stranger_client, owner_client, owned, name):
    url = reverse(f"shortlist:{name}")
    assert b"Grace Hopper" not in stranger_client.get(url).content
    if name != "import":
        assert b"Grace Hopper" in owner_client.get(url).content or name == "funnel"


@pytest.mark.parametrize("name", sorted(WRITES))
@pytest.mark.parametrize("htmx", [False, True])
def test_writes_without_a_csrf_token_are_refused(owner, owned, name, htmx):
    entry, notice = owned
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(_url(name, entry, notice), WRITES[name], **(HTMX if htmx else {}))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.removed_at is None and entry.notes == "" and entry.status == Status.CONSIDERING


def test_htmx_write_with_the_csrf_header_is_accepted(owner, owned):
    entry, notice = owned
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    page = client.get(reverse("shortlist:entry_detail", args=[entry.pk]))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("shortlist:entry_status", args=[entry.pk]), {"status": "contacted"}, HTTP_X_CSRFTOKEN=token, **HTMX
    )
    assert response.status_code == 200
    assert ShortlistEntry.objects.get(pk=entry.pk).status == Status.CONTACTED


def test_save_button_flips_in_place_with_htmx(owner_client, owner):
    researcher = ResearcherFactory(name="Alan Turing")
    url = reverse("shortlist:toggle", args=[researcher.pk])
    saved = owner_client.post(url, {"action": "save"}, **HTMX)
    assert saved.status_code == 200 and "★ Saved" in saved.content.decode()
    assert 'value="remove"' in saved.content.decode()
    assert ShortlistEntry.objects.filter(user=owner, researcher=researcher, removed_at__isnull=True).exists()
    removed = owner_client.post(url, {"action": "remove"}, **HTMX)
    assert "☆ Save" in removed.content.decode()
    assert not ShortlistEntry.objects.filter(user=owner, removed_at__isnull=True).exists()


def test_save_without_js_redirects_back_to_the_page(owner_client):
    researcher = ResearcherFactory()
    response = owner_client.post(reverse("shortlist:toggle", args=[researcher.pk]), {"action": "save", "next": "/?page=2"})
    assert response.status_code == 302 and response["Location"] == "/?page=2"
    offsite = owner_client.post(reverse("shortlist:toggle", args=[researcher.pk]), {"action": "save", "next": "https://evil.example/"})
    assert offsite["Location"] == reverse("shortlist:list")


def test_hidden_researcher_cannot_be_newly_saved_but_stays_marked_on_the_shortlist(owner_client, owner, owned):
    entry, _ = owned
    hidden_new = ResearcherFactory(hidden=True)
    assert owner_client.post(reverse("shortlist:toggle", args=[hidden_new.pk]), {"action": "save"}).status_code == 404
    entry.researcher.hidden = True
    entry.researcher.save()
    page = owner_client.get(reverse("shortlist:list")).content.decode()
    assert "Grace Hopper" in page and ">hidden</span>" in page


def test_notes_autosave_then_a_stale_tab_gets_the_conflict_chooser(owner_client, owned):
    entry, _ = owned
    url = reverse("shortlist:entry_notes", args=[entry.pk])
    first = owner_client.post(url, {"notes": "tab one text", "version": "0"}, **HTMX)
    assert first.status_code == 200 and 'value="1"' in first.content.decode()
    stale = owner_client.post(url, {"notes": "tab two text", "version": "0"}, **HTMX).content.decode()
    assert "changed in another tab" in stale
    assert "tab one text" in stale and "tab two text" in stale
    assert ShortlistEntry.objects.get(pk=entry.pk).notes == "tab one text"
    merged = owner_client.post(url, {"notes": "tab two text", "version": "1", "choice": "merge"}, **HTMX)
    assert merged.status_code == 200
    assert ShortlistEntry.objects.get(pk=entry.pk).notes == "tab one text\n\ntab two text"


def test_notes_conflict_without_js_is_a_409_page_keeping_the_users_text(owner_client, owned):
    entry, _ = owned
    url = reverse("shortlist:entry_notes", args=[entry.pk])
    owner_client.post(url, {"notes": "saved first", "version": "0"})
    response = owner_client.post(url, {"notes": "typed later", "version": "0"})
    assert response.status_code == 409
    assert "typed later</textarea>" in response.content.decode()


def test_table_filters_by_status_tag_institution_and_due(owner_client, owner, owned):
    entry, _ = owned
    other = entry_save(user=owner, researcher=ResearcherFactory(name="Barbara Liskov", affiliation="MIT"))
    entry_status_set(entry=other, status=Status.CONTACTED)
    ShortlistEntry.objects.filter(pk=other.pk).update(follow_up_on=timezone.localdate() - dt.timedelta(days=2))
    url = reverse("shortlist:list")

    def names(query):
        html = owner_client.get(url, query).content.decode().split('id="shortlist-table"')[1]
        return [n for n in ("Grace Hopper", "Barbara Liskov") if n in html]

    assert names({"status": "contacted"}) == ["Barbara Liskov"]
    assert names({"tag": "compilers"}) == ["Grace Hopper"]
    assert names({"institution": "yal"}) == ["Grace Hopper"]
    assert names({"due": "1"}) == ["Barbara Liskov"]
    page = owner_client.get(url).content.decode()
    assert 'class="overdue"' in page and "1 follow-up due." in page
    by_name = owner_client.get(url, {"sort": "-name"}).content.decode()
    assert by_name.index("Grace Hopper") < by_name.index("Barbara Liskov")
    fragment = owner_client.get(url, {"status": "contacted"}, HTTP_HX_TARGET="shortlist-table", **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="shortlist-table">')


def test_a_long_shortlist_is_shown_in_pages_sorted_and_filtered_as_a_whole(owner_client, owner):
    """130 entries: pages of 100 rows; the sort orders the whole list before it is cut, pages
    keep the sort and filters, and an htmx page swaps only the table."""
    from shortlist.models import ShortlistEntry as Entry

    for i in range(130):
        entry = entry_save(user=owner, researcher=ResearcherFactory(name=f"Researcher {i:03d}", affiliation="MIT"))
        if i % 2:
            Entry.objects.filter(pk=entry.pk).update(status=Status.CONTACTED)
    url = reverse("shortlist:list")

    def rows(query, **headers):
        html = owner_client.get(url, query, **headers).content.decode()
        return re.findall(r'>(Researcher \d{3})</a>', html), html

    first, html = rows({"sort": "-name"})
    assert len(first) == 100 and first[0] == "Researcher 129" and first[-1] == "Researcher 030"
    assert "Rows 1–100 of 130" in html
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "sort=-name" in next_link
    second, html = rows({"sort": "-name", "page": "2"})
    assert second == [f"Researcher {i:03d}" for i in range(29, -1, -1)]
    contacted, html = rows({"status": "contacted", "sort": "name"})
    assert len(contacted) == 65 and "page 1 of" not in html  # 65 rows fit one page
    fragment, html = rows({"sort": "name", "page": "2"}, HTTP_HX_TARGET="shortlist-table", **HTMX)
    assert html.lstrip().startswith('<div id="shortlist-table">') and len(fragment) == 30
    assert len(rows({"page": "99"})[0]) == 30  # past the end: the last page


def test_board_move_returns_the_updated_board(owner_client, owned):
    entry, _ = owned
    response = owner_client.post(
        reverse("shortlist:entry_status", args=[entry.pk]), {"status": "drafting", "return": "board"}, **HTMX
    ).content.decode()
    assert response.lstrip().startswith('<div id="board"')
    drafting_column = response.split('data-status="drafting"')[1].split("</section>")[0]
    assert "Grace Hopper" in drafting_column


def test_details_form_errors_are_shown_not_saved(owner_client, owned):
    entry, _ = owned
    response = owner_client.post(
        reverse("shortlist:entry_details", args=[entry.pk]),
        {"tags": "", "priority": "2", "follow_up_on": "next tuesday", "personal_hook": ""},
    )
    assert response.status_code == 400 and "YYYY-MM-DD" in response.content.decode()


def test_import_page_reports_matches_and_misses(owner_client, owner):
    ResearcherFactory(name="Jürgen Schmidhuber")
    from django.core.files.uploadedfile import SimpleUploadedFile

    twins = [ResearcherFactory(name="Anna Kowalska", affiliation=place) for place in ("Warsaw", "Kraków")]
    upload = SimpleUploadedFile(
        "names.csv", "Jurgen Schmidhuber\nNo Such Person\nAnna Kowalska\n".encode(), content_type="text/csv"
    )
    html = owner_client.post(reverse("shortlist:import"), {"file": upload}).content.decode()
    assert "matched Jürgen Schmidhuber" in html and "2 matched nothing" in html
    # Each candidate of an ambiguous row can be saved from the report with one click.
    for twin in twins:
        assert f'action="/shortlist/save/{twin.pk}/"' in html
    empty = SimpleUploadedFile("empty.csv", b"", content_type="text/csv")
    bad = owner_client.post(reverse("shortlist:import"), {"file": empty})
    assert bad.status_code == 400 and "empty" in bad.content.decode()
    huge = SimpleUploadedFile("huge.csv", b"a,b\n" * 300_000, content_type="text/csv")
    too_big = owner_client.post(reverse("shortlist:import"), {"file": huge})
    assert too_big.status_code == 400 and "the limit is 1024 KB" in too_big.content.decode()
    assert not ShortlistEntry.objects.filter(user=owner, researcher__name="No Such Person").exists()


def test_funnel_counts_reached_statuses_and_reply_rate_by_template(owner_client, owner):
    from shortlist.services import entry_record_draft

    def entry_through(template, *statuses):
        entry = entry_save(user=owner, researcher=ResearcherFactory())
        if template:
            entry_record_draft(entry=entry, draft_id=1, template_name=template)
        for status in statuses:
            entry_status_set(entry=entry, status=status)
        return entry

    entry_through("Short", "contacted", "replied", "meeting")
    entry_through("Short", "contacted")
    entry_through("Long", "contacted", "declined")
    entry_through(None, "not_a_fit")
    from shortlist.selectors import shortlist_funnel

    funnel = shortlist_funnel(user=owner)
    reached = dict(funnel.reached)
    assert reached["Considering"] == 4 and reached["Drafting"] == 3 and reached["Contacted"] == 3
    assert reached["Replied"] == 1 and reached["Meeting"] == 1 and reached["Applied"] == 0
    assert reached["Declined"] == 1 and reached["Not a fit"] == 1
    assert (funnel.overall.contacted, funnel.overall.replied) == (3, 1)
    rates = {row.label: (row.contacted, row.replied) for row in funnel.by_template}
    assert rates == {"Short": (2, 1), "Long": (1, 0)}
    assert "50%" in owner_client.get(reverse("shortlist:funnel")).content.decode()


def test_save_button_asks_anonymous_visitors_to_log_in(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/?q=vision")
    request.user = AnonymousUser()
    html = render_to_string("shortlist/_save_button.html", {"researcher": ResearcherFactory(), "saved_ids": set()}, request=request)
    assert "/accounts/login/?next=/%3Fq%3Dvision" in html and "<form" not in html


def test_keep_theirs_shows_the_saved_text_and_saves_nothing(owner_client, owned):
    entry, _ = owned
    url = reverse("shortlist:entry_notes", args=[entry.pk])
    owner_client.post(url, {"notes": "the other tab", "version": "0"}, **HTMX)
    html = owner_client.post(url, {"notes": "mine", "version": "1", "choice": "theirs"}, **HTMX).content.decode()
    assert "the other tab</textarea>" in html and 'name="version" value="1"' in html
    assert ShortlistEntry.objects.get(pk=entry.pk).notes_version == 1


def test_table_query_count_does_not_grow_with_entries(owner, owner_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(reverse("shortlist:list")).status_code == 200
        return len(captured)

    entry_save(user=owner, researcher=ResearcherFactory())
    few = queries()
    for i in range(15):
        entry = entry_save(user=owner, researcher=ResearcherFactory())
        entry_details_update(entry=entry, tags=f"t{i}, common", priority=3, follow_up_on=None, personal_hook="")
        Notice.objects.create(user=owner, entry=entry, kind=NoticeKind.NEW_PAPER, text="new")
    assert queries() == few


def test_a_button_rendered_before_a_merge_saves_and_removes_the_survivor(owner_client, owner):
    from profiles.services import researcher_merge

    old, survivor = ResearcherFactory(), ResearcherFactory()
    researcher_merge(source=old, target=survivor)
    url = reverse("shortlist:toggle", args=[old.pk])
    assert 'value="remove"' in owner_client.post(url, {"action": "save"}, **HTMX).content.decode()
    assert ShortlistEntry.objects.get(user=owner).researcher == survivor
    owner_client.post(url, {"action": "remove"}, **HTMX)
    assert ShortlistEntry.objects.get(user=owner).removed_at is not None


def test_invalid_notes_post_explains_itself_to_htmx(owner_client, owned):
    entry, _ = owned
    response = owner_client.post(reverse("shortlist:entry_notes", args=[entry.pk]), {"notes": "x"}, **HTMX)
    assert response.status_code == 200 and "Notes could not be saved" in response.content.decode()
    assert ShortlistEntry.objects.get(pk=entry.pk).notes == ""


@pytest.mark.parametrize("name", ["list", "board", "funnel"])
def test_an_empty_shortlist_says_how_to_start_on_every_view(owner_client, name):
    page = owner_client.get(reverse(f"shortlist:{name}")).content.decode()

    assert reverse("profiles:directory") in page or reverse("shortlist:list") in page
    assert {"list": "Nothing here yet", "board": "Your shortlist is empty",
            "funnel": "Nothing to count yet"}[name] in page


def test_board_and_funnel_drop_the_empty_note_once_something_is_saved(owner_client, owned):
    assert "Your shortlist is empty" not in owner_client.get(reverse("shortlist:board")).content.decode()
    assert "Nothing to count yet" not in owner_client.get(reverse("shortlist:funnel")).content.decode()
