"""Add a department from the site: paste its faculty page, see who it lists with their roles,
add the chosen roles in the background, follow each person's resolution, choose between
namesakes at the institution. What an applicant adds waits unpublished for a curator."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.ratelimit import rate_limit

from ..forms_sources import DepartmentPasteForm
from ..models import DepartmentMember
from ..selectors import department_import_progress, department_imports_for, researchers_visible_to, worker_status
from ..services import DepartmentError, department_enqueue, department_member_choose
from ..sources import SourceClient

TEMPLATE = "profiles/department_add.html"
PROGRESS_TEMPLATE = "profiles/department_progress.html"


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("department-add", setting="RATELIMIT_OUTSIDE_SERVICE")  # each add asks the source about everyone
def department_add(request):
    """"Read the page" shows who it lists (nothing written); "Add" queues the chosen roles."""
    form = DepartmentPasteForm(request.POST or None)
    context = {"form": form, "directory": None, "role_counts": []}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "add":
            try:
                job = department_enqueue(raw=data["raw"], filename="pasted department page",
                                         directory=data["directory"], institution_name=data["institution"],
                                         roles=data["roles"], created_by=request.user)
            except DepartmentError as error:
                form.add_error(None, str(error))
                return render(request, TEMPLATE, context, status=400)
            return redirect("profiles:department_progress", pk=job.pk)
        directory = data["directory"]
        context["directory"] = directory
        context["role_counts"] = [(role, sum(1 for p in directory.people if p.role == role))
                                  for role in dict.fromkeys(p.role for p in directory.people)]
        context["chosen_roles"] = data["roles"]
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)


@login_required
@require_GET
def department_progress(request, pk):
    job = get_object_or_404(department_imports_for(user=request.user), pk=pk)
    role = request.GET.get("role", "")
    members = job.members.select_related("researcher").order_by("position")
    roles = sorted(set(members.values_list("role", flat=True)))
    if role:
        members = members.filter(role=role)
    context = {"job": job, "members": members, "progress": department_import_progress(job=job), "roles": roles,
               "role": role, "worker": worker_status(), "openable": _openable(request, members)}
    template = f"{PROGRESS_TEMPLATE}#progress" if request.htmx else PROGRESS_TEMPLATE
    return render(request, template, context)


def _openable(request, members) -> set[int]:
    """The linked researchers whose page this user may open: a person on their page may be
    someone else's proposal (or one a curator hid), whose address must not reach them."""
    ids = {m.researcher_id for m in members if m.researcher_id}
    if request.user.is_staff:
        return ids
    return set(researchers_visible_to(user=request.user).filter(pk__in=ids).values_list("pk", flat=True))


@login_required
@require_POST
@rate_limit("source-fetch", setting="RATELIMIT_OUTSIDE_SERVICE")  # importing the chosen profile fetches it
def department_choose(request, pk):
    job = get_object_or_404(department_imports_for(user=request.user), pk=pk)
    member_id = request.POST.get("member", "")
    if not member_id.isascii() or not member_id.isdigit():  # a hand-made form: no such person
        raise Http404("No such person on this department's page.")
    member = get_object_or_404(DepartmentMember.objects.select_related("job"), job=job, pk=int(member_id))
    try:
        with SourceClient() as client:
            department_member_choose(member=member, external_id=request.POST.get("profile", ""), client=client)
    except DepartmentError as error:
        members = job.members.select_related("researcher").order_by("position")
        return render(request, PROGRESS_TEMPLATE, {
            "job": job, "members": members, "openable": _openable(request, members),
            "progress": department_import_progress(job=job), "roles": [], "role": "", "worker": worker_status(),
            "error": str(error)}, status=400)
    return redirect("profiles:department_progress", pk=job.pk)
