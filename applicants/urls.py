"""The applicant's own pages: their profile and CV."""
from django.urls import path

from . import views

app_name = "applicants"
urlpatterns = [
    path("me/", views.applicant_profile, name="profile"),
    path("me/cv/", views.applicant_cv_upload, name="cv_upload"),
    path("me/cv/file/", views.applicant_cv_download, name="cv_download"),
]
