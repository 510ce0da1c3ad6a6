"""Best matches, the applicant profile (with its CV upload and private CV download)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.ratelimit import rate_limit

from ..cv import cv_max_bytes
from ..forms import ApplicantProfileForm, CvUploadForm, MatchFilterForm
from ..matching import MatchFilters, matches_rank, weights_clean
from ..matching.applicant import (
    applicant_cv_store,
    applicant_profile_get_or_create,
    applicant_profile_update,
    is_preferred,
    preferred_institutions,
    profile_for,
)
from ..selectors import researchers_visible
from ..uploads import refused_uploads, upload_size_limit

PAGE_SIZE = 20


@login_required
@require_GET
def matches(request):
    from shortlist.selectors import saved_researcher_ids

    profile = profile_for(request.user)
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
    saved_ids = saved_researcher_ids(user=request.user)
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
    template = "profiles/matches.html#results" if request.htmx else "profiles/matches.html"
    return render(request, template, context)


def _rows(ranking, researcher_ids, preferred):
    from ..selectors import researchers_visible

    # Visible ones only: the index may be a few seconds behind a curator hiding someone.
    researchers = researchers_visible().in_bulk(list(researcher_ids))
    rows = []
    for match in ranking.explain_many(list(researcher_ids)):
        if match.researcher_id in researchers:
            match.preferred_institution = is_preferred(match.affiliation, preferred)
            rows.append((researchers[match.researcher_id], match))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def applicant_profile(request):
    if request.method == "POST":
        profile = applicant_profile_get_or_create(user=request.user)
    else:
        # Looking at the page must not create anything: an unsaved, empty profile fills the form.
        from ..models import ApplicantProfile

        profile = profile_for(request.user) or ApplicantProfile(user=request.user)
    form = ApplicantProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ApplicantProfileForm.Meta.fields}
        applicant_profile_update(profile=profile, fields=fields, weights=form.weights())
        messages.success(request, "Profile saved. Your matches are ranked against it now.")
        return redirect("profiles:applicant_profile")
    return render(request, "profiles/applicant_profile.html",
                  {"form": form, "cv_form": CvUploadForm(), "profile": profile})


@upload_size_limit(cv_max_bytes)
@login_required
@require_POST
@rate_limit("cv-upload", setting="RATELIMIT_CV_UPLOAD")
def applicant_cv_upload(request):
    profile = applicant_profile_get_or_create(user=request.user)
    cv_form = CvUploadForm(request.POST, request.FILES, refused=refused_uploads(request, "cv"))
    if not cv_form.is_valid():
        return render(request, "profiles/applicant_profile.html",
                      {"form": ApplicantProfileForm(instance=profile), "cv_form": cv_form, "profile": profile},
                      status=400)
    upload = cv_form.cleaned_data["cv"]
    applicant_cv_store(profile=profile, filename=upload.name, data=cv_form.cleaned_data["data"],
                       text=cv_form.cleaned_data["text"])
    messages.success(request, f"Read {len(profile.cv_text):,} characters from “{profile.cv_filename}”. "
                     "Check the text below and correct anything the extraction got wrong.")
    return redirect("profiles:applicant_profile")


@login_required
@require_GET
def applicant_cv_download(request):
    """The signed-in user's own CV file; nobody else's is reachable from here."""
    profile = profile_for(request.user)
    if profile is None or not profile.cv_file:
        raise Http404("No CV uploaded.")
    try:
        fh = profile.cv_file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored CV file is missing; upload it again.") from None
    response = FileResponse(fh, as_attachment=True, filename=profile.cv_filename or "cv")
    response["Cache-Control"] = "private, no-store"
    return response
