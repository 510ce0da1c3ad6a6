"""Sign-up (log-in and log-out are Django's own views)."""
from django.http import HttpResponse


def signup(request):
    return HttpResponse("Sign up")
