"""Shortlist URLs."""
from django.urls import path

from . import views

app_name = "shortlist"
urlpatterns = [
    path("", views.shortlist_page, name="list"),
]
