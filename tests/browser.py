"""Playwright on Debian's chromium for the page tests: one browser setup for every app."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

# As the machine's notes advise for a root, offline sandbox: no sandbox, GPU or background
# networking (the closed network would refuse those connections, many at a time).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def page(live_server, monkeypatch):
    """A fresh browser page on the live test server (relative URLs resolve against it)."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        browser.close()


def log_in_as(page, user, live_server) -> None:
    """Give the browser a signed-in session for ``user`` without going through the form."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
