"""The faculty directory and researcher pages (placeholder until the directory issue)."""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from ..models import Researcher


def directory(request):
    return HttpResponse("Advisor Scout")


def researcher_detail(request, slug):
    researcher = get_object_or_404(Researcher, slug=slug)
    return HttpResponse(researcher.name, content_type="text/plain")
