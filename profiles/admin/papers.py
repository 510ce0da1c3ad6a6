"""The paper admin: search, filters, hide, and locked edits."""
from __future__ import annotations

from django.contrib import admin

from profiles.models import Authorship, Paper
from profiles.services import paper_delete, paper_set_hidden

from .filters import AuthorshipCheckFilter, YearFilter
from .hiding import HideActionsMixin
from .locking import LockedFieldsAdminMixin
from .writes import ServiceDeletesMixin


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    can_delete = False
    fields = ("researcher", "basis", "source", "created_at")
    readonly_fields = fields
    verbose_name = "catalogue author"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Paper)
class PaperAdmin(ServiceDeletesMixin, HideActionsMixin, LockedFieldsAdminMixin, admin.ModelAdmin):
    set_hidden = staticmethod(lambda obj, hidden: paper_set_hidden(paper=obj, hidden=hidden))
    delete_one = staticmethod(lambda obj: paper_delete(paper=obj))
    hidden_noun = "paper"
    list_display = ("title", "date", "has_code", "open_access", "hidden", "locked_count")
    list_filter = ("hidden", AuthorshipCheckFilter, "has_code", "open_access", YearFilter)
    search_fields = ("title", "authors")
    readonly_fields = ("title_key", "identity_key", "locked_fields_display", "created_at", "updated_at")
    inlines = [AuthorshipInline]
    actions = ["hide_selected", "unhide_selected"]
    fieldsets = (
        (None, {"fields": ("title", "date", "date_precision", "arxiv_id", "doi", "venues", "kind", "authors",
                           "author_count", "authors_complete", "abstract", "abstract_complete", "comments")}),
        ("Curation", {"fields": ("hidden", "locked_fields_display", "unlock_fields")}),
        ("Details", {"fields": ("open_access", "has_code", "categories", "orgs")}),
        ("Record", {"classes": ("collapse",), "fields": ("title_key", "identity_key", "created_at", "updated_at")}),
    )

    def has_add_permission(self, request):
        # A paper arrives with a capture or a source, attached to its authors on the grounds
        # the import checked; one typed in here would belong to nobody and match nothing.
        return False
