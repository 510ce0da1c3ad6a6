"""Shortlist in the admin: read-mostly, for support."""
from django.contrib import admin

from .models import EntryEvent, Notice, ShortlistEntry, Tag


class EntryEventInline(admin.TabularInline):
    model = EntryEvent
    extra = 0
    readonly_fields = ("kind", "payload", "at")


@admin.register(ShortlistEntry)
class ShortlistEntryAdmin(admin.ModelAdmin):
    list_display = ("researcher", "user", "status", "priority", "follow_up_on", "saved_at", "removed_at")
    list_filter = ("status", "priority")
    search_fields = ("researcher__name", "user__username")
    raw_id_fields = ("user", "researcher")
    inlines = [EntryEventInline]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "text", "created_at", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("user", "entry")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "user")
    raw_id_fields = ("user",)
