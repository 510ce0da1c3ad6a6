"""The faculty directory (search as you type) and researcher pages."""
from __future__ import annotations

import re

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from config.fragments import (
    Fragment,
    Role,
    fragment_render,
    fragment_shared,
    holes_fill,
    page_number_shown,
)

from ..freshness import researcher_freshness
from ..models import Researcher
from ..selectors import (
    SORTS,
    ResearcherHidden,
    ResearcherMoved,
    catalogue_version_name,
    directory_filters,
    directory_researchers_by_ids,
    directory_result_ids,
    freshness_reference_date,
    matching_paper_per_researcher,
    researcher_for_page,
    researcher_page,
)

PAGE_SIZE = 25


class DirectorySearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, strip=True)
    institution = forms.CharField(required=False, max_length=300)
    topic = forms.CharField(required=False, max_length=300)
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))

    def clean_sort(self):
        return self.cleaned_data["sort"] or "name"


@require_GET
def directory(request):
    # The page's two costly parts, the search form (its institution and topic lists grow with
    # the catalogue) and the 25 rows, are shared by every user through the cache per catalogue
    # version (config/fragments.py): the template engine, not the database, was most of a
    # page's cost. Only the save buttons are the user's, filled in on each request.
    version = catalogue_version_name()  # one read names the fragment and the cached ids
    # What the visitor asked, cleaned: it names the fragment, so two addresses that show the same
    # page share one key, and junk (page=abc, spaces, parameters nobody reads) makes none. A
    # search the form refuses shows what was typed: rendered for this request, never kept.
    form, params = _search(request.GET)
    asked = _asked(params, request.GET, version) if form.is_valid() else None
    data = request.GET if asked is None else asked

    def fragment(name: str, template_name: str, context) -> Fragment:
        if asked is None:
            return fragment_render(template_name, context)
        return fragment_shared(name, [version, sorted(asked.items())], template_name, context)

    if request.htmx and not request.htmx.history_restore_request:
        results = fragment("directory-results", "profiles/_directory_results.html",
                           lambda: _results_context(data, version))
        response = HttpResponse(holes_fill(results, request))
    else:  # form and rows as one fragment: one cache read
        content = fragment("directory-content", "profiles/_directory_content.html",
                           lambda: _content_context(data, version))
        response = render(request, "profiles/directory.html", {"content": holes_fill(content, request)})
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


SEARCH_FIELDS = ("q", "institution", "topic", "sort", "page")


def _asked(params: dict, raw: QueryDict, version: str) -> QueryDict:
    """The search as cleaned values (empty ones left out; the sort when one was chosen, as the
    page links keep it), and the page number it shows."""
    asked = QueryDict(mutable=True)
    for key in ("q", "institution", "topic"):
        if params[key]:
            asked[key] = params[key]
    if raw.get("sort"):
        asked["sort"] = params["sort"]
    number = page_number_shown(raw.get("page"), lambda: len(directory_result_ids(**params, version=version)),
                               PAGE_SIZE)
    if number > 1:
        asked["page"] = str(number)
    return asked


def _search(data) -> tuple[DirectorySearchForm, dict]:
    form = DirectorySearchForm(data)
    # A bad parameter (an unknown sort, a search too long) is shown next to its field and the
    # rest of the search still applies.
    params = {"q": "", "institution": "", "topic": "", "sort": "name"}
    if form.is_valid():
        params.update(form.cleaned_data)
    else:
        params.update({k: v for k, v in form.cleaned_data.items() if k in params})
    return form, params


def _content_context(data, version: str) -> dict:
    search = _search(data)  # the form and the rows show the same search
    return {**_form_context(data, version, search), **_results_context(data, version, search)}


def _results_context(data, version: str, search=None) -> dict:
    form, params = search or _search(data)
    # The search's ids come from the shared cache (per catalogue version); only the page's 25
    # researchers are read.
    page = Paginator(directory_result_ids(**params, version=version), PAGE_SIZE).get_page(data.get("page"))
    page.object_list = directory_researchers_by_ids(list(page.object_list))
    reference = freshness_reference_date(version=version)
    rows = [(r, researcher_freshness(r, r.captures_for_freshness, today=reference)) for r in page.object_list]
    # The paper that made each researcher match the search, shown under their name.
    matched_papers = (matching_paper_per_researcher(params["q"], [r.pk for r in page.object_list])
                      if params["q"] else {})
    for researcher, _ in rows:
        researcher.matched_paper = matched_papers.get(researcher.pk)
    # The page links keep what was asked (the fragment's key), nothing else the address had.
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if key in SEARCH_FIELDS:
            query[key] = value
    return {"form": form, "params": params, "page": page, "rows": rows, "query": query}


def _form_context(data, version: str, search=None) -> dict:
    form, params = search or _search(data)
    institutions, topics = directory_filters(version=version)
    # Copies: the lists below may gain an option, and the cached ones are shared.
    institutions, topics = list(institutions), list(topics)
    # A filter from an old link keeps showing as chosen even when nobody matches it now.
    if params["institution"] and params["institution"] not in institutions:
        institutions.append(params["institution"])
    if params["topic"] and params["topic"] not in {topic for topic, _ in topics}:
        topics.append((params["topic"], 0))
    return {"form": form, "params": params, "sorts": SORTS, "institutions": institutions, "topics": topics}


WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def _source_parts(value: str) -> tuple[str | None, str]:
    """A curator's source as (web address or None, the note around it): "https://x.edu/join
    — said at the open day" is a link and a note, not one long link. Only http(s) addresses
    become links (never javascript: etc.)."""
    value = (value or "").strip()
    found = WEB_ADDRESS.search(value)
    if found is None:
        return None, value
    link = found.group(0).rstrip(".,;:)")
    note = (value[: found.start()] + " " + value[found.start() + len(link):]).strip(" \t—–-:;,()")
    return link, " ".join(note.split())


@require_GET
def researcher_detail(request, slug):
    try:
        researcher = researcher_for_page(slug=slug, include_hidden=request.user.is_staff,
                                         viewer_id=request.user.pk if request.user.is_authenticated else None)
    except ResearcherMoved as moved:
        return redirect(moved.survivor, permanent=True)
    except ResearcherHidden as hidden:
        # Not found for the catalogue, but the applicant may have saved them before: say why the
        # page is gone and what of theirs is still here (the shortlist and outreach fill that in).
        return render(request, "profiles/researcher_hidden.html", {"researcher": hidden.researcher}, status=404)
    except Researcher.DoesNotExist:
        raise Http404("No researcher with that address.") from None
    # Shared through the cache per researcher, catalogue version and role (config/fragments.py);
    # the save button and "why this match" are the user's, filled in on each request.
    version = catalogue_version_name()
    role = Role.of(request.user)
    body = fragment_shared("researcher-page", [researcher.pk, version, role], "profiles/_researcher_body.html",
                           lambda: _researcher_context(researcher, role, version))
    return render(request, "profiles/researcher_detail.html", {"researcher": researcher,
                                                               "body": holes_fill(body, request)})


def _researcher_context(researcher: Researcher, role: Role, version: str) -> dict:
    page = researcher_page(researcher=researcher, version=version)
    return {
        "researcher": researcher,
        "page": page,
        "freshness": page.freshness,
        "contact_source": _source_parts(researcher.contact_instructions_source),
        "user": role,
    }
