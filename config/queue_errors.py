"""What a request says when the work it just recorded could not be handed to the background
worker: the broker (Redis) is down or not answering.

Work is sent to the worker once the request's own writes have committed
(``ScoutTask.enqueue_on_commit``), so by then what the user saved is in the database. The
site's 500 page says the change may not have been saved and to try again, which here is wrong
twice: it was saved, and sending it again can do the work twice (a second "draft all" job
drafts every email again). This page says what happened instead."""
from __future__ import annotations

import logging

from django.shortcuts import render
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


class QueueUnreachableMiddleware:
    """Renders templates/queue_unreachable.html (status 503) for a broker error a view raised."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, BrokerError):
            return None
        logger.warning("The task queue did not take the work of %s %s (%s)", request.method, request.path, exception)
        template = "queue_unreachable.html#message" if getattr(request, "htmx", False) else "queue_unreachable.html"
        # htmx swaps only 2xx answers: the message goes in the page either way.
        return render(request, template, status=200 if getattr(request, "htmx", False) else 503)
