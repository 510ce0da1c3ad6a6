"""Shortlist pages (placeholder until its issue builds them)."""
from django.http import HttpResponse


def shortlist_page(request):
    return HttpResponse("shortlist")
