"""The applicant's own pages: sign-up, the profile the match ranks against, and the CV
(uploaded privately and downloadable by its owner only). Log-in and log-out are Django's own
views, routed under /accounts/."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.ratelimit import rate_limit
from config.uploads import refused_uploads, upload_size_limit

from .cv import cv_max_bytes
from .forms import ApplicantProfileForm, CvUploadForm, SignupForm
from .models import ApplicantProfile
from .selectors import applicant_profile_for
from .weights import AXES, weights_clean
from .services import (
    applicant_cv_store,
    applicant_profile_get_or_create,
    applicant_profile_update,
)


FIRST_RUN = "first_run"


def _first_run(url: str) -> str:
    return f"{url}?{FIRST_RUN}=1"


def _in_first_run(request) -> bool:
    return (request.POST.get(FIRST_RUN) or request.GET.get(FIRST_RUN)) == "1"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_http_methods(["GET", "POST"])
@rate_limit("signup", setting="RATELIMIT_SIGNUP")
def signup(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Several backends are configured (axes first): say which one vouches for this session.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if _next_url(request) == "/":
            # A newcomer's matches depend on a profile they have not written yet: a short
            # first run (profile, then matches) that every page lets them skip.
            return redirect(_first_run(reverse("applicants:profile")))
        return redirect(_next_url(request))
    return render(
        request, "registration/signup.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def applicant_profile(request):
    if request.method == "POST":
        profile = applicant_profile_get_or_create(user=request.user)
    else:
        # Looking at the page must not create anything: an unsaved, empty profile fills the form.
        profile = applicant_profile_for(request.user) or ApplicantProfile(user=request.user)
    form = ApplicantProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ApplicantProfileForm.Meta.fields}
        applicant_profile_update(profile=profile, fields=fields, weights=form.weights())
        messages.success(request, "Profile saved. Your matches are ranked against it now.")
        if _in_first_run(request):
            return redirect(_first_run(reverse("matching:matches")))
        return redirect("applicants:profile")
    return render(request, "applicants/applicant_profile.html",
                  {"form": form, "cv_form": CvUploadForm(), "profile": profile,
                   "first_run": _in_first_run(request), "weight_shares": _weight_shares(profile)})


@upload_size_limit(cv_max_bytes)
@login_required
@require_POST
@rate_limit("cv-upload", setting="RATELIMIT_CV_UPLOAD")
def applicant_cv_upload(request):
    """Read a CV into the profile. The upload button belongs to the profile's form, so what the
    applicant typed arrives with the file and is saved first: pressing it never loses their words."""
    profile = applicant_profile_get_or_create(user=request.user)
    typed = ApplicantProfileForm(request.POST, instance=profile) if _has_profile_fields(request) else None
    cv_form = CvUploadForm(request.POST, request.FILES, refused=refused_uploads(request, "cv"))
    typed_valid = typed is None or typed.is_valid()
    if typed is not None and typed_valid:
        fields = {name: typed.cleaned_data[name] for name in ApplicantProfileForm.Meta.fields}
        applicant_profile_update(profile=profile, fields=fields, weights=typed.weights())
    if not typed_valid or not cv_form.is_valid():
        if typed is not None and typed_valid:
            messages.success(request, "Profile saved; the CV was not read (see below).")
        # The typed words stay in the form whatever went wrong, for the applicant to fix or resend.
        return render(request, "applicants/applicant_profile.html",
                      {"form": typed or ApplicantProfileForm(instance=profile), "cv_form": cv_form,
                       "profile": profile, "first_run": _in_first_run(request),
                       "weight_shares": _weight_shares(profile)},
                      status=400)
    upload = cv_form.cleaned_data["cv"]
    applicant_cv_store(profile=profile, filename=upload.name, data=cv_form.cleaned_data["data"],
                       text=cv_form.cleaned_data["text"])
    saved = "Profile saved. " if typed is not None else ""
    messages.success(request, f"{saved}Read {len(profile.cv_text):,} characters from “{profile.cv_filename}”. "
                     "Check the text below and correct anything the extraction got wrong.")
    if _in_first_run(request):
        return redirect(_first_run(reverse("applicants:profile")))
    return redirect("applicants:profile")


def _has_profile_fields(request) -> bool:
    """Whether the upload came from the profile page's form (with the typed fields), not a
    bare CV post (scripts, older pages)."""
    return any(name in request.POST for name in ApplicantProfileForm.Meta.fields)


def _weight_shares(profile) -> list[tuple[str, int]]:
    """Each axis's share of the match score with the saved weights, in percent: the score is
    their weighted average, so only the proportions matter."""
    weights = weights_clean(profile.match_weights if profile else None)
    total = sum(weights.values())
    return [(axis, round(100 * weights[axis] / total)) for axis in AXES]


@login_required
@require_GET
def applicant_cv_download(request):
    """The signed-in user's own CV file; nobody else's is reachable from here."""
    profile = applicant_profile_for(request.user)
    if profile is None or not profile.cv_file:
        raise Http404("No CV uploaded.")
    try:
        fh = profile.cv_file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored CV file is missing; upload it again.") from None
    response = FileResponse(fh, as_attachment=True, filename=profile.cv_filename or "cv")
    response["Cache-Control"] = "private, no-store"
    return response
