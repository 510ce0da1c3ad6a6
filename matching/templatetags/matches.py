"""The "why this match" markup of one match, as HTML built in Python: a page of Best matches
shows twenty, each with its axes, reasons and terms, and through the template engine they were
most of the page's cost on a cache miss (~1.5 ms a match at 10,000 researchers). The same
markup as the template it replaced; every value goes through ``escape_text``."""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from html import escape as escape_text  # plain str: no lazy-string wrapper per value

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

from config.fragments import hole
from profiles.dates import date_text, paper_date_text

register = template.Library()

_HUNDREDTHS = Decimal("0.01")
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the URL's <slug:> takes as it is
_TRAJECTORY = {"toward": "newer work moves toward your interests",
               "away": "newer work moves away from your interests"}


def hundredths(value) -> str:
    """``value`` as ``|floatformat:2`` shows it: half up on the decimal the float prints as,
    and no "-0.00"."""
    try:
        rounded = Decimal(repr(float(value))).quantize(_HUNDREDTHS, ROUND_HALF_UP)
    except (TypeError, ValueError, InvalidOperation):
        return ""
    return str(rounded.copy_abs() if not rounded else rounded)


def _plural(count) -> str:
    return "" if count == 1 else "s"


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=8)
def _url_around_slug(script_prefix: str) -> tuple[str, str]:
    """A researcher page's address before and after its slug: reversed once, not per reason."""
    head, tail = reverse("profiles:researcher_detail", args=["__slug__"]).split("__slug__")
    return head, tail


def _researcher_url(slug: str) -> str:
    if _PLAIN_SLUG.fullmatch(slug or ""):
        head, tail = _url_around_slug(get_script_prefix())
        return head + slug + tail
    return reverse("profiles:researcher_detail", args=[slug])


def _axis(match, name: str) -> str:
    value = match.axes[name]
    return f'<meter min="0" max="1" value="{escape_text(str(value))}"></meter> {hundredths(value)}'


def _trajectory(match) -> str:
    history = escape_text(str(match.history))
    if match.no_paper or match.trajectory_direction == "unknown":
        why = ("no paper of theirs matches" if match.no_paper else
               f"the catalogue has {history} of theirs: too little to compare older work with newer")
        return f'<span class="muted">unknown</span> <span class="muted small">({why})</span>'
    return (f'{_axis(match, "trajectory")} · {_TRAJECTORY.get(match.trajectory_direction, "steady")} '
            f'<span class="muted small">(newer half against older half of {history})</span>')


def _taking(match) -> str:
    taking = escape_text(str(match.taking_students))
    out = f'<p class="taking">Taking students: <strong class="taking-{taking}">{_capfirst(taking)}</strong>'
    source, note, on = match.taking_students_source, match.taking_students_note, match.taking_students_on
    if source or note or on:
        if source:
            said = f'<a href="{escape_text(source)}" rel="noopener noreferrer nofollow">{escape_text(source)}</a>'
            if note:
                said += f" ({escape_text(note)})"
        else:
            said = escape_text(note) if note else "not recorded"
        if on:
            said += ", " + date_text(on, "j M Y")
        out += f' <span class="muted small">(source: {said})</span>'
    return out + "</p>"


def _reasons(match) -> str:
    if not match.reasons:
        return ""
    page = escape_text(_researcher_url(match.slug))
    items = []
    for reason in match.reasons:
        snippet = (f'<blockquote class="snippet">{escape_text(reason.snippet)}</blockquote>'
                   if reason.snippet else "")
        when = escape_text(paper_date_text(reason.date, reason.date_precision))
        items.append(f'<li><a class="paper-title" href="{page}#paper-{escape_text(str(reason.paper_id))}">'
                     f'{escape_text(reason.title)}</a> <span class="muted small">{when}</span>\n{snippet}</li>\n')
    return '<ol class="reasons">\n' + "".join(items) + "</ol>\n"


def _activity(match) -> str:
    newest = date_text(match.newest_paper_on, "M Y") if match.newest_paper_on else "none dated"
    out = (f'<p class="activity small">Papers in the last 12 months: <strong>{match.papers_12m}</strong> · '
           f"last 36 months: <strong>{match.papers_36m}</strong> · newest: {newest}\n")
    if match.newest_paper_old:
        out += '<span class="flag">newest paper is old</span>\n'
    if match.capture_stale:
        when = f" ({date_text(match.captured_on, 'j M Y')})" if match.captured_on else ""
        out += f'<span class="flag">capture is stale{when}</span>'
    return out + "</p>"


