"""Applicants propose, curators publish: a researcher an applicant adds from a scholarly source is
seen only by that applicant and by curators until a curator publishes it. Every page is walked
from the URL resolver as a second applicant and as an anonymous visitor, so a new page that
shows researchers is covered too."""
from datetime import date

import httpx
import pytest
import respx
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from profiles.models import Researcher
from profiles.services import capture_import, researcher_merge, researcher_publish, researcher_reject
from shortlist.models import ShortlistEntry
from shortlist.services import shortlist_import_csv
from tests.factories.matching import ApplicantProfileFactory
from tests.factories.pages import AuthorshipFactory, PaperFactory, ResearcherFactory, UserFactory
from tests.fixtures.sources import source_bytes
from tests.security.test_access import _named_patterns

pytestmark = pytest.mark.django_db
ADD = reverse("profiles:researcher_add")
NAME = "Di Xu"  # the DBLP profile below
INTERESTS = "stereoscopic 3D video quality and color image desaturation"


@pytest.fixture(autouse=True)
def _sources_do_not_wait(settings):
    settings.SOURCES_MIN_INTERVALS = {k: 0.0 for k in ("openalex", "arxiv", "s2", "orcid", "dblp")}


def _add_from_dblp(client):
    with respx.mock:
        respx.get("https://dblp.org/pid/95/7448-1.xml").mock(
            return_value=httpx.Response(200, content=source_bytes("dblp_di_xu_0001.xml")))
        return client.post(ADD, {"ref": "https://dblp.org/pid/95/7448-1", "source": ""})


@pytest.fixture
def proposer(client):
    user = UserFactory(username="proposer")
    client.force_login(user)
    return user


@pytest.fixture
def proposal(client, proposer):
    """Di Xu, added by an applicant from DBLP; a published researcher beside them."""
    published = ResearcherFactory(name="Ada Published", affiliation="Published University")
    AuthorshipFactory(researcher=published, paper=PaperFactory(title="Stereoscopic 3D video quality of experience"))
    page = _add_from_dblp(client).content.decode()
    researcher = Researcher.objects.get(name=NAME)
    assert "papers added 8" in page and "Only you can see them for now" in page
    assert not researcher.published and researcher.proposed_by == proposer
    return researcher


def test_the_proposer_sees_saves_and_writes_to_their_own_proposal(client, proposal):
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200 and "stereoscopic 3D video reframing" in page.content.decode()
    assert "Not published yet" in page.content.decode()
    assert client.post(reverse("shortlist:toggle", args=[proposal.pk])).status_code == 302
    assert ShortlistEntry.objects.filter(researcher=proposal).count() == 1
    assert client.get(reverse("outreach:draft_new"), {"researcher": proposal.pk}).status_code == 200


def _urls_for(proposal):
    """Every named page, with the proposal's slug, id or name wherever the page takes one."""
    urls = []
    for name, pattern in _named_patterns():
        converters = set(pattern.pattern.converters)
        if converters == {"slug"}:
            urls.append(reverse(name, kwargs={"slug": proposal.slug}))
        elif converters == {"researcher_id"}:
            urls.append(reverse(name, kwargs={"researcher_id": proposal.pk}))
        elif not converters:
            base = reverse(name)
            urls += [base, f"{base}?q=Xu", f"{base}?q=stereoscopic", f"{base}?researcher={proposal.pk}",
                     f"{base}?sort=recent", f"{base}?q=Published"]
    return urls


def _walk_as(client, proposal, who: str) -> int:
    seen = 0
    for url in _urls_for(proposal):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"researcher": proposal.pk} if method == "post" else None)
            if response.status_code >= 400 or response.get("Content-Type", "").startswith("application/zip"):
                continue
            # A search for the name echoes it in the search box: that is the visitor's own text.
            body = response.content.decode(errors="replace").replace(f'value="{NAME}"', "")
            assert NAME not in body and proposal.slug not in body, f"{who}: {method.upper()} {url} shows the proposal"
            seen += 1
    assert not ShortlistEntry.objects.exclude(user=proposal.proposed_by).exists(), f"{who} saved the proposal"
    return seen


