"""Catalogue URLs: the faculty directory and researcher pages."""
from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("researchers/<slug:slug>/", views.researcher_detail, name="researcher_detail"),
]
