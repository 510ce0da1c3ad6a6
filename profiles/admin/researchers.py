"""The researcher admin: search, filters, locks, freshness, hide, merge, background re-import,
and the queue of applicants' proposals to publish, merge or reject."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from profiles.freshness import researcher_freshness
from profiles.models import Capture, Researcher
from profiles.importers import name_key
from profiles.selectors import freshness_reference_date, researcher_paper_organisations, researcher_possible_duplicates
from profiles.services import (
    CurationError,
    reimport_job_start,
    researcher_create,
    researcher_delete,
    researcher_merge,
    researcher_publish,
    researcher_reject,
    researcher_set_hidden,
)

from .filters import FreshnessFilter, MergedFilter, PublicationFilter, WaitingCaptureFilter
from .forms import CommaListField, LineListField, RowsField
from .hiding import HideActionsMixin
from .locking import LockAwareForm, LockedFieldsAdminMixin
from .sources import SourceLinkInline
from .writes import ServiceDeletesMixin

# What freshness needs from each capture; the raw bytes stay in the database.
FRESHNESS_FIELDS = ("researcher_id", "captured_on", "outcome", "parsed_name", "parsed_affiliation",
                    "layout", "filename", "created_at")


class CaptureInline(admin.TabularInline):
    """The researcher's sources: every capture, when it was captured and what it said."""

    model = Capture
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("captured_on", "layout", "filename", "outcome", "parsed_name", "parsed_affiliation",
              "paper_total")
    readonly_fields = fields
    ordering = ("-captured_on",)
    verbose_name = "source capture"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")


class ResearcherAdminForm(LockAwareForm):
    """Lists are edited as text a curator can type (not JSON); availability and contact
    instructions are only useful with where and when they were said."""

    topics = CommaListField(required=False, help_text="Comma-separated, e.g. LG, Optimization. Drop a wrong one "
                                                      "a source gave (saving locks the list: it is then curated).")
    coauthors = RowsField(
        parts=[("name", str), ("affiliation", str), ("shared_papers", int)],
        help_text="One coauthor per line: name; affiliation; number of shared papers (the last two may be left empty).",
    )
    education = RowsField(
        parts=[("degree", str), ("institution", str)],
        help_text="One degree per line: degree; institution.",
    )
    awards = LineListField(required=False, help_text="One award per line.")

    def clean_name(self):
        name = self.cleaned_data.get("name") or ""
        if not name_key(name):
            raise forms.ValidationError("Give the researcher's name, with at least one letter (e.g. “Ana García”).")
        return name

    def clean(self):
        data = super().clean()
        said = {
            "taking_students": data.get("taking_students") not in (None, "", "unknown"),
            "contact_instructions": bool((data.get("contact_instructions") or "").strip()),
        }
        for name, given in said.items():
            if not given:
                continue
            where = [data.get(f"{name}_source")] + ([data.get("taking_students_note")]
                                                   if name == "taking_students" else [])
            if not any((value or "").strip() for value in where):
                self.add_error(f"{name}_source", "Say where this was stated (a web page, an email to you …) "
                                                 "so applicants can check it.")
            if not data.get(f"{name}_on"):
                self.add_error(f"{name}_on", "Give the day it was stated, so applicants see how current it is.")
        return data


