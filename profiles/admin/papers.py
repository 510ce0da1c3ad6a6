"""The paper admin: search, filters, hide, and locked edits."""
from __future__ import annotations

from django.contrib import admin, messages

from profiles.models import Authorship, Paper
from profiles.services import paper_set_hidden

from .filters import YearFilter
from .locking import LockedFieldsAdminMixin


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    can_delete = False
    fields = ("researcher", "source", "created_at")
    readonly_fields = fields
    verbose_name = "catalogue author"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Paper)
class PaperAdmin(LockedFieldsAdminMixin, admin.ModelAdmin):
    list_display = ("title", "date", "has_code", "open_access", "hidden", "locked_count")
    list_filter = ("hidden", "has_code", "open_access", YearFilter)
    search_fields = ("title", "authors")
    readonly_fields = ("title_key", "locked_fields_display", "created_at", "updated_at")
    inlines = [AuthorshipInline]
    actions = ["hide_selected", "unhide_selected"]
    fieldsets = (
        (None, {"fields": ("title", "date", "venues", "kind", "authors", "author_count", "abstract")}),
        ("Curation", {"fields": ("hidden", "locked_fields_display", "unlock_fields")}),
        ("Details", {"fields": ("open_access", "has_code", "categories", "orgs")}),
        ("Record", {"classes": ("collapse",), "fields": ("title_key", "created_at", "updated_at")}),
    )

    @admin.action(permissions=["change"], description="Hide selected papers from the public pages")
    def hide_selected(self, request, queryset):
        for paper in queryset:
            paper_set_hidden(paper=paper, hidden=True)
        self.message_user(request, f"Hid {len(queryset)} paper(s).", messages.SUCCESS)

    @admin.action(permissions=["change"], description="Show selected papers again")
    def unhide_selected(self, request, queryset):
        for paper in queryset:
            paper_set_hidden(paper=paper, hidden=False)
        self.message_user(request, f"Showed {len(queryset)} paper(s) again.", messages.SUCCESS)
