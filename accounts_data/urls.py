"""The applicant's own data: /me/data/."""
from django.urls import path

from . import views

app_name = "accounts_data"
urlpatterns = [
    path("", views.data_page, name="data"),
    path("export/", views.data_export, name="export"),
    path("import/", views.data_import, name="import"),
    path("delete/", views.account_delete, name="delete"),
]
