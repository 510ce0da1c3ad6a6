"""The capture admin: every capture and its outcome, the raw text, uploads and assignment."""
from __future__ import annotations

from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.text import Truncator

from profiles.importers import CaptureError, name_key
from profiles.models import Capture, CaptureOutcome
from profiles.selectors import captures_progress, researchers_with_close_names, worker_status
from profiles.services import (
    capture_assign,
    capture_date_from,
    capture_enqueue,
    capture_import,
    capture_import_anyway,
    capture_preview,
)
from config.uploads import refused_uploads, upload_size_limit

from .forms import CaptureAssignForm, CaptureUploadForm
from .staging import uploads_discard, uploads_stage, uploads_staged

WAITING = (CaptureOutcome.AWAITING_ASSIGNMENT, CaptureOutcome.AMBIGUOUS)
PROGRESS_TEMPLATE = "admin/profiles/capture/progress.html"
MAX_PROGRESS_IDS = 500  # one page follows at most this many captures of an upload


def _capture_max_bytes() -> int:
    return settings.CAPTURE_MAX_BYTES


def _too_large_message(name: str, size: int | None) -> str:
    """Why an over-size file is refused; ``size`` None when it was cut off while uploading."""
    limit = settings.CAPTURE_MAX_BYTES
    how_big = (f"the file is {size:,} bytes; the limit is {limit:,}" if size is not None
               else f"the file is over the limit of {limit:,} bytes")
    return f"{name}: NOT IMPORTED (too_large): {how_big}. Capture one profile page per file."


