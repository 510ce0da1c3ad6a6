"""Background re-import jobs: the list, and a progress page that polls until the job is done."""
from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from profiles.models import ReimportJob
from profiles.selectors import reimport_job_progress, worker_status

PROGRESS_TEMPLATE = "admin/profiles/reimportjob/progress.html"


@admin.register(ReimportJob)
class ReimportJobAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_by", "total", "progress_summary", "progress_link")
    list_select_related = ("created_by",)

    def has_add_permission(self, request):
        return False  # jobs start from the researcher list's "Re-import" action

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/progress/", self.admin_site.admin_view(self.progress_view),
                 name="profiles_reimportjob_progress"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:profiles_reimportjob_progress", args=[object_id]))

    @admin.display(description="Progress")
    def progress_summary(self, obj):
        p = reimport_job_progress(job=obj)
        state = "finished" if p["finished"] else "running"
        return f"{p['done']} done, {p['failed']} failed, {p['queued']} queued ({state})"

    @admin.display(description="")
    def progress_link(self, obj):
        return format_html('<a href="{}">Watch</a>', reverse("admin:profiles_reimportjob_progress", args=[obj.pk]))

    def progress_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ReimportJob, pk=pk)
        progress = reimport_job_progress(job=job)
        items = job.items.select_related("researcher").order_by("researcher__name", "id")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Re-import job {job.pk}",
            "opts": self.model._meta,
            "job": job,
            "progress": progress,
            "percent": _percent(progress),
            "items": items,
            "worker": worker_status(),
        }
        template = f"{PROGRESS_TEMPLATE}#progress" if request.htmx else PROGRESS_TEMPLATE
        return TemplateResponse(request, template, context)


def _percent(progress: dict) -> int:
    if not progress["total"]:
        return 100
    return round(100 * (progress["done"] + progress["failed"]) / progress["total"])
