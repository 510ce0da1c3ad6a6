"""Catalogue URLs: the faculty directory, researcher pages, and adding a researcher from a source."""
from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("researchers/add/", views.researcher_add, name="researcher_add"),
    path("researchers/add/paste/", views.researcher_paste, name="researcher_paste"),
    path("researchers/add/department/", views.department_add, name="department_add"),
    path("researchers/add/department/<int:pk>/", views.department_progress, name="department_progress"),
    path("researchers/add/department/<int:pk>/choose/", views.department_choose, name="department_choose"),
    path("researchers/<slug:slug>/", views.researcher_detail, name="researcher_detail"),
]
