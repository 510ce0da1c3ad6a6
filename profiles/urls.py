"""Profiles URLs: the faculty directory, researcher pages, matches and the applicant profile."""
from django.urls import path

from . import views
from .views.matches import applicant_cv_download, applicant_cv_upload
from .views.sources import researcher_add

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("matches/", views.matches, name="matches"),
    path("me/", views.applicant_profile, name="applicant_profile"),
    path("me/cv/", applicant_cv_upload, name="applicant_cv_upload"),
    path("me/cv/file/", applicant_cv_download, name="applicant_cv_download"),
    path("researchers/add/", researcher_add, name="researcher_add"),
    path("researchers/<slug:slug>/", views.researcher_detail, name="researcher_detail"),
]
