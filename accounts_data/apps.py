from django.apps import AppConfig


class AccountsDataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts_data"
    verbose_name = "Users' own data"
