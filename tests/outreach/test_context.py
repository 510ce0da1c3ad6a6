"""The template context is plain data about this applicant and this researcher only."""
import datetime as dt

from outreach.services import default_template, draft_render
from tests.factories.outreach import UserFactory


def _plain(value):
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def test_context_holds_only_plain_data(applicant, researcher):
    r = draft_render(user=applicant, researcher=researcher, template=default_template("first_contact"),
                     today=dt.date(2026, 11, 23))
    assert _plain(r.context)
    assert r.context["applicant"]["name"] == "Ada Lovelace"
    assert r.context["researcher"]["salutation"] == "Professor Okafor"
    assert r.context["researcher"]["institution"] == "Northfield University"


def test_chosen_papers_match_the_profile_and_show_why(applicant, researcher):
    r = draft_render(user=applicant, researcher=researcher, template=default_template("first_contact"),
                     today=dt.date(2026, 11, 23))
    titles = [p.title for p in r.papers]
    assert set(titles) == {"Sparse Attention for Long Context Transformers", "Retrieval Augmented Generation at Scale"}
    reasons = {p.title: p.reason for p in r.papers}
    assert reasons["Sparse Attention for Long Context Transformers"].startswith("shares: sparse attention")
    assert "retrieval" in reasons["Retrieval Augmented Generation at Scale"]
    assert all(t in r.body for t in titles)


def test_a_user_without_a_profile_still_gets_a_draft_with_the_most_recent_papers(researcher):
    user = UserFactory(username="newcomer")
    r = draft_render(user=user, researcher=researcher, template=default_template("first_contact"),
                     today=dt.date(2026, 11, 23))
    assert r.papers[0].title == "A Study of Graph Coloring Heuristics"
    assert r.papers[0].reason.startswith("most recent")
    assert any("Your own name is missing" in f.message for f in r.flags)


def test_a_template_cannot_reach_another_users_profile(applicant, researcher):
    other = UserFactory(username="other")
    from tests.factories.outreach import ProfileFactory

    ProfileFactory(user=UserFactory(username="victim"), full_name="Secret Person", background="TOPSECRET")
    source = default_template("first_contact")
    from outreach.services import TemplateSource

    for probe in ["{{ applicant }}", "{{ researcher }}", "{{ papers }}"]:
        tpl = TemplateSource("t", "t", "Hi", f"Dear Professor Okafor,\n{probe}\nAda Lovelace")
        body = draft_render(user=other, researcher=researcher, template=tpl).body
        assert "TOPSECRET" not in body and "Secret Person" not in body
    assert source  # the defaults render from files the app names, never from user input


def test_the_default_draft_mentions_an_attached_cv_only_when_there_is_a_file_to_attach(applicant, researcher):
    from applicants.models import ApplicantProfile

    template = default_template("first_contact")
    ApplicantProfile.objects.filter(user=applicant).update(cv_text="", cv_file="")
    without = draft_render(user=applicant, researcher=researcher, template=template, today=dt.date(2026, 11, 23))
    # Typed-in CV text is not a file: nothing could be attached, so the draft must not say so.
    ApplicantProfile.objects.filter(user=applicant).update(cv_text="PhD applicant; MSc thesis on sparse attention.")
    text_only = draft_render(user=applicant, researcher=researcher, template=template, today=dt.date(2026, 11, 23))
    ApplicantProfile.objects.filter(user=applicant).update(cv_file="cv/2026/11/ada.pdf")
    with_cv = draft_render(user=applicant, researcher=researcher, template=template, today=dt.date(2026, 11, 23))

    assert "attached my CV" not in without.body and "happy to send my CV" in without.body
    assert "attached my CV" not in text_only.body
    assert "I have attached my CV" in with_cv.body
    assert "cv_missing" not in [f.kind for f in with_cv.flags]
