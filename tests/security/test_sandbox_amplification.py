"""Hostile user templates beyond tests/outreach/test_sandbox.py: values that multiply when
printed, joined or nested, and Jinja2 features that join output unchecked. Each must fail with a
clear message instead of building hundreds of megabytes or escaping the sandbox."""
import pytest

from outreach.sandbox import TemplateProblem, render_source

CONTEXT = {"x": "hello world", "papers": [{"title": "Sparse Attention"}, {"title": "Graph Coloring"}]}


def problem(source: str) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as info:
        render_source(source, CONTEXT)
    return info.value


@pytest.mark.parametrize("source", [
    # nested references print their content once per reference
    '{% set a = [1]*2000 %}{% set b = [a,a,a,a,a,a,a,a,a,a] %}{% set c = [b,b,b,b,b,b,b,b,b,b] %}{{ c ~ "" }}',
    '{% set a = ["x"*2000]*10 %}{{ (a*1000)|length }}',
    # a separator repeated once per item
    '{% set a = ["x"]*20000 %}{{ a|join("y"*20000)|length }}',
    '{{ (["a"]*20000)|map("center", 20000)|join|length }}',
    '{{ "a b c d"|wordwrap(1, wrapstring="y"*15000) }}',
    '{{ [1]|batch(1000000000, "x")|list|length }}',
    # macros and block sets join their output before the final size check sees it
    '{% macro m() %}{{ "x"*10000 }}{{ "x"*10000 }}{% endmacro %}'
    '{% macro m2() %}{{ m() }}{{ m() }}{{ m() }}{{ m() }}{% endmacro %}{% set r = m2() %}{{ r|length }}',
    '{% set t %}{{ "x"*15000 }}{{ "x"*15000 }}{% endset %}{{ t|length }}',
    # widths given as arguments, bytes, and methods that grow their input
    '{{ "%*s" % (100000000, "a") }}',
    '{{ "%(a)99999s" % {"a": 1} }}',
    '{{ "x".encode() * 1000000000 }}',
    '{{ "x".encode().center(1000000000) }}',
    '{{ (1).to_bytes(1000000000, "big")|length }}',
    '{{ ("x"*5000).translate({120: "y"*20000})|length }}',
])
def test_values_that_multiply_fail_with_the_size_limit(source):
    assert "larger than the limit" in problem(source).message


def test_sum_of_lists_is_refused_it_copies_quadratically():
    assert "sum filter adds numbers only" in problem("{% set a = [[1]*2000]*50 %}{{ a|sum(start=[])|length }}").message


@pytest.mark.parametrize("source", [
    "{% set ns = namespace(a=1) %}{% set l = [ns]*1000 %}{{ l|length }}",
    "{% set ns = namespace(a=1) %}{% set ns.b = ns %}{{ ns }}",
])
def test_a_namespace_cannot_be_nested_where_it_could_grow_later(source):
    assert "namespace cannot be put inside" in problem(source).message


def test_blocks_are_refused_because_self_block_joins_unchecked():
    found = problem("{% block b %}hi{% endblock %}{{ self.b() }}")
    assert "blocks are not available" in found.message and found.line == 1


@pytest.mark.parametrize("source", [
    "{{ namespace.__init__ }}",
    "{% for p in papers %}{{ loop.cycle.__self__ }}{% endfor %}",
    "{% for p in papers %}{{ loop.__class__ }}{% endfor %}",
    "{{ range.__globals__ }}",
    "{{ dict.__init__ }}",
])
def test_reaching_python_internals_through_globals_and_loop_is_refused(source):
    assert "Not allowed in templates" in problem(source).message


@pytest.mark.parametrize("source", ["{{ lipsum() }}", "{{ joiner() }}", "{{ cycler(1, 2) }}"])
def test_generators_of_text_are_not_available(source):
    assert "is undefined" in problem(source).message


def test_attribute_lookups_in_filters_do_not_reach_internals():
    assert "Not allowed in templates" in problem('{{ papers|sort(attribute="__class__")|length }}').message
    assert "Undefined" in render_source('{{ papers|map(attribute="__class__")|list }}', CONTEXT)


def test_ordinary_templates_still_work():
    source = (
        '{% set ns = namespace(titles=[]) %}{% for p in papers %}{% set ns.titles = ns.titles + [p.title] %}{% endfor %}'
        '{{ ns.titles|join(", ") }} | {{ papers|map(attribute="title")|join("; ") }} | {{ [3, 1, 2]|sort|join }}'
        ' | {{ [1, 2, 3]|sum }} | {% for p in papers %}{{ loop.cycle("a", "b") }}{% endfor %}'
        ' | {% filter upper %}{{ x }}{% endfilter %} | {% set t %}{{ x }}{% endset %}{{ t }}'
        ' | {% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}{{ x }}{% endcall %}'
        ' | {{ x|wordwrap(72) }} | {{ papers|map(attribute="title")|first }}'
    )
    assert render_source(source, CONTEXT) == (
        "Sparse Attention, Graph Coloring | Sparse Attention; Graph Coloring | 123 | 6 | ab"
        " | HELLO WORLD | hello world | [hello world] | hello world | Sparse Attention"
    )


@pytest.mark.parametrize("separator", ["\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x00"])
@pytest.mark.parametrize("through", ["template", "data"])
def test_a_subject_cannot_carry_any_line_separator(separator, through):
    from outreach.sandbox import render_subject

    source = f"Hello{separator}Bcc: all@example.com" if through == "template" else "Hello{{ x }}"
    with pytest.raises(TemplateProblem) as info:
        render_subject(source, {"x": f"{separator}Bcc: all@example.com"})
    assert "single line" in info.value.message