@register.simple_tag
def match_detail(match) -> SafeString:
    """{% match_detail match %}: one match's fit and score, axes, taking students, reasons,
    shared terms and activity (the matches list and a researcher's "why this match")."""
    fit, meaning = escape_text(str(match.fit)), escape_text(str(match.fit_meaning))
    papers = f"{match.paper_count} paper{_plural(match.paper_count)}"
    if match.no_paper:
        behind = ('<span class="flag bad">No paper behind this score</span> <span class="muted small">— only the '
                  f"profile's topics/about match; none of their {match.paper_count} listed "
                  f"paper{_plural(match.paper_count)} does.</span>")
    else:
        behind = f'<span class="muted small">{match.matching_papers} of {papers} share terms with your profile</span>'
    terms = ""
    if match.terms:
        terms = ('<p class="terms">Shared terms: '
                 + "".join(f'<span class="tag">{escape_text(str(t))}</span>' for t in match.terms) + "</p>\n")
    return mark_safe(
        '<div class="match-detail">\n'
        f'<p class="match-score"><span class="fit fit-{fit}" title="{meaning}">{_capfirst(fit)} fit</span> '
        f'<span class="muted small">{meaning}</span> · <strong>Score {hundredths(match.score)}</strong> '
        '<span class="muted small">(how squarely their work meets yours, 0–1, the same scale for every query)</span>\n'
        f"{behind}\n</p>\n"
        '<dl class="axes">\n'
        f'<div><dt>Topic fit</dt><dd>{_axis(match, "topic")}</dd></div>\n'
        f'<div><dt>Method fit</dt><dd>{_axis(match, "method")}</dd></div>\n'
        f"<div><dt>Trajectory</dt><dd>{_trajectory(match)}</dd></div>\n"
        f'<div><dt>Certainty</dt><dd>{_axis(match, "certainty")}</dd></div>\n'
        "</dl>\n"
        f"{_taking(match)}\n{_reasons(match)}{terms}{_activity(match)}\n"
        "</div>\n"
    )


@register.simple_tag
def match_rows(rows) -> SafeString:
    """{% match_rows rows %}: a page of Best matches, (researcher, match) pairs; in a shared
    fragment (config/fragments.py), each save button a hole."""
    out = []
    for researcher, match in rows:
        preferred = ('<span class="tag">one of your preferred institutions</span>\n'
                     if match.preferred_institution else "")
        out.append(
            f'<article class="match-row" id="match-{researcher.pk}">\n'
            f'<header><span class="rank">#{match.rank + 1}</span>\n'
            f'<a class="researcher-name" href="{escape_text(_researcher_url(researcher.slug))}">'
            f"{escape_text(researcher.name)}</a>\n"
            f'<span class="muted">{escape_text(researcher.affiliation)}</span>\n'
            f'{preferred}{hole("save_button", researcher.pk)}\n'
            "</header>\n"
            f"{match_detail(match)}"
            "</article>\n")
    return mark_safe("".join(out))


FORMS_KEPT = 256
_forms: OrderedDict[tuple, str] = OrderedDict()
_forms_lock = threading.Lock()


@register.simple_tag
def matches_form(form, has_preferred) -> SafeString:
    """{% matches_form form has_preferred %}: the filters and weights (matching/_matches_form.html),
    rendered once per process for each set of values. Their widgets went through Django's form
    renderer, ~2 ms of every /matches/ miss, and most applicants ask with the same values. The
    markup is all the form's (no CSRF token, no hole): its values, the weights it was made with,
    whether it offers "preferred" and the site's address prefix say all of it."""
    data = form.data
    values = data.lists() if hasattr(data, "lists") else ((k, [v]) for k, v in data.items())
    key = (get_script_prefix(), bool(has_preferred), tuple(sorted((k, tuple(v)) for k, v in values)),
           tuple((name, field.initial) for name, field in form.fields.items()))
    with _forms_lock:
        html = _forms.get(key)
        if html is not None:
            _forms.move_to_end(key)
            return mark_safe(html)
    html = render_to_string("matching/_matches_form.html", {"form": form, "has_preferred": has_preferred})
    with _forms_lock:
        _forms[key] = html
        while len(_forms) > FORMS_KEPT:
            _forms.popitem(last=False)
    return mark_safe(html)
