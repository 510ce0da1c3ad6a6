"""User templates are untrusted: hostile ones fail with a clear message and a line number."""
import pytest

from outreach.sandbox import TemplateProblem, render_body, render_source, render_subject

CTX = {"x": "hi", "researcher": {"name": "Chidi Okafor"}, "papers": []}


def problem(source: str, ctx=CTX) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as info:
        render_source(source, ctx)
    return info.value


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    '{{ "{0.__class__}".format(x) }}',
    "{{ x.__len__ }}",
    "{{ self._TemplateReference__context }}",
])
def test_reaching_python_internals_is_refused(source):
    err = problem(source)
    assert "Not allowed" in err.message or "undefined" in err.message
    assert "Traceback" not in err.display()


def test_attr_filter_does_not_exist_in_the_sandbox():
    assert "No filter named 'attr'" in problem('{{ x|attr("__class__") }}').message


@pytest.mark.parametrize("name", ["slice", "format", "pprint", "xmlattr", "attr"])
def test_filters_that_could_escape_or_explode_are_not_available(name):
    assert f"No filter named '{name}'" in problem("{{ x|%s(10**8) }}" % name).message


def test_big_integers_are_refused():
    assert "larger than the limit" in problem("{% set ns = namespace(n=99999999) %}{% for i in range(20) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}").message
    assert "larger than the limit" in problem("{{ 9999999999999 ** 300 }}").message


@pytest.mark.parametrize("source", [
    "{% for i in range(10**9) %}a{% endfor %}",
    '{{ "a" * 10**9 }}',
    '{{ x.center(10**8) }}',
    '{{ "a"|center(10**8) }}',
    '{{ "%999999999s" % x }}',
    '{% set ns = namespace(a="xxxxxxxxxx") %}{% for i in range(40) %}{% set ns.a = ns.a ~ ns.a %}{% endfor %}{{ ns.a }}',
    "{% for i in range(1000) %}{% for j in range(1000) %}{{ x }}{% endfor %}{% endfor %}",
])
def test_templates_that_build_huge_output_fail_with_the_size_limit(source):
    assert "larger than the limit" in problem(source).message


def test_a_runaway_loop_is_stopped_at_the_time_limit(settings):
    settings.OUTREACH_RENDER_SECONDS = 0.2
    source = "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}{% endfor %}"
    assert "took longer than 0.2 s" in problem(source).message


def test_endless_recursion_fails_with_a_clear_message():
    assert "calls itself" in problem("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}").message


@pytest.mark.parametrize("source", ['{% include "/etc/passwd" %}', '{% import "x.html" as y %}', '{% extends "base.html" %}'])
def test_templates_cannot_read_files(source):
    assert "cannot include, import or extend" in problem(source).message


def test_unknown_field_names_the_line():
    err = problem("Dear someone,\n\n{{ researcher.email }}")
    assert err.line == 3
    assert "has no attribute 'email'" in err.message
    assert "line 3" in err.display()


def test_syntax_error_names_the_line():
    err = problem("ok\n{% if x %}\nno end")
    # The line of the condition left open, and what to add: Jinja itself names only the last line.
    assert err.line == 2 and "never closed: add {% endif %}" in err.message
    err = problem("ok\n{{ x }\n")
    assert err.line == 2 and "Syntax error" in err.message


def test_subject_with_a_line_break_is_rejected_so_no_header_can_be_added():
    with pytest.raises(TemplateProblem) as info:
        render_subject("Hello {{ x }}\nBcc: victim@example.com", CTX)
    assert "single line" in info.value.message


def test_subject_cannot_smuggle_a_newline_through_the_data():
    with pytest.raises(TemplateProblem):
        render_subject("Hello {{ x }}", {"x": "a\r\nBcc: victim@example.com"})


def test_body_is_plain_text_not_html_escaped():
    assert render_body('{{ x }} & <b>', {"x": "R&D <lab>"}) == "R&D <lab> & <b>\n"


def test_quote_filter_prefixes_each_line():
    assert render_source("{{ t|quote }}", {"t": "one\n\ntwo"}) == "> one\n>\n> two"
