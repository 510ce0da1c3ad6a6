"""The site's 500 page, which must show even when its own parts fail.

templates/500.html links the stylesheet through the static files manifest: on a deployment
that forgot `collectstatic` (or a manifest from another release) that lookup raises, and
Django's handler then answered an empty 500. Here the page falls back to the same words
without the stylesheet."""
from __future__ import annotations

import logging

from django.http import HttpResponseServerError
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

PLAIN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Something went wrong · Advisor Scout</title></head>
<body><main><h1>Something went wrong on our side</h1>
<p>Your last change may not have been saved. Go back and try again; if it keeps happening, tell the
person who runs this site what you were doing.</p><p><a href="/">Back to the directory</a></p></main></body>
</html>"""


def server_error(request, template_name="500.html"):
    try:
        return django_server_error(request, template_name)
    except Exception:  # noqa: BLE001 - the error page's own parts failed: never a blank answer
        logger.exception("The 500 page could not be rendered; answered with its plain form")
        return HttpResponseServerError(PLAIN)
