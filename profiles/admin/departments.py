"""Adding a department in the admin: paste or upload its faculty page, see who it lists with their
roles, import the chosen roles in the background, follow each person's resolution, and choose
between namesakes at the institution."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from config.uploads import upload_size_limit
from profiles.importers import CaptureError, decode_capture
from profiles.importers.faculty_directory import ROLES, parse_faculty_directory
from profiles.models import DepartmentImport, DepartmentMember
from profiles.selectors import department_import_progress, worker_status
from profiles.services import DepartmentError, department_enqueue, department_member_choose
from profiles.sources import SourceClient
from profiles.sources.departments import DEPARTMENT_SOURCES

from .staging import uploads_discard, uploads_stage, uploads_staged

PROGRESS_TEMPLATE = "admin/profiles/departmentimport/progress.html"


def _capture_max_bytes() -> int:
    return settings.CAPTURE_MAX_BYTES


class DepartmentPageForm(forms.Form):
    """The same choices as `manage.py add_department`."""

    institution = forms.CharField(max_length=300, help_text="As the source names it, e.g. “Bangor University”, "
                                                            "or its OpenAlex id (I…).")
    source = forms.ChoiceField(choices=[(s, {"openalex": "OpenAlex", "s2": "Semantic Scholar"}[s])
                                        for s in DEPARTMENT_SOURCES], initial="openalex")
    text = forms.CharField(required=False, label="Page text", widget=forms.Textarea(attrs={"rows": 12}),
                           help_text="The People/Faculty page: select all, copy, paste here.")
    file = forms.FileField(required=False, label="…or the page saved as text")

    def clean(self):
        data = super().clean()
        if bool(data.get("text", "").strip()) == bool(data.get("file")):
            raise forms.ValidationError("Paste the page's text or upload it as a file (one of the two).")
        raw = data["file"].read() if data.get("file") else data["text"].encode("utf-8")
        try:
            text, encoding = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
            data["directory"] = parse_faculty_directory(text)
        except CaptureError as error:
            raise forms.ValidationError(error.message) from error
        data["raw"], data["encoding"] = raw, encoding
        data["filename"] = data["file"].name if data.get("file") else "pasted department page"
        return data


@admin.register(DepartmentImport)
class DepartmentImportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source", "status", "progress_summary", "created_by", "progress_link")
    list_filter = ("status", "source")
    list_select_related = ("created_by",)

    def has_change_permission(self, request, obj=None):
        return False  # what a job did is its record; people are chosen on its progress page

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/progress/", view(self.progress_view), name="profiles_departmentimport_progress"),
            path("<int:pk>/choose/<int:member_pk>/", view(require_POST(self.choose_view)),
                 name="profiles_departmentimport_choose"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:profiles_departmentimport_progress", args=[object_id]))

    @admin.display(description="Progress")
    def progress_summary(self, obj):
        p = department_import_progress(job=obj)
        return (f"{p['resolved']} of {p['total']} resolved; {p['imported']} imported, {p['linked']} linked, "
                f"{p['left']} left for a curator, {p['failed']} failed")

    @admin.display(description="")
    def progress_link(self, obj):
        return format_html('<a href="{}">Watch</a>', reverse("admin:profiles_departmentimport_progress", args=[obj.pk]))

    def add_view(self, request, form_url="", extra_context=None):
        """Page in → who it lists (nothing written) → the chosen roles imported by a worker."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return upload_size_limit(_capture_max_bytes)(self._add)(request)

    def _add(self, request):
        if request.method == "POST" and "token" in request.POST:
            return self._commit(request)
        form = DepartmentPageForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            directory = data["directory"]
            token = uploads_stage(user_id=request.user.pk, files=[(data["filename"], data["raw"])],
                                  options={"institution": data["institution"], "source": data["source"],
                                           "encoding": data["encoding"]})
            counts = {role: sum(1 for p in directory.people if p.role == role) for role in ROLES}
            context = {
                **self.admin_site.each_context(request), "title": "Who the page lists", "opts": self.model._meta,
                "token": token, "directory": directory, "institution": data["institution"],
                "source": data["source"], "role_counts": [(r, n) for r, n in counts.items() if n],
            }
            return TemplateResponse(request, "admin/profiles/departmentimport/preview.html", context)
        context = {**self.admin_site.each_context(request), "title": "Add a department", "opts": self.model._meta,
                   "form": form}
        return TemplateResponse(request, "admin/profiles/departmentimport/add.html", context)

    def _commit(self, request):
        token = request.POST.get("token", "")
        staged = uploads_staged(token=token, user_id=request.user.pk)
        if staged is None:
            self.message_user(request, "This preview is no longer available (already added, cancelled, or not "
                                       "yours). Give the page again.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:profiles_departmentimport_add"))
        if request.POST.get("action") == "cancel":
            uploads_discard(token=token)
            self.message_user(request, "Nothing was added.", messages.INFO)
            return HttpResponseRedirect(reverse("admin:profiles_departmentimport_add"))
        roles = [role for role in request.POST.getlist("roles") if role in ROLES]
        filename, raw = staged.files[0]
        try:
            text, _ = decode_capture(raw, max_bytes=settings.CAPTURE_MAX_BYTES)
            job = department_enqueue(raw=raw, encoding=staged.options["encoding"], filename=filename,
                                     directory=parse_faculty_directory(text),
                                     institution_name=staged.options["institution"],
                                     source=staged.options["source"], roles=roles, created_by=request.user)
        except (CaptureError, DepartmentError) as error:
            self.message_user(request, getattr(error, "message", str(error)), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:profiles_departmentimport_add"))
        uploads_discard(token=token)
        return HttpResponseRedirect(reverse("admin:profiles_departmentimport_progress", args=[job.pk]))

    def progress_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(DepartmentImport, pk=pk)
        role = request.GET.get("role", "")
        members = job.members.select_related("researcher").order_by("position")
        roles = sorted(set(members.values_list("role", flat=True)))
        if role:
            members = members.filter(role=role)
        progress = department_import_progress(job=job)
        context = {
            **self.admin_site.each_context(request), "title": f"Department import {job.pk}",
            "opts": self.model._meta, "job": job, "progress": progress, "members": members,
            "percent": round(100 * (progress["resolved"] + (progress["total"] - progress["waiting"]))
                             / (2 * progress["total"])) if progress["total"] else 100,
            "roles": roles, "role": role, "worker": worker_status(),
        }
        template = f"{PROGRESS_TEMPLATE}#progress" if request.htmx else PROGRESS_TEMPLATE
        return TemplateResponse(request, template, context)

    def choose_view(self, request, pk, member_pk):
        if not request.user.has_perm("profiles.add_departmentimport"):
            raise PermissionDenied
        member = get_object_or_404(DepartmentMember.objects.select_related("job"), pk=member_pk, job_id=pk)
        try:
            with SourceClient() as client:
                member = department_member_choose(member=member, external_id=request.POST.get("profile", ""),
                                                  client=client)
        except DepartmentError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            level = messages.SUCCESS if member.outcome != DepartmentMember.Outcome.FAILED else messages.ERROR
            self.message_user(request, f"{member.name}: {member.get_outcome_display().lower()}. {member.detail}", level)
        return HttpResponseRedirect(reverse("admin:profiles_departmentimport_progress", args=[pk]))
