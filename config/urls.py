"""Top-level URLs: the admin (curators' panel), accounts, and each app."""
from django.contrib import admin
from django.urls import include, path

from applicants import views as applicant_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/signup/", applicant_views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("shortlist/", include("shortlist.urls")),
    path("outreach/", include("outreach.urls")),
    path("", include("applicants.urls")),
    path("", include("matching.urls")),
    path("", include("profiles.urls")),
]
