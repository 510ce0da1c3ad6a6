"""Live-source tests never wait: no rate-limit gaps, tiny back-offs (each test that checks
waiting uses a fake clock instead)."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.fixtures.sources import source_bytes


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    settings.SOURCES_MIN_INTERVALS = {kind: 0.0 for kind in ("openalex", "arxiv", "s2", "orcid", "dblp")}
    settings.SOURCES_RETRY_BACKOFF_SECONDS = 0.001
    settings.SOURCES_MAX_RETRIES = 2
    settings.SOURCES_CONTACT_EMAIL = "curator@example.org"


AUTHOR = source_bytes("openalex_author_joseph_mearman.json")
WORKS = source_bytes("openalex_works_joseph_mearman.json")
SEARCH = source_bytes("openalex_author_search_mearman.json")
ETAG = '"mearman-v1"'


class OpenAlexLike(BaseHTTPRequestHandler):
    """Plays OpenAlex for one author, recording what it was asked."""

    log: list[tuple[str, str | None, int]] = []
    author_hits = 0

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path.startswith("/authors/A5017898742"):
            type(self).author_hits += 1
            if type(self).author_hits == 1:
                return self._send(429, b"", {"Retry-After": "1"})
            if self.headers.get("If-None-Match") == ETAG:
                return self._send(304, b"", {"ETag": ETAG})
            return self._send(200, AUTHOR, {"ETag": ETAG, "Content-Type": "application/json"})
        if self.path.startswith("/authors?"):
            return self._send(200, SEARCH, {"Content-Type": "application/json"})
        if self.path.startswith("/works?"):
            return self._send(200, WORKS, {"Content-Type": "application/json"})
        return self._send(404, b"{}", {})

    def _send(self, status, body, headers):
        type(self).log.append((self.path.split("?")[0], self.headers.get("If-None-Match"), status))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def openalex_server(settings):
    OpenAlexLike.log, OpenAlexLike.author_hits = [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), OpenAlexLike)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OPENALEX_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SOURCES_RETRY_BACKOFF_SECONDS = 0.01
    yield OpenAlexLike
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
