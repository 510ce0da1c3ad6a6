"""Outreach pages (placeholder until its issue builds them)."""
from django.http import HttpResponse


def template_list(request):
    return HttpResponse("outreach")
