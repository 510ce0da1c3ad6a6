"""The applicant's own profile: interests, methods, CV and match weights."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible

from .cv import MAX_TEXT_CHARS

# Room for a full statement of interests, far more than the match reads (it takes a query's
# 48 most telling words), and a bound on what a paste can put in every form and query.
PROSE_MAX_CHARS = 5_000
LIST_MAX_CHARS = 1_000


@deconstructible
class TextCap(MaxLengthValidator):
    """A length cap on free text whose message says how long the text is, not only the cap."""

    message = "At most %(limit)s characters here; this has %(shown)s. Shorten it to what matters most."

    def __call__(self, value):
        if len(value) > self.limit_value:
            raise ValidationError(self.message, code="max_length",
                                  params={"limit": f"{self.limit_value:,}", "shown": f"{len(value):,}"})


class ApplicantProfile(models.Model):
    """The applicant's own profile: what the match score ranks faculty against."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    full_name = models.CharField(max_length=200, blank=True)
    program = models.CharField(max_length=200, blank=True)  # e.g. "PhD in Computer Science, Fall 2027"
    interests = models.TextField(blank=True, validators=[TextCap(PROSE_MAX_CHARS)])
    methods = models.TextField(blank=True, validators=[TextCap(PROSE_MAX_CHARS)])
    keywords = models.TextField(blank=True, validators=[TextCap(LIST_MAX_CHARS)])
    background = models.TextField(blank=True, validators=[TextCap(PROSE_MAX_CHARS)])
    preferred_fields = models.TextField(blank=True, validators=[TextCap(LIST_MAX_CHARS)])
    preferred_institutions = models.TextField(blank=True, validators=[TextCap(LIST_MAX_CHARS)])
    cv_file = models.FileField(upload_to="cv/%Y/%m/", blank=True)
    cv_filename = models.CharField(max_length=300, blank=True)
    cv_text = models.TextField(blank=True, validators=[TextCap(MAX_TEXT_CHARS)])  # what a CV upload keeps
    match_weights = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Moved from the profiles app without moving data: the table keeps its name.
        db_table = "profiles_applicantprofile"

    def __str__(self) -> str:
        return f"Profile of {self.user}"
