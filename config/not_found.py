"""The site's own "Page not found" for every 404 a view raises, DEBUG or not.

Under DEBUG Django answers a view's Http404 with its technical page, which lists the URL
patterns; `make run` runs with DEBUG on, so that is what a newcomer met on a stale link. A view
that knows more (a researcher a curator hid) renders its own page instead of raising."""
from __future__ import annotations

from django.http import Http404
from django.views.defaults import page_not_found


class SiteNotFoundMiddleware:
    """Renders templates/404.html (status 404) for an Http404 raised by a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
