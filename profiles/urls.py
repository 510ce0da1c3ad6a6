"""Profiles URLs: the faculty directory, researcher pages, matches and the applicant profile."""
from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("matches/", views.matches, name="matches"),
    path("me/", views.applicant_profile, name="applicant_profile"),
    path("researchers/<slug:slug>/", views.researcher_detail, name="researcher_detail"),
]
