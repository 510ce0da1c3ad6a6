"""Profiles pages (placeholders until the directory and match issues build them)."""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Researcher


def directory(request):
    return HttpResponse("Advisor Scout")


def matches(request):
    return HttpResponse("Best matches")


def applicant_profile(request):
    return HttpResponse("My profile")


def signup(request):
    return HttpResponse("Sign up")


def researcher_detail(request, slug):
    researcher = get_object_or_404(Researcher, slug=slug)
    return HttpResponse(researcher.name, content_type="text/plain")
