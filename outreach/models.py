"""Outreach models: the user's own email templates, drafts with their full version history, and
bulk drafting jobs."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class EmailTemplate(models.Model):
    """A user's own template: a subject and a plain-text body, both sandboxed Jinja2 source."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_templates")
    name = models.CharField(max_length=100)
    subject_source = models.TextField()
    body_source = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="one_template_name_per_user")]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        return f"user:{self.pk}"


class BulkState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class BulkDraftJob(models.Model):
    """"Draft for all entries in status X": the entries are fixed when the job is made, so a
    retried task works through the same list and skips entries already drafted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulk_draft_jobs")
    entry_status = models.CharField(max_length=20)
    template_key = models.CharField(max_length=50)
    template_name = models.CharField(max_length=100)
    entry_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"entry_id", "researcher", "message"}]
    state = models.CharField(max_length=10, choices=BulkState.choices, default=BulkState.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Bulk drafts for {self.entry_status} ({self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return int(100 * (self.done + self.failed) / self.total) if self.total else 100

    @property
    def finished(self) -> bool:
        return self.state in (BulkState.DONE, BulkState.FAILED)

    def get_absolute_url(self) -> str:
        return reverse("outreach:bulk_detail", kwargs={"pk": self.pk})


class Draft(models.Model):
    """One email to one researcher, with the template it came from. Its text lives in
    DraftVersion rows: generated versions are never changed, edits add versions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    researcher = models.ForeignKey("profiles.Researcher", on_delete=models.PROTECT, related_name="drafts")
    entry = models.ForeignKey(
        "shortlist.ShortlistEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    template_key = models.CharField(max_length=50)
    template_name = models.CharField(max_length=100)
    # The exact template source used, so the record survives the template being edited.
    template_subject = models.TextField()
    template_body = models.TextField()
    bulk_job = models.ForeignKey(
        BulkDraftJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    # Why the optional language-model polish was skipped or rejected (the versions stay as made).
    polish_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A retried bulk task can never draft the same entry twice in one job.
            models.UniqueConstraint(
                fields=["bulk_job", "entry"], condition=Q(bulk_job__isnull=False),
                name="one_draft_per_entry_per_bulk_job",
            )
        ]

    def __str__(self) -> str:
        return f"Draft to {self.researcher} ({self.template_name})"

    def get_absolute_url(self) -> str:
        return reverse("outreach:draft_detail", kwargs={"pk": self.pk})


class VersionSource(models.TextChoices):
    GENERATED = "generated", "Generated from the template"
    EDITED = "edited", "Edited by hand"
    POLISHED = "polished", "Polished by the language model"


class DraftVersion(models.Model):
    """One version of a draft's text, with the papers it was built from and the flags the
    grounding check raised on it. Never updated once written."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=VersionSource.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # [{"paper_id", "title", "date", "venue", "reason"}]: exactly the papers the render used.
    papers = models.JSONField(default=list, blank=True)
    # The plain-data context the template saw (generated versions only).
    context = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)  # [Flag.as_dict()]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="one_version_number_per_draft")]

    def __str__(self) -> str:
        return f"v{self.number} ({self.source}) of {self.draft}"
