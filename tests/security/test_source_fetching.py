"""Requests to scholarly sources stay where they were sent (audit finding L): a redirect may not
leave the source's host, a DBLP id cannot steer the path or the query, a response is read only
up to a size cap, and every failure of the HTTP client is a message on the page, never a 500.

The "sources" here are real HTTP servers on this machine, playing a hostile or broken service.
"""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from profiles.models import Researcher
from profiles.services import SourceAddError, researcher_add_from_source
from profiles.sources import SourceClient, SourceError, SourceRefused, parse_ref
from tests.factories.outreach import UserFactory


class Hostile(BaseHTTPRequestHandler):
    """Redirects elsewhere, in circles, or answers with far too much."""

    hits: list[str] = []
    elsewhere = ""  # another host's base URL

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).hits.append(self.path)
        path = self.path.split("?")[0]
        if path == "/pid/x/away.xml":
            return self._send(302, b"", {"Location": f"{self.elsewhere}/steal"})
        if path == "/pid/x/loop.xml":
            return self._send(302, b"", {"Location": "/pid/x/loop.xml"})
        if path == "/pid/x/moved.xml":
            return self._send(301, b"", {"Location": "/pid/x/here.xml"})
        if path == "/pid/x/here.xml":
            return self._send(200, b"<dblpperson/>", {"Content-Type": "application/xml"})
        if path == "/big-declared":
            return self._send(200, b"x" * 300_000, {})
        if path == "/big-chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(30):
                chunk = b"y" * 10_000
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
            return None
        return self._send(404, b"", {})

    def _send(self, status, body, headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve(host: str):
    server = ThreadingHTTPServer((host, 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def hostile(settings):
    Hostile.hits = []
    source, source_thread = _serve("127.0.0.1")
    # The same machine under another name is another host, as far as a redirect is concerned.
    Hostile.elsewhere = f"http://localhost:{source.server_address[1]}"
    settings.DBLP_URL = f"http://127.0.0.1:{source.server_address[1]}"
    settings.SOURCES_MAX_RETRIES = 0
    yield settings.DBLP_URL
    source.shutdown()
    source.server_close()
    source_thread.join(timeout=5)


def test_a_redirect_to_another_host_is_refused_and_not_followed(hostile):
    with SourceClient() as client, pytest.raises(SourceRefused, match="redirected the request to another host"):
        client.get("dblp", f"{hostile}/pid/x/away.xml")
    assert "/steal" not in Hostile.hits


def test_a_redirect_within_the_source_is_followed(hostile):
    with SourceClient() as client:
        fetched = client.get("dblp", f"{hostile}/pid/x/moved.xml")
    assert fetched.body == b"<dblpperson/>" and fetched.url.endswith("/pid/x/here.xml")


def test_endless_redirects_are_a_message_on_the_page_not_a_500(db, client, hostile, settings):
    settings.RATELIMIT_OUTSIDE_SERVICE = "100/h"
    client.force_login(UserFactory())
    response = client.post(reverse("profiles:researcher_add"), {"ref": "x/loop", "source": "dblp"})
    assert response.status_code == 200  # the page answered; the source did not
    assert "redirected too many times" in response.content.decode()
    assert not Researcher.objects.exists()


@pytest.mark.parametrize("path", ["/big-declared", "/big-chunked"])
def test_a_response_over_the_size_cap_is_not_read(hostile, settings, path):
    settings.SOURCES_MAX_RESPONSE_BYTES = 100_000
    with SourceClient() as client, pytest.raises(SourceRefused, match="more than the 100,000 bytes"):
        client.get("dblp", f"{hostile}{path}")


@pytest.mark.parametrize("ref", ["../../x", "a/b?x=1", "a/b#c", "a/../../b", "a/b/c", "a/%2e%2e", "a /b", "a/b\tc"])
def test_a_dblp_id_that_would_steer_the_path_is_refused_before_any_request(db, hostile, ref):
    with SourceClient() as client, pytest.raises((SourceAddError, SourceError)):
        researcher_add_from_source(ref=ref, source="dblp", client=client)
    assert Hostile.hits == []


@pytest.mark.parametrize("ref", ["h/GeoffreyEHinton", "66/4615-1", "https://dblp.org/pid/01/1234.html"])
def test_real_dblp_ids_are_still_read(ref):
    kind, external_id = parse_ref(ref, source="dblp")
    assert kind == "dblp" and "/" in external_id
