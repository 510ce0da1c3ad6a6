"""Shortlist URLs."""
from django.urls import path

from . import views

app_name = "shortlist"
urlpatterns = [
    path("", views.shortlist_page, name="list"),
    path("board/", views.board, name="board"),
    path("save/<int:researcher_id>/", views.save_toggle, name="toggle"),
    path("entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/notes/", views.entry_notes, name="entry_notes"),
    path("entries/<int:pk>/status/", views.entry_status, name="entry_status"),
    path("entries/<int:pk>/details/", views.entry_details, name="entry_details"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("entries/<int:pk>/restore/", views.entry_restore, name="entry_restore"),
    path("entries/<int:pk>/row/", views.entry_row, name="entry_row"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("import/", views.import_csv, name="import"),
    path("funnel/", views.funnel, name="funnel"),
]
