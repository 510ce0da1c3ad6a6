"""Top-level URLs: the admin (curators' panel), accounts, and each app."""
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.urls import include, path
from django_celery_beat.models import ClockedSchedule, SolarSchedule
from django_celery_results.models import GroupResult, TaskResult

from applicants import views as applicant_views

# Curators come to the admin for the catalogue: the login-lockout log, Celery's raw task results
# and beat schedule kinds nothing here uses only crowd its index. (Axes lockouts are still
# cleared with `manage.py axes_reset`; periodic tasks and their crontab/interval stay.)
for model in (AccessAttempt, AccessFailureLog, AccessLog, TaskResult, GroupResult, ClockedSchedule, SolarSchedule):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/signup/", applicant_views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("shortlist/", include("shortlist.urls")),
    path("outreach/", include("outreach.urls")),
    path("", include("serving.urls")),
    path("me/data/", include("accounts_data.urls")),
    path("", include("applicants.urls")),
    path("", include("matching.urls")),
    path("", include("profiles.urls")),
]
handler500 = "config.errors.server_error"
