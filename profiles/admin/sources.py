"""Live sources in the admin: each researcher's linked profiles with last fetch, outcome and
next refresh; refresh selected links in the background; add a researcher from a link or name."""
from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from profiles.forms_sources import ResearcherSourceForm
from profiles.models import SourceLink
from profiles.services import SourceAddError, researcher_add_from_source, source_links_refresh_enqueue
from profiles.sources import SourceClient

LINK_FIELDS = ("kind", "external_id", "last_fetched_at", "last_outcome", "last_detail", "next_refresh_at")


class SourceLinkInline(admin.TabularInline):
    """On the researcher page: every linked source and how its last fetch went."""

    model = SourceLink
    extra = 0
    can_delete = False
    fields = LINK_FIELDS
    readonly_fields = LINK_FIELDS
    verbose_name = "live source"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SourceLink)
class SourceLinkAdmin(admin.ModelAdmin):
    list_display = ("researcher_link", "kind", "external_id", "last_fetched_at", "last_outcome", "next_refresh_at")
    list_filter = ("kind", "last_outcome")
    search_fields = ("researcher__name", "external_id")
    list_select_related = ("researcher",)
    readonly_fields = ("researcher", "kind", "external_id", "validators", "last_fetched_at", "last_outcome",
                       "last_detail", "failures", "next_refresh_at", "created_at")
    actions = ["refresh_selected"]

    def has_add_permission(self, request):
        return False  # links are made by adding a researcher from a source (the tool page)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("add-researcher/", view(self.add_researcher_view), name="profiles_sourcelink_add_researcher"),
        ] + super().get_urls()

    @admin.display(description="Researcher", ordering="researcher__name")
    def researcher_link(self, obj):
        url = reverse("admin:profiles_researcher_change", args=[obj.researcher_id])
        return format_html('<a href="{}">{}</a>', url, obj.researcher.name)

    @admin.action(permissions=["change"], description="Refresh the selected sources now (in the background)")
    def refresh_selected(self, request, queryset):
        ids = list(queryset.values_list("id", flat=True))
        source_links_refresh_enqueue(link_ids=ids)
        self.message_user(request, f"Queued the refresh of {len(ids)} source(s); outcomes appear here as they finish.",
                          messages.SUCCESS)

    def add_researcher_view(self, request):
        if not request.user.has_perm("profiles.add_researcher"):
            raise PermissionDenied
        form = ResearcherSourceForm(request.POST or None)
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                with SourceClient() as client:
                    result = researcher_add_from_source(ref=form.cleaned_data["ref"],
                                                        source=form.cleaned_data["source"], client=client)
            except SourceAddError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                if result.ok and result.researcher_id and not result.candidates:
                    self.message_user(request, result.summary(), messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:profiles_researcher_change", args=[result.researcher_id]))
                if not result.ok:
                    self.message_user(request, result.summary(), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a researcher from a source",
            "opts": self.model._meta,
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/profiles/sourcelink/add_researcher.html", context)
