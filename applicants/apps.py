from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    """The applicant's own side: sign-up, their profile, CV and match weights."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "applicants"
