"""Top-level URLs: the admin (curators' panel), accounts, and each app."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("profiles.urls")),
]