@admin.register(Researcher)
class ResearcherAdmin(ServiceDeletesMixin, HideActionsMixin, LockedFieldsAdminMixin, admin.ModelAdmin):
    set_hidden = staticmethod(lambda obj, hidden: researcher_set_hidden(researcher=obj, hidden=hidden))
    delete_one = staticmethod(lambda obj: researcher_delete(researcher=obj))
    hide_hint = ("Applicants have this researcher on a shortlist or in a draft, so the record stays. "
                 "Hide them instead (the “Hide selected researchers” action, or tick Hidden): they leave "
                 "every public page and the matches, and applicants keep what they saved.")
    hidden_noun = "researcher"
    lock_form = ResearcherAdminForm
    # A source typed without a scheme ("example.edu/join") is read as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "affiliation", "taking_students", "hidden", "published", "locked_count", "freshness",
                    "merged_into")
    list_filter = (PublicationFilter, FreshnessFilter, WaitingCaptureFilter, "hidden", "taking_students",
                   MergedFilter, "affiliation")
    search_fields = ("name", "affiliation", "department", "topics")
    list_select_related = ("merged_into",)
    readonly_fields = ("slug", "name_key", "merged_into", "published", "proposed_by", "locked_fields_display", "freshness_display",
                       "paper_total", "created_at", "updated_at", "affiliation_suggestion")
    inlines = [SourceLinkInline, CaptureInline]
    actions = ["publish_selected", "reject_selected", "hide_selected", "unhide_selected", "merge_selected",
               "reimport_selected"]
    fieldsets = (
        (None, {"fields": ("name", "title", "affiliation", "affiliation_suggestion", "department", "about")}),
        ("Curation", {"fields": ("published", "proposed_by", "hidden", "locked_fields_display", "unlock_fields", "freshness_display",
                                 "merged_into")}),
        ("Taking students", {
            "fields": ("taking_students", "taking_students_source", "taking_students_note", "taking_students_on"),
            "description": "Whether they take students, with where that was said (a web address, or a note "
                           "such as “email to me”) and when.",
        }),
        ("Contact instructions", {
            "fields": ("contact_email", "contact_instructions", "contact_instructions_source",
                       "contact_instructions_on"),
            "description": 'How they want to be contacted, e.g. a required subject line, or '
                           '"apply through the program, do not email".',
        }),
        ("Research", {"fields": ("topics", "active_from", "active_to", "h_index", "citations",
                                 "paper_count", "paper_total", "novelty_pct", "ai_score")}),
        ("Background", {"classes": ("collapse",),
                        "fields": ("coauthors", "education", "awards", "labs")}),
        ("Record", {"classes": ("collapse",),
                    "fields": ("slug", "name_key", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        # One reference day per request (the same for every row); a date, so sharing it
        # between threads of this admin instance is harmless.
        self._freshness_reference = freshness_reference_date()
        captures = Capture.objects.only(*FRESHNESS_FIELDS).order_by("-captured_on")
        return (
            super().get_queryset(request)
            .annotate(paper_links=Count("authorships", distinct=True))
            .prefetch_related(Prefetch("captures", queryset=captures, to_attr="source_captures"))
        )

    def _freshness(self, obj):
        captures = getattr(obj, "source_captures", None)
        if captures is None:
            captures = list(obj.captures.only(*FRESHNESS_FIELDS))
        reference = getattr(self, "_freshness_reference", None) or freshness_reference_date()
        return researcher_freshness(obj, captures, today=reference)

    @admin.display(description="Freshness")
    def freshness(self, obj):
        fresh = self._freshness(obj)
        if fresh.newest_capture_on is None:
            return "no capture"
        flags = []
        if fresh.stale:
            flags.append(mark_safe('<strong class="flag-bad">STALE</strong>'))
        if fresh.disagree:
            fields = " & ".join(d.field for d in fresh.disagreements)
            flags.append(format_html('<strong class="flag-warn">sources disagree: {}</strong>', fields))
        return format_html("captured {} {}", fresh.newest_capture_on.isoformat(),
                           format_html_join(" ", "· {}", ((flag,) for flag in flags)))

    @admin.display(description="Freshness")
    def freshness_display(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        fresh = self._freshness(obj)
        if fresh.newest_capture_on is None:
            return "No imported capture yet."
        lines = [format_html("Newest capture: {}", fresh.newest_capture_on.isoformat())]
        if fresh.stale:
            lines.append(format_html(
                '<strong class="flag-bad">Stale: over {} days behind the catalogue’s newest capture. '
                'Capture the page again.</strong>',
                fresh.stale_days))
        for d in fresh.disagreements:
            values = "; ".join(f"“{value}” ({on.isoformat()})" for value, on in d.values)
            lines.append(format_html('<strong class="flag-warn">Sources disagree on {}:</strong> {}',
                                     d.field, values))
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description="Suggested by their papers")
    def affiliation_suggestion(self, obj):
        """Organisations their papers name, for a curator to confirm: never shown to applicants."""
        if obj is None or obj.pk is None:
            return "-"
        orgs = researcher_paper_organisations(researcher=obj)
        if not orgs:
            return "Their papers name no organisation."
        listed = format_html_join(", ", "<strong>{}</strong> ({} paper{})",
                                  ((org, n, "" if n == 1 else "s") for org, n in orgs[:5]))
        return format_html(
            "{}. A suggestion only: if one is where they work now, type its full name into "
            "Affiliation above and save (applicants never see this suggestion).", listed)

    @admin.display(description="Papers")
    def paper_total(self, obj):
        return getattr(obj, "paper_links", None) if obj and obj.pk else "-"

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # Added by hand: the service gives the record its web address (slug) and the name key
        # imports find it by, locks what the curator typed and raises the catalogue version.
        researcher_create(researcher=obj, curated=set(form.changed_data))
        namesakes = researcher_possible_duplicates(researcher=obj)
        if namesakes:
            links = format_html_join(", ", '<a href="{}">{}</a>', (
                (reverse("admin:profiles_researcher_change", args=[r.pk]), r.name) for r in namesakes))
            self.message_user(request, format_html(
                "The catalogue already lists {}: if that is the same person, merge the two records "
                "(select both, “Merge the two selected researchers”).", links), messages.WARNING)
        return None

    # --- actions ------------------------------------------------------------------------------

    @admin.action(permissions=["change"], description="Publish the selected proposals (everyone sees them)")
    def publish_selected(self, request, queryset):
        waiting = list(queryset.filter(published=False, merged_into__isnull=True))
        for researcher in waiting:
            researcher_publish(researcher=researcher)
        self.message_user(request, f"Published {len(waiting)} researcher(s): the directory, search and matches "
                                   "show them now.", messages.SUCCESS)

    @admin.action(permissions=["change"], description="Reject the selected proposals (hidden, from their proposer too)")
    def reject_selected(self, request, queryset):
        waiting = list(queryset.filter(published=False))
        for researcher in waiting:
            researcher_reject(researcher=researcher)
        skipped = queryset.count() - len(waiting)
        tail = f" {skipped} published researcher(s) left as they were: hide them instead." if skipped else ""
        self.message_user(request, f"Rejected {len(waiting)} proposal(s).{tail}",
                          messages.WARNING if skipped else messages.SUCCESS)

    @admin.action(permissions=["change"], description="Merge the two selected researchers (the same person)…")
    def merge_selected(self, request, queryset):
        pair = list(queryset.order_by("pk")[:3])
        if len(pair) != 2:
            self.message_user(request, "Select exactly two researchers to merge.", messages.ERROR)
            return None
        if request.POST.get("post") == "yes":
            survivor_id = request.POST.get("survivor", "")
            chosen = [r for r in pair if str(r.pk) == survivor_id]
            if not chosen:
                self.message_user(request, "Choose which record survives the merge.", messages.ERROR)
            else:
                target = chosen[0]
                source = pair[0] if pair[1] is target else pair[1]
                try:
                    researcher_merge(source=source, target=target)
                except CurationError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                self.message_user(
                    request, f"Merged {source.name} into {target.name}: papers, captures and users' "
                             "shortlist entries now belong to the surviving record.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:profiles_researcher_change", args=[target.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge two researchers",
            "opts": self.model._meta,
            "pair": pair,
            "queryset": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/profiles/researcher/merge.html", context)

    @admin.action(permissions=["change"], description="Re-import selected researchers from their captures (in the background)")
    def reimport_selected(self, request, queryset):
        job = reimport_job_start(researchers=list(queryset), created_by=request.user)
        self.message_user(request, f"Queued the re-import of {job.total} researcher(s).", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:profiles_reimportjob_progress", args=[job.pk]))
