"""The plain template editor: parts with [Field] chips become the Jinja template drafts render,
and read back from it; a Jinja mistake is said in words, with where it is."""
import pytest
from django.urls import reverse
from hypothesis import given, settings as hsettings, strategies as st

from outreach.models import EmailTemplate
from outreach.plain_templates import (
    PART_KEYS,
    PlainTemplateError,
    default_parts,
    jinja_to_plain,
    plain_to_jinja,
)
from outreach.sandbox import TemplateProblem, compile_template
from outreach.services import default_template, draft_create
from tests.factories.outreach import entry_for

PART_TEXT = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12) | st.sampled_from(
    ["[Your name]", "[Paper title]", "{", "}", "{{", "%}", "{#", "\n", " "]), max_size=10).map("".join)


@hsettings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({key: PART_TEXT for key in PART_KEYS}))
def test_parts_written_in_the_plain_editor_read_back_the_same(parts):
    try:
        source = plain_to_jinja(parts)
    except PlainTemplateError:
        return  # a bracketed word that is no field: refused, said so (tested below)
    compile_template(source, part="body")  # always a template that compiles
    back = jinja_to_plain(source)
    assert back == {key: (parts[key] or "").strip() for key in PART_KEYS}


def test_a_bracketed_word_that_is_no_field_is_refused_by_name():
    with pytest.raises(PlainTemplateError, match=r"Introduction: \[Thier name\] is not a field"):
        plain_to_jinja({**default_parts(), "introduction": "Hello [Thier name]"})


def test_a_hand_written_jinja_template_opens_in_the_jinja_view_only():
    assert jinja_to_plain(default_template("first_contact").body) is None
    edited = plain_to_jinja(default_parts()).replace("{# part: ask #}", "{# part: ask #}{% for p in papers %}x{% endfor %}")
    assert jinja_to_plain(edited) is None


@pytest.mark.parametrize("source, says, line", [
    ("Dear {{ researcher.salutation }},\n{% if hook %}\n{{ hook }}\n\nBest,\nAda", "opened on line 2 is never closed: add {% endif %}", 2),
    ("Hi\n{{ hook }}\n{% endif %}\n", "{% endif %} on line 3 closes nothing", 3),
    ("{% for p in papers %}\n{% if p %}{{ p.title }}\n{% endfor %}", "the innermost open one is the {% if %} condition from line 2", 3),
])
def test_a_block_left_open_or_closed_twice_is_said_in_words_with_its_line(source, says, line):
    with pytest.raises(TemplateProblem) as caught:
        compile_template(source, part="body")
    assert says in caught.value.message and caught.value.line == line


@pytest.mark.django_db
def test_a_plain_template_saved_from_the_page_drafts_with_the_hook_and_the_paper(client, applicant, researcher):
    client.force_login(applicant)
    page = client.get(reverse("outreach:template_new")).content.decode()
    assert 'name="part_greeting"' in page and "[Greeting name]" in page and 'name="body_source"' not in page
    parts = {f"part_{key}": value for key, value in default_parts().items()}
    parts["part_introduction"] = "I study sparse attention at [Their institution]'s rival, {literally}."
    response = client.post(reverse("outreach:template_new"), {
        "mode": "plain", "name": "Plain and mine", "subject_plain": "About [Paper short name]", **parts})
    assert response.status_code == 302
    tpl = EmailTemplate.objects.get(name="Plain and mine")
    assert "{{ researcher.institution }}" in tpl.body_source and "{# part: hook #}" in tpl.body_source
    entry = entry_for(applicant, researcher, personal_hook="Your sparse attention paper changed my plans.")
    body = draft_create(user=applicant, researcher=researcher, entry=entry, template_key=f"user:{tpl.pk}").versions.get().body
    assert body.startswith("Dear Professor Okafor,")
    assert "{literally}" in body and "Your sparse attention paper changed my plans." in body
    assert 'Your paper "' in body
    reopened = client.get(reverse("outreach:template_edit", args=[tpl.pk])).content.decode()
    assert 'name="part_introduction"' in reopened and "[Their institution]" in reopened


@pytest.mark.django_db
def test_a_plain_template_with_an_unknown_chip_is_not_saved_and_says_which(client, applicant):
    client.force_login(applicant)
    parts = {f"part_{key}": value for key, value in default_parts().items()}
    response = client.post(reverse("outreach:template_new"), {
        "mode": "plain", "name": "Oops", "subject_plain": "Hi [Their nmae]", **parts})
    assert response.status_code == 200 and "[Their nmae] is not a field" in response.content.decode()
    assert not EmailTemplate.objects.exists()


@pytest.mark.django_db
def test_the_jinja_view_shows_line_numbers(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("outreach:template_new") + "?from=first_contact").content.decode()
    assert 'class="line-gutter"' in page and "data-line-numbers" in page
