"""Every URL of the app, walked from the resolver: another user's object id is a 404 on every
method, an anonymous visitor is sent to log in, a non-staff user never reaches the curators'
pages, and an edited subject cannot smuggle a line break into the .eml headers."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from outreach.models import BulkDraftJob, EmailTemplate
from profiles.models import DepartmentImport
from outreach.services import draft_create
from shortlist.models import Notice
from tests.factories.outreach import entry_for

PUBLIC = {"profiles:directory", "profiles:researcher_detail", "signup", "healthz"}


def _named_patterns():
    """(namespaced name, pattern) for every named URL outside the admin and Django's auth views."""
    def walk(resolver, ns):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.app_name in ("admin",) or str(p.pattern).startswith("accounts/"):
                    continue
                yield from walk(p, f"{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{ns}{p.name}", p
    return list(walk(get_resolver(), ""))


@pytest.fixture
def owned(applicant, researcher):
    """One of each kind of private object, all belonging to ``applicant``."""
    entry = entry_for(applicant, researcher, personal_hook="Your sparse attention paper changed my plans.")
    draft = draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact")
    return {
        "entry": entry,
        "notice": Notice.objects.create(user=applicant, entry=entry, kind="new_paper", text="New paper"),
        "draft": draft,
        "template": EmailTemplate.objects.create(user=applicant, name="Mine", subject_source="Hi", body_source="Hello"),
        "bulk": BulkDraftJob.objects.create(user=applicant, entry_status="considering", template_key="default:first_contact",
                                            template_name="First contact", entry_ids=[entry.pk], total=1),
        "department": DepartmentImport.objects.create(created_by=applicant, source="openalex",
                                                      institution_query="Bangor University"),
    }


# Which object a URL's <pk> names; a new URL with a pk must be added here to be covered.
PK_KINDS = {
    "shortlist:entry_": "entry", "shortlist:notice_": "notice", "outreach:template_": "template",
    "outreach:draft_": "draft", "outreach:bulk_": "bulk", "profiles:department_": "department",
}


def _kind(name):
    return next((kind for prefix, kind in PK_KINDS.items() if name.startswith(prefix)), None)


def test_another_users_object_id_is_404_on_every_url_and_method(client, owned):
    client.force_login(get_user_model().objects.create_user("mallory", password="x"))
    checked = []
    for name, pattern in _named_patterns():
        if "pk" not in pattern.pattern.converters:
            continue
        kind = _kind(name)
        assert kind, f"{name} takes a pk but this test does not know whose object it names"
        url = reverse(name, kwargs={"pk": owned[kind].pk})
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (404, 405), f"{method.__name__.upper()} {url} gave {response.status_code}"
        checked.append(name)
    assert len(checked) >= 12
    # ids passed as parameters, not in the path
    assert client.get(reverse("outreach:draft_new"), {"entry": owned["entry"].pk}).status_code == 404
    assert client.post(reverse("outreach:draft_new"), {"entry": owned["entry"].pk}).status_code == 404
    tpl_key = f"user:{owned['template'].pk}"
    response = client.post(reverse("outreach:draft_new"), {"researcher": owned["entry"].researcher_id, "template": tpl_key})
    assert response.status_code == 400 and "not yours" in response.content.decode()
    mine = [e["name"] for e in client.get(reverse("shortlist:export_json")).json()["entries"]]
    assert mine == []
    assert client.get(reverse("applicants:cv_download")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_everywhere_but_the_public_pages(client, owned, researcher):
    login = reverse("login")
    for name, pattern in _named_patterns():
        if name in PUBLIC:
            continue
        kwargs = {}
        if "pk" in pattern.pattern.converters:
            kwargs["pk"] = owned[_kind(name)].pk
        if "researcher_id" in pattern.pattern.converters:
            kwargs["researcher_id"] = researcher.pk
        url = reverse(name, kwargs=kwargs)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 405), f"{method.__name__.upper()} {url} gave {response.status_code}"
            if response.status_code == 302:
                assert response.url.startswith(login), url


@pytest.mark.parametrize("name,args", [
    ("admin:index", []), ("admin:profiles_capture_upload", []), ("admin:profiles_capture_raw", [1]),
    ("admin:profiles_capture_assign", [1]), ("admin:profiles_capture_import_anyway", [1]),
    ("admin:profiles_reimportjob_progress", [1]), ("admin:profiles_departmentimport_add", []),
    ("admin:profiles_departmentimport_progress", [1]), ("admin:profiles_departmentimport_choose", [1, 1]),
    ("admin:profiles_researcher_changelist", []), ("admin:django_celery_beat_periodictask_changelist", []),
    ("admin:profiles_sourcelink_changelist", []), ("admin:profiles_sourcelink_add_researcher", []),
])
def test_non_staff_and_anonymous_never_reach_the_curators_pages(client, db, name, args):
    url = reverse(name, args=args)
    for user in (None, get_user_model().objects.create_user("applicant", password="x")):
        if user:
            client.force_login(user)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and reverse("admin:login") in response.url, url


def test_an_edited_subject_with_a_unicode_line_separator_is_refused_and_the_eml_still_downloads(client, applicant, owned):
    client.force_login(applicant)
    draft = owned["draft"]
    before = draft.versions.count()
    for separator in ("\u2028", "\u2029", "\x85", "\x0b", "\x1c"):
        response = client.post(reverse("outreach:draft_edit", args=[draft.pk]),
                               {"subject": f"Hello{separator}Bcc: everyone@example.com", "body": "Dear Professor"}, follow=True)
        assert "line breaks and control characters are not allowed" in response.content.decode()
    assert draft.versions.count() == before
    eml = client.get(reverse("outreach:draft_eml", args=[draft.pk]))
    assert eml.status_code == 200 and b"Bcc" not in eml.content


# The state each researcher action starts from, so that running it would change something; a
# new action must be added here to be covered (the test below walks the admin's own list).
ACTION_STARTS = {
    "publish_selected": {"published": False}, "reject_selected": {"published": False},
    "hide_selected": {}, "unhide_selected": {"hidden": True}, "merge_selected": {}, "reimport_selected": {},
    "delete_selected": {},
}


def test_every_researcher_action_is_walked_below(rf, db):
    from django.contrib import admin

    from profiles.models import Researcher

    request = rf.get("/")
    request.user = get_user_model().objects.create_superuser("root", password="x")
    offered = set(admin.site._registry[Researcher].get_actions(request))
    assert offered <= set(ACTION_STARTS), f"say how to test {sorted(offered - set(ACTION_STARTS))} in ACTION_STARTS"


@pytest.mark.parametrize("action", sorted(ACTION_STARTS))
def test_a_view_only_curator_cannot_run_the_researcher_actions_that_change_things(client, db, action):
    from django.contrib.auth.models import Permission

    from profiles.models import ReimportJob, Researcher
    from tests.factories import ResearcherFactory

    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_researcher"))
    client.force_login(viewer)
    first, second = ResearcherFactory(**ACTION_STARTS[action]), ResearcherFactory(**ACTION_STARTS[action])
    before = list(Researcher.objects.order_by("pk").values())
    response = client.post(reverse("admin:profiles_researcher_changelist"), {
        "action": action, "_selected_action": [first.pk, second.pk], "post": "yes", "survivor": first.pk,
    })
    assert response.status_code in (200, 302)
    assert list(Researcher.objects.order_by("pk").values()) == before
    assert not ReimportJob.objects.exists()


def test_no_staff_account_can_browse_users_shortlists_in_the_admin():
    from django.contrib import admin

    from shortlist.models import EntryEvent, Notice, ShortlistEntry, Tag

    for model in (ShortlistEntry, EntryEvent, Notice, Tag):
        assert not admin.site.is_registered(model), f"{model.__name__} is private to its owner"
