from django.apps import AppConfig


class ShortlistConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shortlist"
