"""Add a researcher from a scholarly profile: paste a link, search a name, or (when the sources
cannot be reached) paste the text of their page."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.ratelimit import rate_limit

from ..forms_sources import CapturePasteForm, ResearcherSourceForm
from ..models import CaptureOutcome, SourceOutcome
from ..selectors import researchers_visible_to
from ..services import SourceAddError, capture_date_from, capture_import, capture_preview, researcher_add_from_source
from ..sources import SourceClient

TEMPLATE = "profiles/researcher_add.html"
PASTE_TEMPLATE = "profiles/researcher_paste.html"
# A page waits for at most this many pages per source; the rest comes with the next refresh,
# which a capped fetch makes due at once.
WEB_MAX_PAGES = 2


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("source-fetch", setting="RATELIMIT_OUTSIDE_SERVICE")  # each POST fetches from outside
def researcher_add(request):
    form = ResearcherSourceForm(request.POST or None)
    context = {"form": form, "result": None, "error": "", "researcher": None, "searched_on": "",
               "unreachable": False}
    if request.method == "POST" and form.is_valid():
        context["searched_on"] = form.searched_name_on()
        try:
            with SourceClient() as client:
                result = researcher_add_from_source(ref=form.cleaned_data["ref"], source=form.cleaned_data["source"],
                                                    client=client, max_pages=WEB_MAX_PAGES, added_by=request.user)
        except SourceAddError as error:
            context["error"] = str(error)
        else:
            context["result"] = result
            context["unreachable"] = result.outcome == SourceOutcome.UNREACHABLE
            if result.researcher_id:
                # Someone else's proposal, not yet published, stays theirs: the page says it
                # waits for a curator without naming it or linking to it.
                context["researcher"] = researchers_visible_to(user=request.user).filter(pk=result.researcher_id).first()
                context["waiting_for_someone_else"] = context["researcher"] is None
    template = f"{TEMPLATE}#result" if request.htmx else TEMPLATE
    # htmx swaps only 2xx answers: the message goes in the page either way.
    refused = request.method == "POST" and (form.errors or context["error"])
    status = 400 if refused and not request.htmx else 200
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("capture-paste", setting="RATELIMIT_OUTSIDE_SERVICE")
def researcher_paste(request):
    """A page's text, pasted: "Preview" shows what importing it would do (nothing written, the
    admin's upload preview); "Import" imports it as a capture by this user."""
    form = CapturePasteForm(request.POST or None)
    context = {"form": form, "preview": None, "result": None, "researcher": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raw = data["text"].encode("utf-8")
        # Left empty: the date the page shows, else today (text pasted now was copied now; an
        # old copy kept in a file goes through the admin's upload, which asks).
        shown = None if data["captured_on"] else capture_date_from(raw, today=timezone.localdate())
        captured_on = data["captured_on"] or shown or timezone.localdate()
        context["copied_on"] = (captured_on, "the date you gave" if data["captured_on"] else
                                "the date the page shows" if shown else "today, the day you pasted it")
        if request.POST.get("action") == "import":
            result = capture_import(raw=raw, captured_on=captured_on, filename="pasted page",
                                    researcher_name=data["researcher_name"] or None, uploaded_by=request.user)
            context["result"] = result
            if result.ok and result.researcher_id:
                context["researcher"] = researchers_visible_to(user=request.user).filter(pk=result.researcher_id).first()
            status = 200 if result.capture_id is not None else 400
            return render(request, PASTE_TEMPLATE, context, status=status)
        preview = capture_preview(raw=raw, captured_on=captured_on, filename="pasted page",
                                  researcher_name=data["researcher_name"] or None)
        context["preview"] = preview
        context["importable"] = preview["outcome"] == CaptureOutcome.IMPORTED
        return render(request, PASTE_TEMPLATE, context, status=400 if preview["outcome"] == "refused" else 200)
    return render(request, PASTE_TEMPLATE, context, status=400 if form.errors else 200)
