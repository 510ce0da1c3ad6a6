"""Best matches and the applicant profile (placeholder until the match issue)."""
from django.http import HttpResponse


def matches(request):
    return HttpResponse("Best matches")


def applicant_profile(request):
    return HttpResponse("My profile")
