"""``str.format`` and ``format_map`` are refused in every form a template can reach them (audit
finding M3): ``'{0:>800000000}'.format(1)`` built 800 MB in a preview before the size check ran,
because Jinja's wrapper of ``str.format`` has no ``__self__`` for the sandbox's refusal to see.
Imported templates reach bulk renders in the worker, so the refusal is the sandbox's own."""
import tracemalloc

import pytest

from outreach.sandbox import TemplateProblem, render_source

CONTEXT = {"x": "hello", "fmt": "{0:>40000000}", "papers": [{"title": "{0:>40000000}"}]}


def problem(source: str) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as info:
        render_source(source, CONTEXT)
    return info.value


@pytest.mark.parametrize("source", [
    "{{ '{0:>5}'.format(1) }}",
    "{{ '{a}'.format_map({'a': 1}) }}",
    "{{ x.format() }}",
    "{{ fmt.format(1) }}",
    "{{ ''.format }}",
    "{% set f = '{0:>5}'.format %}{{ f(1) }}",
    "{{ '{0:>5}'['format'](1) }}",
    "{{ ('{0:>5}'|string).format(1) }}",
    "{{ (papers|map(attribute='title')|first).format(1) }}",
    "{{ papers|map(attribute='title.format')|list }}",
    "{{ [fmt]|map(attribute='format')|list }}",
    "{{ dict(f=fmt.format).f(1) }}",
    "{{ x|attr('format') }}",
    "{{ '%s'|format(1) }}",
    "{{ fmt.format_map }}",
    "{{ 'x'.encode().decode().format(1) }}",
])
def test_format_is_refused_in_every_form(source):
    found = problem(source)
    assert ("str.format is not available" in found.message or "No filter named" in found.message), found.message
    assert "Traceback" not in found.display()


def test_a_huge_format_width_builds_nothing_before_it_is_refused():
    # Before: the 40 MB string was made, then found too long. Now nothing is built.
    tracemalloc.start()
    try:
        with pytest.raises(TemplateProblem):
            render_source("{{ fmt.format(1) }}", CONTEXT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, f"{peak:,} bytes allocated"


def test_a_mapping_value_named_again_and_again_builds_nothing_before_it_is_refused():
    # Each "%(a)s" prints the value again: 4,000 uses of 20,000 characters was 80 MB.
    tracemalloc.start()
    try:
        found = problem('{% set v = "x" * 20000 %}{{ (("%(a)s" * 4000) % {"a": v})|length }}')
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "larger than the limit" in found.message
    assert peak < 5_000_000, f"{peak:,} bytes allocated"


@pytest.mark.parametrize("source", [
    '{{ "%99999s" % x }}', '{{ "%.99999f" % 1.5 }}', '{{ "%(a)*s" % {"a": 1} }}', '{{ "%-099999d" % 1 }}',
    '{{ ("%" ~ "9999" ~ "s") % x }}',
])
def test_percent_widths_stay_bounded(source):
    assert "larger than the limit" in problem(source).message


def test_ordinary_percent_formatting_and_printing_still_work():
    assert render_source('{{ "%-6s|%3d|%.2f" % (x, 7, 1.5) }}', CONTEXT) == "hello |  7|1.50"
    assert render_source('{{ "%(a)s and %(a)s" % {"a": x} }}', CONTEXT) == "hello and hello"
    assert render_source("{{ fmt }}", CONTEXT) == "{0:>40000000}"
