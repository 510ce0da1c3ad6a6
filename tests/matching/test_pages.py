"""Best matches, the applicant profile, CV upload and its private download."""
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from applicants.models import ApplicantProfile
from profiles.models import TakingStudents
from shortlist.services import entry_save
from tests.applicants.test_cv import docx_zip_bomb, pdf_with_text
from tests.factories.matching import (
    ApplicantProfileFactory,
    UserFactory,
    researcher_with_papers,
)

pytestmark = pytest.mark.django_db

MATCHES = reverse("matching:matches")
ME = reverse("applicants:profile")
CV = reverse("applicants:cv_upload")
CV_FILE = reverse("applicants:cv_download")


@pytest.fixture
def catalogue():
    """Olga fits best, Bruno a little (and is taking students), Vera not at all."""
    olga = researcher_with_papers([
        ("Bilevel optimization for data mixing", "Bilevel optimization picks data mixing weights for language "
         "models.", date(2026, 1, 5)),
        ("Hypergradient methods", "Hypergradients for bilevel optimization.", date(2025, 6, 1)),
    ], name="Olga Optimizer", affiliation="North University", topics=["Optimization"])
    bruno = researcher_with_papers([
        ("Data mixing for speech", "Mixing speech data sources.", date(2019, 1, 1)),
    ], name="Bruno Mixer", affiliation="South Institute", topics=["Speech"],
        taking_students=TakingStudents.YES, taking_students_note="lab page", taking_students_on=date(2026, 3, 1))
    vera = researcher_with_papers([("Vision transformers", "Images.", date(2026, 1, 1))], name="Vera Vision")
    return olga, bruno, vera


@pytest.fixture
def applicant():
    return ApplicantProfileFactory(interests="bilevel optimization for data mixing", methods="hypergradient").user


@pytest.fixture
def client_in(applicant):
    client = Client()
    client.force_login(applicant)
    return client


def names(response):
    return [r.name for r, _ in response.context["rows"]]


def test_matches_need_a_login():
    response = Client().get(MATCHES)
    assert response.status_code == 302 and "login" in response["Location"]


def test_matches_are_ranked_with_axes_reasons_and_taking_students(client_in, catalogue):
    response = client_in.get(MATCHES)
    assert names(response) == ["Olga Optimizer", "Bruno Mixer"]
    html = response.content.decode()
    assert "Topic fit" in html and "Method fit" in html and "Trajectory" in html and "Certainty" in html
    assert "Bilevel optimization for data mixing" in html and "Shared terms" in html
    assert "Strong fit" in html and "the same scale for every query" in html
    assert "Taking students: <strong class=\"taking-yes\">Yes</strong>" in html and "lab page" in html
    assert "Vera Vision" not in html


def test_markup_from_the_catalogue_is_shown_as_text_in_matches_and_why_this_match(client_in):
    """The match rows and "why this match" are built in Python (matching/templatetags/matches.py):
    a name, affiliation, paper title or taking-students note that carries markup is escaped."""
    hostile = researcher_with_papers([
        ("<script>alert(1)</script> bilevel optimization for data mixing", "Bilevel optimization <b>mixing</b>.",
         date(2026, 1, 5)),
    ], name="<img src=x onerror=alert(2)>", affiliation="<i>North</i>", taking_students=TakingStudents.YES,
        taking_students_note="<u>lab</u>", taking_students_on=date(2026, 3, 1))
    for html in (client_in.get(MATCHES).content.decode(),
                 client_in.get(hostile.get_absolute_url()).content.decode()):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;u&gt;lab&lt;/u&gt;" in html
        for raw in ("<script>alert(1)", "<img src=x", "<i>North</i>", "<u>lab</u>", "<b>mixing</b>"):
            assert raw not in html


def test_filters_narrow_the_list(client_in, catalogue, applicant):
    olga, bruno, _ = catalogue
    assert names(client_in.get(MATCHES, {"institution": "south"})) == ["Bruno Mixer"]
    assert names(client_in.get(MATCHES, {"topic": "optim"})) == ["Olga Optimizer"]
    assert names(client_in.get(MATCHES, {"active": "on"})) == ["Olga Optimizer"]
    assert names(client_in.get(MATCHES, {"taking_students": "yes"})) == ["Bruno Mixer"]
    entry_save(user=applicant, researcher=bruno)
    assert names(client_in.get(MATCHES, {"shortlisted": "yes"})) == ["Bruno Mixer"]
    assert names(client_in.get(MATCHES, {"shortlisted": "no"})) == ["Olga Optimizer"]