FILE_LABEL_CHARS = 36


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    # What a curator acts on comes first (outcome, the pending assignment, warnings), so at
    # 1280 px nothing needs a sideways scroll; the file name is cut short (its page has it whole).
    list_display = ("file_label", "outcome", "assign_link", "warnings_count", "researcher", "captured_on", "layout")
    list_display_links = ("file_label",)
    list_filter = ("outcome", "layout", "captured_on")
    search_fields = ("filename", "parsed_name", "parsed_affiliation", "sha256")
    list_select_related = ("researcher",)
    date_hierarchy = "captured_on"
    fields = ("filename", "layout", "captured_on", "researcher", "outcome", "outcome_detail", "assign_link",
              "parsed_name", "parsed_affiliation", "candidates", "warnings", "confirmed_entries", "paper_total", "papers_added",
              "papers_updated", "papers_unchanged", "sha256", "encoding", "uploaded_by", "created_at",
              "imported_at", "raw_download", "raw_text", "kept_note")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request):
        return False  # captures arrive through "Upload captures", which imports them

    def has_change_permission(self, request, obj=None):
        return False  # a capture is evidence of what a page said: it is viewed, never edited

    def has_delete_permission(self, request, obj=None):
        # Nor deleted: profiles are rebuilt from their captures (a re-import), and a profile's
        # freshness and "sources disagree" flags are read from them, so deleting one would
        # quietly change all three. What a capture put on the pages is taken off by hiding.
        return False

    @admin.display(description="Kept")
    def kept_note(self, obj):
        return ("Captures are kept as the evidence profiles are rebuilt from, and are never deleted. "
                "To take a researcher or a paper off the public pages, hide it (Researchers or Papers: "
                "tick Hidden, or the “Hide selected” action).")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(upload_size_limit(_capture_max_bytes)(self.upload_view)),
                 name="profiles_capture_upload"),
            path("upload/progress/", view(self.progress_view), name="profiles_capture_progress"),
            path("<int:pk>/raw/", view(self.raw_view), name="profiles_capture_raw"),
            path("<int:pk>/assign/", view(self.assign_view), name="profiles_capture_assign"),
            path("<int:pk>/import-anyway/", view(self.import_anyway_view), name="profiles_capture_import_anyway"),
        ] + super().get_urls()

    @admin.display(description="Capture", ordering="filename")
    def file_label(self, obj):
        name = obj.filename or f"capture {obj.pk}"
        return format_html('<span title="{}">{}</span>', name, Truncator(name).chars(FILE_LABEL_CHARS))

    @admin.display(description="Warnings")
    def warnings_count(self, obj):
        return len(obj.warnings or [])

    @admin.display(description="Assign")
    def assign_link(self, obj):
        if obj.outcome not in WAITING:
            return "-"
        return format_html('<a href="{}">Assign to a researcher…</a>',
                           reverse("admin:profiles_capture_assign", args=[obj.pk]))

    @admin.display(description="Raw file")
    def raw_download(self, obj):
        return format_html('<a href="{}">Download the raw capture ({} bytes)</a>',
                           reverse("admin:profiles_capture_raw", args=[obj.pk]), len(obj.raw))

    @admin.display(description="Raw text")
    def raw_text(self, obj):
        text = bytes(obj.raw).decode(obj.encoding or "utf-8", errors="replace")
        return format_html('<pre class="raw-capture">{}</pre>', text)

    # --- custom pages ----------------------------------------------------------------------------

    def raw_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        capture = get_object_or_404(Capture, pk=pk)
        name = PurePath(capture.filename).name or f"capture-{capture.pk}.txt"
        return HttpResponse(
            bytes(capture.raw), content_type="application/octet-stream",
            headers={"Content-Disposition": content_disposition_header(True, name)},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Curators who may change the catalogue get "Import anyway…" on a capture kept for review.
        capture = Capture.objects.filter(pk=object_id if str(object_id).isdigit() else None).only("outcome").first()
        if (capture is not None and capture.outcome == CaptureOutcome.NEEDS_REVIEW
                and request.user.has_perm("profiles.change_researcher")):
            extra_context = {**(extra_context or {}),
                             "import_anyway_url": reverse("admin:profiles_capture_import_anyway", args=[capture.pk])}
        return super().change_view(request, object_id, form_url, extra_context)

    def import_anyway_view(self, request, pk):
        """A capture kept for review (the parse looked wrong): its warnings, and a button that
        imports it anyway once the curator has checked it; the warnings stay on the capture."""
        if not request.user.has_perm("profiles.change_researcher"):
            raise PermissionDenied
        capture = get_object_or_404(Capture.objects.defer("raw"), pk=pk)
        change_url = reverse("admin:profiles_capture_change", args=[pk])
        if capture.outcome != CaptureOutcome.NEEDS_REVIEW:
            self.message_user(request, f"This capture is not kept for review ({capture.get_outcome_display()}): "
                                       "there is nothing to import anyway.", messages.WARNING)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            try:
                result = capture_import_anyway(capture=capture, accepted_by=request.user)
            except CaptureError as error:
                self.message_user(request, error.message, messages.ERROR)
                return HttpResponseRedirect(change_url)
            if result.ok:
                self.message_user(request, result.summary() + " Its review warnings are kept on the capture.",
                                  messages.SUCCESS)
            elif result.outcome in WAITING:
                self.message_user(request, f"{result.message} Its review warnings are kept on the capture.",
                                  messages.WARNING)
                return HttpResponseRedirect(reverse("admin:profiles_capture_assign", args=[pk]))
            else:
                self.message_user(request, result.summary(), messages.ERROR)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a capture kept for review",
            "opts": self.model._meta,
            "capture": capture,
        }
        return TemplateResponse(request, "admin/profiles/capture/import_anyway.html", context)

    def assign_view(self, request, pk):
        if not request.user.has_perm("profiles.change_researcher"):
            raise PermissionDenied
        capture = get_object_or_404(Capture.objects.select_related("researcher"), pk=pk)
        if capture.outcome not in WAITING:
            self.message_user(request, f"This capture is not waiting for assignment "
                                       f"({capture.get_outcome_display()}).", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:profiles_capture_change", args=[pk]))
        initial = {"researcher_name": capture.candidates[0]} if capture.candidates else {}
        preview = capture_preview(raw=bytes(capture.raw), captured_on=capture.captured_on,
                                  filename=capture.filename, layout=capture.layout or "auto")
        choices = [(number, _entry_label(number, paper)) for number, paper in enumerate(preview["papers"], 1)]
        typed = (request.POST.get("researcher_name") or initial.get("researcher_name") or "").strip()
        matches = researchers_with_close_names(name=typed) if typed else []
        form = CaptureAssignForm(request.POST or None, initial=initial, matches=matches, entry_choices=choices)
        if request.method == "POST" and form.is_valid():
            exact = [r for r in matches if r.name_key == name_key(typed)]
            chosen = form.chosen_researcher()
            if "existing" in form.fields and not form.cleaned_data.get("existing") and not (exact and len(matches) == 1):
                # A close name is not the same person until the curator says so: ask, save nothing.
                form.add_error("existing", "A researcher with a close name is already in the catalogue: choose "
                                           "them if this is the same person, or a new record.")
            else:
                if chosen is None and exact and form.cleaned_data.get("existing") != "new":
                    chosen = exact[0]
                entries = form.cleaned_data["entries"]
                result = (capture_assign(capture=capture, researcher=chosen, entries=entries) if chosen is not None
                          else capture_assign(capture=capture, researcher_name=form.cleaned_data["researcher_name"],
                                              entries=entries))
                if result.ok:
                    self.message_user(request, result.summary(), messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse("admin:profiles_researcher_change", args=[result.researcher_id]))
                self.message_user(request, result.summary(), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": "Assign a waiting capture",
            "opts": self.model._meta,
            "capture": capture,
            "form": form,
        }
        return TemplateResponse(request, "admin/profiles/capture/assign.html", context)

    def upload_view(self, request):
        """Upload → a preview of what each file would import (nothing written) → commit."""
        if not request.user.has_perm("profiles.add_capture"):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._commit_upload(request)
        form = CaptureUploadForm(request.POST or None, request.FILES or None)
        for refused in refused_uploads(request, "files"):  # cut off while streaming in
            self.message_user(request, _too_large_message(refused.file_name, refused.size), messages.ERROR)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            files = [(upload.name, upload.read()) for upload in data["files"] if not self._too_large(request, upload)]
            days = _capture_days(files, given=data["captured_on"])
            undated = [name for (name, _), day in zip(files, days) if day is None]
            if undated:
                form.add_error("captured_on", (
                    f"{', '.join(undated)} {'shows' if len(undated) == 1 else 'show'} no date of its own: give "
                    "the day the pages were copied, then choose the files again."))
            elif files:
                options = {"captured_on": [day.isoformat() for day in days], "researcher_name": data["researcher_name"],
                           "layout": data["layout"], "background": data["background"], "entries": data["entries"]}
                token = uploads_stage(user_id=request.user.pk, files=files, options=options)
                previews = [
                    dict(capture_preview(raw=raw, captured_on=day, filename=name,
                                         researcher_name=data["researcher_name"] or None, layout=data["layout"],
                                         entries=data["entries"] or None),
                         captured_on=day, date_from_capture=data["captured_on"] is None)
                    for (name, raw), day in zip(files, days)
                ]
                context = {
                    **self.admin_site.each_context(request),
                    "title": "Preview the upload",
                    "opts": self.model._meta,
                    "previews": previews,
                    "token": token,
                    "importable": sum(1 for p in previews if p["outcome"] == CaptureOutcome.IMPORTED),
                    # A refused file is never stored, now or by a worker; the others are kept.
                    "refused": sum(1 for p in previews if p["outcome"] == "refused"),
                    "waiting": sum(1 for p in previews if p["outcome"] not in (CaptureOutcome.IMPORTED, "refused")),
                }
                return TemplateResponse(request, "admin/profiles/capture/upload_preview.html", context)
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload captures",
            "opts": self.model._meta,
            "form": form,
            "max_bytes": settings.CAPTURE_MAX_BYTES,
        }
        return TemplateResponse(request, "admin/profiles/capture/upload.html", context)

    def _commit_upload(self, request):
        """Import (or queue) the files of a preview the curator accepted; or drop them."""
        token = request.POST.get("token", "")
        staged = uploads_staged(token=token, user_id=request.user.pk)
        if staged is None:
            self.message_user(request, "This preview is no longer available (already imported, cancelled, or "
                                       "not yours). Upload the files again.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:profiles_capture_upload"))
        if request.POST.get("action") == "cancel":
            uploads_discard(token=token)
            self.message_user(request, "Upload cancelled: nothing was imported.", messages.INFO)
            return HttpResponseRedirect(reverse("admin:profiles_capture_upload"))
        options = dict(staged.options, captured_on=_staged_days(staged.options["captured_on"], len(staged.files)))
        if options["background"]:
            ids = self._enqueue_uploads(request, staged.files, options)
            uploads_discard(token=token)
            if ids:
                progress = reverse("admin:profiles_capture_progress")
                return HttpResponseRedirect(f"{progress}?ids={','.join(map(str, ids))}")
            return HttpResponseRedirect(reverse("admin:profiles_capture_upload"))
        stored = self._import_uploads(request, staged.files, options)
        uploads_discard(token=token)
        return HttpResponseRedirect(reverse("admin:profiles_capture_changelist" if stored
                                            else "admin:profiles_capture_upload"))

    def progress_view(self, request):
        """Each capture of a background upload and its outcome; polls until the worker is done."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()]
        captures, progress = captures_progress(ids=ids[:MAX_PROGRESS_IDS])
        done = progress["total"] - progress["queued"]
        context = {
            **self.admin_site.each_context(request),
            "title": "Background upload",
            "opts": self.model._meta,
            "captures": captures,
            "progress": progress,
            "percent": round(100 * done / progress["total"]) if progress["total"] else 100,
            "poll_url": f"{request.path}?ids={','.join(str(c.pk) for c in captures)}",
            "worker": worker_status(),
        }
        template = f"{PROGRESS_TEMPLATE}#progress" if request.htmx else PROGRESS_TEMPLATE
        return TemplateResponse(request, template, context)

    def _too_large(self, request, upload) -> bool:
        if upload.size > settings.CAPTURE_MAX_BYTES:
            self.message_user(request, _too_large_message(upload.name, upload.size), messages.ERROR)
            return True
        return False

    def _import_uploads(self, request, files: list[tuple[str, bytes]], options: dict) -> bool:
        """Import each file now; True when at least one was stored."""
        stored = False
        for (name, raw), day in zip(files, options["captured_on"]):
            result = capture_import(
                raw=raw, captured_on=day, filename=name,
                researcher_name=options["researcher_name"] or None, layout=options["layout"],
                uploaded_by=request.user, entries=options["entries"] or None,
            )
            stored = stored or result.capture_id is not None
            if result.ok:
                self.message_user(request, result.summary(), messages.SUCCESS)
            elif result.reason in ("awaiting_assignment", "ambiguous"):  # stored, waiting for a curator
                self.message_user(request, format_html(
                    '{}: stored, but it names no single researcher, or none of its entries is theirs. '
                    '<a href="{}">Say whose it is</a>. {}',
                    name, reverse("admin:profiles_capture_assign", args=[result.capture_id]), result.message),
                    messages.WARNING)
            elif result.reason == "needs_review":  # stored, kept for a curator to look at
                self.message_user(request, result.summary(), messages.WARNING)
            else:
                self.message_user(request, result.summary(), messages.ERROR)
        return stored

    def _enqueue_uploads(self, request, files: list[tuple[str, bytes]], options: dict) -> list[int]:
        ids, queued = [], 0
        for (name, raw), day in zip(files, options["captured_on"]):
            try:
                with transaction.atomic():
                    capture, created, task_id = capture_enqueue(
                        raw=raw, captured_on=day, filename=name,
                        researcher_name=options["researcher_name"] or None, layout=options["layout"],
                        uploaded_by=request.user, entries=options["entries"] or None,
                    )
                queued += bool(created and task_id)
            except CaptureError as error:
                self.message_user(request, f"{name}: NOT QUEUED ({error.reason}): {error.message}",
                                  messages.ERROR)
                continue
            if not created:
                self.message_user(request, f"{name}: already stored as capture {capture.pk} "
                                           f"({capture.get_outcome_display()}).", messages.INFO)
            ids.append(capture.pk)
        if queued:
            self.message_user(request, f"Queued {queued} capture(s) for the worker.", messages.SUCCESS)
        return ids


def _capture_days(files: list[tuple[str, bytes]], *, given: date | None) -> list[date | None]:
    """The capture day of each file: the one the curator gave, else the one the file shows; a
    file that cannot be read gets today (it is refused whatever the day)."""
    today = timezone.localdate()
    days = []
    for _, raw in files:
        if given is not None:
            days.append(given)
            continue
        shown = capture_date_from(raw, today=today)
        days.append(shown if shown is not None or _readable(raw) else today)
    return days


def _readable(raw: bytes) -> bool:
    return capture_preview(raw=raw, captured_on=timezone.localdate())["outcome"] != "refused"


def _staged_days(value, count: int) -> list[date]:
    """The staged capture days: one per file (a preview staged before per-file days had one)."""
    if isinstance(value, str):
        return [date.fromisoformat(value)] * count
    return [date.fromisoformat(day) for day in value]


def _entry_label(number: int, paper: dict) -> str:
    """One entry of a waiting capture as the assign page lists it."""
    authors = ", ".join(paper["authors"][:4]) + (" …" if len(paper["authors"]) > 4 else "") if paper["authors"] \
        else "no author names on the page"
    return f"[{number}] {paper['title']} ({paper['date'] or 'no date'}; {authors})"
