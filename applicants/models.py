"""The applicant's own profile: interests, methods, CV and match weights."""
from django.conf import settings
from django.db import models


class ApplicantProfile(models.Model):
    """The applicant's own profile: what the match score ranks faculty against."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    full_name = models.CharField(max_length=200, blank=True)
    program = models.CharField(max_length=200, blank=True)  # e.g. "PhD in Computer Science, Fall 2027"
    interests = models.TextField(blank=True)
    methods = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    background = models.TextField(blank=True)
    preferred_fields = models.TextField(blank=True)
    preferred_institutions = models.TextField(blank=True)
    cv_file = models.FileField(upload_to="cv/%Y/%m/", blank=True)
    cv_filename = models.CharField(max_length=300, blank=True)
    cv_text = models.TextField(blank=True)
    match_weights = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Moved from the profiles app without moving data: the table keeps its name.
        db_table = "profiles_applicantprofile"

    def __str__(self) -> str:
        return f"Profile of {self.user}"
