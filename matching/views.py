"""Best matches: every visible researcher ranked against the applicant's profile, filtered."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from applicants.selectors import applicant_profile_for
from applicants.weights import weights_clean
from config.fragments import Fragment, fragment_render, fragment_shared, holes_fill, page_number_shown
from profiles.selectors import researchers_visible

from .applicant import MatchFilters, is_preferred, matches_rank, preferred_institutions
from .forms import MatchFilterForm
from .selectors import saved_ids_for

PAGE_SIZE = 20


@login_required
@require_GET
def matches(request):
    profile = applicant_profile_for(request.user)
    saved = weights_clean(profile.match_weights if profile else {})
    data = request.GET.copy()
    for axis, value in saved.items():
        # Sliders left out of the request show (and keep) the saved weight, not the midpoint.
        data.setdefault(f"w_{axis}", str(round(100 * value)))
    form = MatchFilterForm(data, weights=saved)
    filters, overrides = MatchFilters(), {}
    valid = form.is_valid()
    if valid:
        data = form.cleaned_data
        filters = MatchFilters(topic=data["topic"], institution=data["institution"], active=data["active"],
                               shortlisted=data["shortlisted"], taking_students=data["taking_students"],
                               preferred=data["preferred"])
        overrides = form.weight_overrides()
    # The saved researchers decide the list only under the "on my shortlist" filter; otherwise
    # the save buttons read just the page's own (config/fragments.py).
    saved_ids = saved_ids_for(request.user) if filters.shortlisted else None
    ranking, ids = None, []
    if profile is not None:
        if overrides:
            profile.match_weights = {**saved, **overrides}
        ranking, ids = matches_rank(profile=profile, filters=filters, saved_ids=saved_ids or set())
    preferred = preferred_institutions(profile)
    # A page of the ranking is rendered once and shared through the cache under everything it
    # shows (config/fragments.py): the ranking, what was asked, the preferred institutions and,
    # for the "on my shortlist" filter, the saved researchers. The save buttons are holes.
    # What was asked is keyed as cleaned values (junk parameters or page numbers make no new
    # key); a request the form refuses shows what was typed, so it is rendered and not kept. The
    # first-run banner's flag is the page's, not the fragment's: left out of both the key and
    # the page links.
    if valid:
        query = _asked(form, request.GET, len(ids))
        form = MatchFilterForm(_with_saved_weights(query, saved), weights=saved)
        form.is_valid()  # the form the fragment shows is the cleaned one its key names
    else:
        query = request.GET.copy()
        query.pop("first_run", None)
    key = [ranking.fingerprint if ranking else None, sorted(query.lists()), preferred,
           sorted(saved_ids) if saved_ids is not None else None]

    def results_context() -> dict:
        return _results_context(query, form, ranking, ids, preferred)

    def fragment(name: str, parts: list, template_name: str, context) -> Fragment:
        if not valid:
            return fragment_render(template_name, context)
        return fragment_shared(name, parts, template_name, context)

    if request.htmx:
        results = fragment("matches-results", key, "matching/_matches_results.html", results_context)
        return HttpResponse(holes_fill(results, request, saved_ids=saved_ids))
    if ranking is None:  # nothing to rank against yet: the page asks for interests
        return render(request, "matching/matches.html", {"asked": False})
    # The whole page's content is one fragment (one cache read): the filters and weights show
    # what was asked and the saved weights, which the key holds already (``query``, the ranking).
    content = fragment(
        "matches-content", [*key, saved], "matching/_matches_content.html",
        lambda: {**results_context(), "has_preferred": bool(preferred)})
    return render(request, "matching/matches.html", {
        "asked": True, "content": holes_fill(content, request, saved_ids=saved_ids)})


def _asked(form: MatchFilterForm, raw, count: int) -> QueryDict:
    """The filters as cleaned values (what is off left out), the weights the address gave, and
    the page number shown."""
    asked = QueryDict(mutable=True)
    for name, value in form.cleaned_data.items():
        if name.startswith("w_"):
            if name in raw and value is not None:
                asked[name] = str(value)
        elif value:
            asked[name] = "on" if value is True else str(value)
    number = page_number_shown(raw.get("page"), lambda: count, PAGE_SIZE)
    if number > 1:
        asked["page"] = str(number)
    return asked


def _with_saved_weights(asked: QueryDict, saved: dict) -> QueryDict:
    data = asked.copy()
    for axis, value in saved.items():
        data.setdefault(f"w_{axis}", str(round(100 * value)))
    return data


def _results_context(query, form, ranking, ids, preferred) -> dict:
    page, rows = None, []
    if ranking is not None:
        page = Paginator(ids, PAGE_SIZE).get_page(query.get("page"))
        rows = _rows(ranking, page.object_list, preferred)
    return {"form": form, "ranking": ranking, "page": page, "rows": rows, "query": query,
            "total": len(ranking) if ranking else 0,
            # Read only when the page has nothing to show (a callable: the template calls it then).
            "catalogue_empty": lambda: not researchers_visible().exists()}


def _rows(ranking, researcher_ids, preferred):
    # Visible ones only: the index may be a few seconds behind a curator hiding someone.
    researchers = researchers_visible().only("id", "slug", "name", "affiliation").in_bulk(list(researcher_ids))
    rows = []
    for match in ranking.explain_many(list(researcher_ids)):
        if match.researcher_id in researchers:
            match.preferred_institution = is_preferred(match.affiliation, preferred)
            rows.append((researchers[match.researcher_id], match))
    return rows
