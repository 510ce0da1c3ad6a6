"""The applicant's data page: download everything as one archive, import one, delete the account."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.ratelimit import rate_limit
from config.uploads import refused_uploads, upload_size_limit

from .exceptions import UserDataError
from .forms import DeleteAccountForm, ImportForm
from .selectors import user_data_archive
from .services import user_account_delete, user_data_import


@login_required
@require_GET
def data_page(request):
    return render(request, "accounts_data/data.html", {"import_form": ImportForm()})


@login_required
@require_GET
def data_export(request):
    """Everything the user owns, as one zip; private like the CV."""
    response = HttpResponse(user_data_archive(user=request.user), content_type="application/zip")
    name = f"advisor-scout-{request.user.get_username()}-{timezone.now():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _import_max_bytes() -> int:
    return settings.DATA_IMPORT_MAX_BYTES


# The size limit applies while the upload streams in: a huge file is cut off at the limit, never
# written whole to a temporary file first.
@upload_size_limit(_import_max_bytes)
@login_required
@require_POST
@rate_limit("data-import", setting="RATELIMIT_DATA_IMPORT")
def data_import(request):
    form = ImportForm(request.POST, request.FILES, refused=refused_uploads(request, "archive"))
    if form.is_valid():
        try:
            summary = user_data_import(user=request.user, raw=form.cleaned_data["archive"].read(),
                                       allow_missing=form.cleaned_data["allow_missing"])
        except UserDataError as exc:
            form.add_error("archive", str(exc))
        else:
            messages.success(request, summary.message())
            return redirect("accounts_data:data")
    return render(request, "accounts_data/data.html", {"import_form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_account_delete(user=user)
        messages.success(request, "Your account and everything in it, your CV file included, are deleted.")
        return redirect("profiles:directory")
    return render(request, "accounts_data/delete.html", {"form": form}, status=400 if form.errors else 200)