def test_nobody_else_finds_the_proposal_on_any_page(client, proposal):
    other = UserFactory(username="other-applicant")
    ApplicantProfileFactory(user=other, interests=INTERESTS)  # /matches/ would rank Di Xu first
    client.force_login(other)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.post(reverse("shortlist:toggle", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("outreach:draft_new"), {"researcher": proposal.pk}).status_code == 404
    matches = client.get(reverse("matching:matches")).content.decode()
    assert "Ada Published" in matches and NAME not in matches  # ranked beside her, Di Xu would come first
    assert _walk_as(client, proposal, "a second applicant") > 20
    report = shortlist_import_csv(user=other, raw=f"name\n{NAME}\n".encode())
    assert not ShortlistEntry.objects.filter(user=other).exists(), report

    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    directory = client.get(reverse("profiles:directory")).content.decode()
    assert "Ada Published" in directory and NAME not in directory
    assert _walk_as(client, proposal, "an anonymous visitor") >= 2


def test_exports_leave_the_proposal_out(proposal, capsys):
    call_command("export_profiles")
    out, err = capsys.readouterr()
    assert NAME not in out and "Ada Published" in out
    assert "Left out 1 hidden or unpublished researcher(s)" in err


def test_a_curator_sees_it_in_the_queue_and_publishing_shows_it_to_everyone(client, proposal, admin_user):
    client.force_login(admin_user)
    queue = client.get(reverse("admin:profiles_researcher_changelist") + "?publication=awaiting").content.decode()
    assert NAME in queue and "Ada Published" not in queue
    assert client.get(proposal.get_absolute_url()).status_code == 200  # curators see proposals

    response = client.post(reverse("admin:profiles_researcher_changelist"),
                           {"action": "publish_selected", "_selected_action": [proposal.pk]})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.published

    client.logout()
    assert NAME in client.get(reverse("profiles:directory")).content.decode()  # a new version: not the cached page
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_a_rejected_proposal_is_hidden_from_its_proposer_too(client, proposal):
    researcher_reject(researcher=proposal)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.post(reverse("shortlist:toggle", args=[proposal.pk])).status_code == 404
    # To anyone else it is not even "hidden by a curator": an address like any unknown one.
    client.force_login(UserFactory(username="someone-else"))
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 404 and NAME not in response.content.decode()


def test_a_proposal_merged_into_an_existing_record_leads_to_it(client, proposal):
    existing = ResearcherFactory(name="Di Xu (EPFL)")
    PaperFactory.create(title="An older paper of hers")
    researcher_merge(source=proposal, target=existing)
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 301 and response.url == existing.get_absolute_url()
    researcher_publish(researcher=existing)  # already published: a no-op that still works
    assert Researcher.objects.get(pk=existing.pk).published


def test_a_curator_who_adds_a_researcher_publishes_it_at_once(client, admin_user):
    # An install whose only applicant is also its curator: nothing waits for anyone.
    client.force_login(admin_user)
    assert "Only you can see them" not in _add_from_dblp(client).content.decode()
    assert Researcher.objects.get(name=NAME).published
    client.logout()
    assert NAME in client.get(reverse("profiles:directory")).content.decode()


def test_someone_elses_proposal_is_not_named_to_a_second_proposer(client, proposal):
    client.force_login(get_user_model().objects.create_user("second", password="x"))
    page = _add_from_dblp(client).content.decode()
    assert "waits for a curator" in page and proposal.get_absolute_url() not in page


def test_a_researcher_an_applicant_pastes_is_a_proposal_too(client, proposer, seeds_dir):
    text = (seeds_dir / "000_e21337452ddc9eb7.txt").read_text(encoding="utf-8")
    response = client.post(reverse("profiles:researcher_paste"),
                           {"text": text, "captured_on": "2026-11-01", "action": "import"})
    pasted = Researcher.objects.get()
    assert not pasted.published and pasted.proposed_by == proposer
    assert pasted.get_absolute_url() in response.content.decode()  # its proposer is sent to it
    assert "Only you can see them for now" in response.content.decode()
    assert client.get(pasted.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(pasted.get_absolute_url()).status_code == 404
    assert pasted.name not in client.get(reverse("profiles:directory")).content.decode()


def test_a_curators_upload_is_published_at_once(seeds_dir, admin_user):
    path = seeds_dir / "000_e21337452ddc9eb7.txt"
    capture_import(raw=path.read_bytes(), captured_on=date(2026, 11, 1), uploaded_by=admin_user)
    assert Researcher.objects.get().published


def test_a_proposal_outlives_its_proposers_account_for_the_curators(client, proposal, proposer):
    from accounts_data.services import user_account_delete
    from profiles.selectors import researchers_awaiting_publication

    user_account_delete(user=proposer)
    proposal.refresh_from_db()
    assert proposal.proposed_by is None and not proposal.published
    assert list(researchers_awaiting_publication()) == [proposal]


def test_an_applicants_paste_never_rewrites_a_published_researcher(client, proposer, seeds_dir, admin_user):
    """A pasted page is text the applicant typed or edited: for someone already in the
    catalogue it waits for a curator instead of changing what everyone sees."""
    from profiles.models import Capture, CaptureOutcome
    from profiles.services import capture_import_anyway

    path = seeds_dir / "000_e21337452ddc9eb7.txt"
    capture_import(raw=path.read_bytes(), captured_on=date(2026, 5, 20), uploaded_by=admin_user)
    published = Researcher.objects.get()
    papers_before, about_before = published.papers.count(), published.about
    forged = path.read_text(encoding="utf-8").replace(
        "Meisam Razaviyayn is an Associate Professor", "Meisam Razaviyayn was dismissed; he is an Associate Professor")
    response = client.post(reverse("profiles:researcher_paste"),
                           {"text": forged, "captured_on": "2026-11-01", "action": "import"})
    published.refresh_from_db()
    assert published.about == about_before and published.papers.count() == papers_before
    assert "was dismissed" not in client.get(published.get_absolute_url()).content.decode()
    assert "Kept for a curator" in response.content.decode()
    kept = Capture.objects.get(uploaded_by=proposer)
    assert kept.outcome == CaptureOutcome.NEEDS_REVIEW
    capture_import_anyway(capture=kept, accepted_by=admin_user)  # a curator checked it
    published.refresh_from_db()
    assert "was dismissed" in published.about


def test_a_second_applicants_department_progress_does_not_link_to_the_proposal(client, proposal):
    from profiles.models import DepartmentImport, DepartmentMember

    other = UserFactory(username="other-applicant")
    job = DepartmentImport.objects.create(created_by=other, source="openalex", institution_name="Somewhere")
    DepartmentMember.objects.create(job=job, position=1, name=NAME, role="faculty", researcher=proposal,
                                    resolution="sure", outcome="linked")
    client.force_login(other)
    page = client.get(reverse("profiles:department_progress", args=[job.pk])).content.decode()
    assert NAME in page  # their own page named them
    assert proposal.get_absolute_url() not in page
    client.force_login(proposal.proposed_by)  # its proposer would be sent to it from their own job
    job.created_by = proposal.proposed_by
    job.save()
    assert proposal.get_absolute_url() in client.get(reverse("profiles:department_progress", args=[job.pk])).content.decode()


def test_a_second_applicants_department_page_never_rewrites_the_proposal(proposal):
    """Another applicant's faculty page names the same person: it is linked, but what that page
    says (title, topics, email) is not written over someone else's proposal."""
    from profiles.models import DepartmentImport, DepartmentMember
    from profiles.services import department_member_choose
    from profiles.sources import SourceClient

    link = proposal.source_links.get(kind="dblp")
    other = UserFactory(username="other-applicant")
    job = DepartmentImport.objects.create(created_by=other, source="dblp", institution_name="Somewhere",
                                          department="Department of Forgery")
    member = DepartmentMember.objects.create(
        job=job, position=1, name=NAME, title="Disgraced Professor", role="faculty", email="fraud@example.org",
        research=["forged results"], resolution="needs_choice", candidates=[{"id": link.external_id, "name": NAME}])
    before = Researcher.objects.filter(pk=proposal.pk).values("title", "department", "topics", "contact_email").get()
    with SourceClient() as source_client:
        member = department_member_choose(member=member, external_id=link.external_id, client=source_client)
    assert member.researcher_id == proposal.pk
    assert Researcher.objects.filter(pk=proposal.pk).values("title", "department", "topics", "contact_email").get() == before


def test_an_applicant_cannot_name_whose_a_curators_waiting_capture_is(client, proposer, seeds_dir, admin_user):
    """Pasting the very text of a capture a curator keeps waiting for assignment must not let an
    applicant say whose it is: that creates a published researcher, or feeds one, unchecked."""
    from profiles.models import Capture, CaptureOutcome

    path = seeds_dir / "003_1fe0f32555aab7d4.txt"
    waiting = Capture.objects.get(pk=capture_import(raw=path.read_bytes(), captured_on=date(2026, 4, 20),
                                                    uploaded_by=admin_user).capture_id)
    assert waiting.outcome == CaptureOutcome.AWAITING_ASSIGNMENT
    client.post(reverse("profiles:researcher_paste"), {"text": path.read_text(encoding="utf-8"), "captured_on": "2026-04-20",
                                                       "researcher_name": "Totally Fakeperson", "action": "import"})
    waiting.refresh_from_db()
    assert waiting.outcome == CaptureOutcome.AWAITING_ASSIGNMENT and not Researcher.objects.exists()
