"""Shortlist models: each user's saved researchers, their outreach pipeline, timeline and
in-app notices."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class Status(models.TextChoices):
    CONSIDERING = "considering", "Considering"
    DRAFTING = "drafting", "Drafting"
    CONTACTED = "contacted", "Contacted"
    REPLIED = "replied", "Replied"
    MEETING = "meeting", "Meeting"
    APPLIED = "applied", "Applied"
    DECLINED = "declined", "Declined"
    NOT_A_FIT = "not_a_fit", "Not a fit"


# The forward pipeline, in order; declined / not a fit close an entry at any point.
PIPELINE = [
    Status.CONSIDERING, Status.DRAFTING, Status.CONTACTED, Status.REPLIED, Status.MEETING,
    Status.APPLIED,
]
CLOSED = [Status.DECLINED, Status.NOT_A_FIT]


class Priority(models.IntegerChoices):
    LOW = 1, "Low"
    NORMAL = 2, "Normal"
    HIGH = 3, "High"


class Tag(models.Model):
    """A user's own label for entries ("robotics", "dream school"); private to that user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlist_tags")
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="one_tag_name_per_user")]

    def __str__(self) -> str:
        return self.name


class ShortlistEntry(models.Model):
    """One researcher on one user's shortlist, with where the outreach stands."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlist_entries")
    # PROTECT: deleting a researcher in the admin must not silently drop users' entries.
    researcher = models.ForeignKey("profiles.Researcher", on_delete=models.PROTECT, related_name="shortlist_entries")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONSIDERING, db_index=True)
    status_changed_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    # Optimistic concurrency for the notes autosave: a save must name the version it edited.
    notes_version = models.PositiveIntegerField(default=0)
    personal_hook = models.TextField(
        blank=True, help_text="A sentence about one of their papers, used when drafting emails."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="entries")
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    follow_up_on = models.DateField(null=True, blank=True, db_index=True)
    match_score_at_save = models.FloatField(null=True, blank=True)
    saved_at = models.DateTimeField()
    # Removing keeps the row (and its notes) so saving the researcher again restores them.
    removed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-priority", "researcher__name"]
        verbose_name_plural = "shortlist entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "researcher"], name="one_entry_per_user_and_researcher")
        ]

    def __str__(self) -> str:
        return f"{self.researcher} on {self.user}'s shortlist"

    def get_absolute_url(self) -> str:
        return reverse("shortlist:entry_detail", kwargs={"pk": self.pk})


class EventKind(models.TextChoices):
    SAVED = "saved", "Saved"
    REMOVED = "removed", "Removed"
    STATUS = "status", "Status changed"
    NOTE = "note", "Notes edited"
    DETAILS = "details", "Details changed"
    DRAFT = "draft", "Draft made"
    NEW_PAPER = "new_paper", "New paper"
    MERGED = "merged", "Merged"


class EntryEvent(models.Model):
    """One line of an entry's timeline; payload holds the details (statuses, template, papers)."""

    entry = models.ForeignKey(ShortlistEntry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    payload = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class NoticeKind(models.TextChoices):
    NEW_PAPER = "new_paper", "New paper"
    FOLLOW_UP = "follow_up", "Follow-ups due"


class Notice(models.Model):
    """An in-app message for one user, optionally about one entry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlist_notices")
    entry = models.ForeignKey(ShortlistEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    text = models.TextField()
    payload = models.JSONField(default=dict, blank=True)
    # Makes a scheduled notice idempotent: the daily reminder for one day is created once.
    dedupe_key = models.CharField(max_length=100, null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="one_notice_per_user_and_key")
        ]

    def __str__(self) -> str:
        return self.text
