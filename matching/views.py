"""Best matches: every visible researcher ranked against the applicant's profile, filtered."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from applicants.selectors import applicant_profile_for
from applicants.weights import weights_clean
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
    if form.is_valid():
        data = form.cleaned_data
        filters = MatchFilters(topic=data["topic"], institution=data["institution"], active=data["active"],
                               shortlisted=data["shortlisted"], taking_students=data["taking_students"],
                               preferred=data["preferred"])
        overrides = form.weight_overrides()
    saved_ids = saved_ids_for(request.user)
    ranking, ids, page, rows = None, [], None, []
    if profile is not None:
        if overrides:
            profile.match_weights = {**saved, **overrides}
        ranking, ids = matches_rank(profile=profile, filters=filters, saved_ids=saved_ids)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _rows(ranking, page.object_list, preferred_institutions(profile))
    context = {"form": form, "profile": profile, "ranking": ranking, "page": page, "rows": rows,
               "asked": ranking is not None,
               "saved_ids": saved_ids, "total": len(ranking) if ranking else 0,
               "catalogue_empty": not researchers_visible().exists()}
    template = "matching/matches.html#results" if request.htmx else "matching/matches.html"
    return render(request, template, context)


def _rows(ranking, researcher_ids, preferred):
    # Visible ones only: the index may be a few seconds behind a curator hiding someone.
    researchers = researchers_visible().in_bulk(list(researcher_ids))
    rows = []
    for match in ranking.explain_many(list(researcher_ids)):
        if match.researcher_id in researchers:
            match.preferred_institution = is_preferred(match.affiliation, preferred)
            rows.append((researchers[match.researcher_id], match))
    return rows