def test_htmx_request_gets_only_the_results_fragment(client_in, catalogue):
    response = client_in.get(MATCHES, {"institution": "north"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"') and "<html" not in html
    assert "Olga Optimizer" in html and "Bruno Mixer" not in html


def test_results_are_paginated(client_in, applicant):
    for n in range(23):
        researcher_with_papers([(f"Bilevel optimization study {n}", "Bilevel optimization.", date(2025, 1, 1))],
                               name=f"Researcher {n:02d}")
    first, second = client_in.get(MATCHES), client_in.get(MATCHES, {"page": 2})
    assert len(first.context["rows"]) == 20 and len(second.context["rows"]) == 3
    assert not set(names(first)) & set(names(second))
    assert "Page 2 of 2" in second.content.decode()


def test_weights_from_the_page_change_the_order(client_in, catalogue):
    by_certainty_only = client_in.get(MATCHES, {"w_topic": 0, "w_method": 0, "w_trajectory": 0, "w_certainty": 100})
    by_topic_only = client_in.get(MATCHES, {"w_topic": 100, "w_method": 0, "w_trajectory": 0, "w_certainty": 0})
    assert names(by_topic_only)[0] == "Olga Optimizer"
    scores = {r.name: m.score for r, m in by_certainty_only.context["rows"]}
    assert scores == {r.name: m.axes["certainty"] for r, m in by_certainty_only.context["rows"]}


def test_without_a_profile_the_page_asks_for_interests(catalogue):
    client = Client()
    client.force_login(UserFactory())
    response = client.get(MATCHES)
    assert response.status_code == 200 and "fill in your interests" in response.content.decode()


def test_profile_form_saves_interests_and_weights(client_in, applicant, catalogue):
    response = client_in.post(ME, {"interests": "speech data", "methods": "", "weight_topic": 100,
                                   "weight_method": 0, "weight_trajectory": 0, "weight_certainty": 50})
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=applicant)
    assert profile.interests == "speech data"
    assert profile.match_weights == {"topic": 1.0, "method": 0.0, "trajectory": 0.0, "certainty": 0.5}
    assert names(client_in.get(MATCHES))[0] == "Bruno Mixer"  # the score follows the profile


def test_all_zero_weights_are_refused_with_a_message(client_in):
    response = client_in.post(ME, {"interests": "x", "weight_topic": 0, "weight_method": 0,
                                   "weight_trajectory": 0, "weight_certainty": 0})
    assert response.status_code == 200 and "At least one weight" in response.content.decode()


def test_cv_upload_fills_the_text_for_correction_and_only_the_owner_downloads_it(client_in, applicant, settings):
    response = client_in.post(CV, {"cv": _upload("my cv.pdf", pdf_with_text())})
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=applicant)
    assert "bilevel optimization" in profile.cv_text and profile.cv_filename == "my cv.pdf"
    assert str(settings.MEDIA_ROOT) in profile.cv_file.path and "my cv" not in profile.cv_file.name
    page = client_in.get(ME).content.decode()
    assert "bilevel optimization" in page  # shown in the editable text box
    download = client_in.get(CV_FILE)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(CV_FILE).status_code == 404
    assert Client().get(CV_FILE).status_code == 302  # anonymous: log in first


def test_refused_cv_shows_the_reason_and_stores_nothing(client_in, applicant):
    response = client_in.post(CV, {"cv": _upload("cv.docx", docx_zip_bomb())})
    assert response.status_code == 400 and "zip bomb" in response.content.decode()
    profile = ApplicantProfile.objects.get(user=applicant)
    assert not profile.cv_file and profile.cv_text == ""


def test_posts_without_csrf_token_are_refused(applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    assert client.post(ME, {"interests": "x"}).status_code == 403
    assert client.post(CV, {"cv": _upload("cv.txt", b"a text cv long enough to read")}).status_code == 403


def test_researcher_page_shows_why_this_match(client_in, catalogue):
    olga = catalogue[0]
    html = client_in.get(olga.get_absolute_url()).content.decode()
    assert "Why this match" in html and "#1 of 2" in html and "Hypergradient methods" in html


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_sliders_left_out_of_a_filter_request_keep_the_saved_weights(client_in, applicant, catalogue):
    ApplicantProfile.objects.filter(user=applicant).update(match_weights={"topic": 0.9})
    html = client_in.get(MATCHES, {"institution": "north"}).content.decode()
    assert 'name="w_topic" value="90"' in html and 'name="w_method" value="20"' in html


def test_preferred_institutions_are_marked_and_can_be_the_only_ones_shown(client_in, applicant, catalogue):
    ApplicantProfile.objects.filter(user=applicant).update(preferred_institutions="South Institute, Nowhere U")
    html = client_in.get(MATCHES).content.decode()
    assert html.count("one of your preferred institutions") == 1
    assert names(client_in.get(MATCHES, {"preferred": "on"})) == ["Bruno Mixer"]


def test_each_weight_slider_shows_its_value(client_in, applicant, catalogue):
    ApplicantProfile.objects.filter(user=applicant).update(match_weights={"topic": 0.9, "method": 0.35})

    matches = client_in.get(MATCHES).content.decode()
    profile = client_in.get(ME).content.decode()

    assert '<output for="id_w_topic">90</output>' in matches and '<output for="id_w_method">35</output>' in matches
    assert '<output for="id_weight_topic">90</output>' in profile
    assert '<output for="id_weight_method">35</output>' in profile


def test_an_empty_catalogue_says_how_researchers_get_in_not_that_nothing_matches(client_in):
    body = client_in.get(MATCHES).content.decode()
    assert "no researchers in the catalogue yet" in body and "import_profiles" in body


def test_a_catalogue_without_a_match_asks_for_more_interests(client_in):
    researcher_with_papers([("Vision transformers", "Images.", date(2026, 1, 1))], name="Vera Vision")
    body = client_in.get(MATCHES).content.decode()
    assert "Nothing in the catalogue shares a term" in body


def test_a_researcher_hidden_in_the_admin_leaves_cached_matches_while_a_large_catalogue_rebuilds(
        catalogue, client_in, admin_client, settings):
    # A catalogue above the limit is never indexed in a request: after a change, /matches/
    # answers from the last index masked for what was hidden, while a worker rebuilds.
    settings.MATCH_INDEX_SYNC_MAX_PAPERS = 0
    olga, _, _ = catalogue
    assert "Olga Optimizer" in client_in.get(MATCHES).content.decode()  # now cached for everyone

    hid = admin_client.post(reverse("admin:profiles_researcher_changelist"),
                            {"action": "hide_selected", "_selected_action": [olga.pk]})
    assert hid.status_code == 302

    page = client_in.get(MATCHES)
    assert page.status_code == 200
    assert "Olga Optimizer" not in page.content.decode() and "Bruno Mixer" in page.content.decode()
