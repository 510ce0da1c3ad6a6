"""Add a researcher from a scholarly profile: paste a link, or search a name."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from config.ratelimit import rate_limit

from ..forms_sources import ResearcherSourceForm
from ..models import Researcher
from ..services import SourceAddError, researcher_add_from_source
from ..sources import SourceClient

TEMPLATE = "profiles/researcher_add.html"
# A page waits for at most this many pages per source; the rest comes with the next refresh,
# which a capped fetch makes due at once.
WEB_MAX_PAGES = 2


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("source-fetch", setting="RATELIMIT_OUTSIDE_SERVICE")  # each POST fetches from outside
def researcher_add(request):
    form = ResearcherSourceForm(request.POST or None)
    context = {"form": form, "result": None, "error": "", "researcher": None}
    if request.method == "POST" and form.is_valid():
        try:
            with SourceClient() as client:
                result = researcher_add_from_source(ref=form.cleaned_data["ref"], source=form.cleaned_data["source"],
                                                    client=client, max_pages=WEB_MAX_PAGES)
        except SourceAddError as error:
            context["error"] = str(error)
        else:
            context["result"] = result
            if result.researcher_id:
                context["researcher"] = Researcher.objects.filter(pk=result.researcher_id).first()
    template = f"{TEMPLATE}#result" if request.htmx else TEMPLATE
    # htmx swaps only 2xx answers: the message goes in the page either way.
    refused = request.method == "POST" and (form.errors or context["error"])
    status = 400 if refused and not request.htmx else 200
    return render(request, template, context, status=status)
