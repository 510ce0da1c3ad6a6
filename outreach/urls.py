"""Outreach URLs."""
from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.template_list, name="templates"),
    path("templates/new/", views.template_edit, name="template_new"),
    path("templates/preview/", views.template_preview, name="template_preview"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
    path("drafts/", views.draft_list, name="drafts"),
    path("drafts/new/", views.draft_new, name="draft_new"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("drafts/<int:pk>/edit/", views.draft_edit, name="draft_edit"),
    path("drafts/<int:pk>/swap/", views.draft_swap, name="draft_swap"),
    path("drafts/<int:pk>/draft.eml", views.draft_eml, name="draft_eml"),
    path("bulk/", views.bulk_new, name="bulk_new"),
    path("bulk/<int:pk>/", views.bulk_detail, name="bulk_detail"),
    path("bulk/<int:pk>/resume/", views.bulk_resume, name="bulk_resume"),
]
