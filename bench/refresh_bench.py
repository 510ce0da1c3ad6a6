"""Refresh benchmark: 1,000 researchers refreshed from a local fake OpenAlex.

    python bench/refresh_bench.py [--researchers 1000] [--papers 20]

A ThreadingHTTPServer on 127.0.0.1 answers like OpenAlex (its bodies are the real recorded
author and works responses of tests/fixtures/sources, with each researcher's id, name and
paper titles put in). In one process, against a fresh SQLite database (or DATABASE_URL):

1. new pages: every researcher's author object and works page answer 200 with new papers;
2. all 304: every conditional request answers 304 (nothing changed);

each through the real refresh service (client, rate limiter, capture import), and each with
a baseline from the same process on the same server: bare httpx GETs of the same URLs for
requests/s, the importers alone on the same bodies for papers/s. Rate limits are kept on a
virtual clock at the published intervals (SOURCES_MIN_INTERVALS): the time they would make
us wait is counted, not slept, and reported as a share of the refresh's own work.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "sources"
sys.path.insert(0, str(ROOT))

AUTHOR = json.loads((FIXTURES / "openalex_author_joseph_mearman.json").read_text())
WORKS = json.loads((FIXTURES / "openalex_works_joseph_mearman.json").read_text())
TEMPLATE_WORK = WORKS["results"][0]  # has an abstract_inverted_index, venue, DOI and authorships


class FakeOpenAlex:
    """Bodies per researcher and round; a round change gives new ETags and new papers."""

    def __init__(self, papers: int):
        self.papers = papers
        self.round = 0
        self.cache: dict[tuple[str, int, int], bytes] = {}

    def next_round(self) -> None:
        self.round += 1
        self.cache.clear()  # a round's bodies are large (real OpenAlex works are): keep one round

    def etag(self, n: int) -> str:
        return f'"A{n}-r{self.round}"'

    def author(self, n: int) -> bytes:
        key = ("author", n, self.round)
        if key not in self.cache:
            body = dict(AUTHOR, id=f"https://openalex.org/A{n}", display_name=f"Bench Researcher {n}",
                        works_count=self.papers * (self.round + 1))
            self.cache[key] = json.dumps(body).encode()
        return self.cache[key]

    def works(self, n: int) -> bytes:
        key = ("works", n, self.round)
        if key not in self.cache:
            results = []
            for i in range(self.papers):
                work = json.loads(json.dumps(TEMPLATE_WORK))
                work["id"] = f"https://openalex.org/W{n}{self.round:02d}{i:04d}"
                work["doi"] = None  # each paper its own identity (the template's DOI would merge them all)
                work["ids"] = {"openalex": work["id"]}
                work["display_name"] = work["title"] = f"Bench study {n} round {self.round} number {i} of sparse things"
                work["authorships"][0]["author"] = {"id": f"https://openalex.org/A{n}",
                                                    "display_name": f"Bench Researcher {n}", "orcid": None}
                results.append(work)
            body = dict(WORKS, meta=dict(WORKS["meta"], count=self.papers, per_page=200), results=results)
            self.cache[key] = json.dumps(body).encode()
        return self.cache[key]


def serve(api: FakeOpenAlex) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real services

        def do_GET(self):  # noqa: N802
            url = urlsplit(self.path)
            if url.path.startswith("/authors/A"):
                n = int(url.path.rsplit("A", 1)[1])
                if self.headers.get("If-None-Match") == api.etag(n):
                    return self.send(304, b"", api.etag(n))
                return self.send(200, api.author(n), api.etag(n))
            if url.path == "/works":
                n = int(parse_qs(url.query)["filter"][0].rsplit("A", 1)[1])
                return self.send(200, api.works(n), "")
            return self.send(404, b"{}", "")

        def send(self, status, body, etag):
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class VirtualWait:
    """A clock that runs with real time plus every wait the rate limiter asked for, which is
    counted instead of slept."""

    def __init__(self):
        self.offset = 0.0

    def clock(self) -> float:
        return time.monotonic() + self.offset

    def sleep(self, seconds: float) -> None:
        self.offset += seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--researchers", type=int, default=1000)
    ap.add_argument("--papers", type=int, default=20, help="papers per researcher and round")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="refresh-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import httpx
    from django.conf import settings
    from django.core.management import call_command

    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False  # measure the refresh, not index rebuilds
    from profiles.importers import decode_capture, parse_capture
    from profiles.models import Paper, Researcher, SourceLink, SourceOutcome
    from profiles.services import source_link_refresh
    from profiles.sources import RateLimiter, SourceClient

    call_command("migrate", verbosity=0)
    api = FakeOpenAlex(args.papers)
    server = serve(api)
    settings.OPENALEX_URL = f"http://127.0.0.1:{server.server_address[1]}"
    published = dict(settings.SOURCES_MIN_INTERVALS)
    n_range = range(1, args.researchers + 1)
    for n in n_range:
        person = Researcher.objects.create(name=f"Bench Researcher {n}", name_key=f"bench researcher {n}",
                                           slug=f"bench-researcher-{n}")
        SourceLink.objects.create(researcher=person, kind="openalex", external_id=f"A{n}")

    def refresh_all() -> tuple[float, float, int, int]:
        virtual = VirtualWait()
        limiter = RateLimiter(published, clock=virtual.clock, sleep=virtual.sleep)
        started = time.perf_counter()
        with SourceClient(limiter=limiter) as client:
            for link in SourceLink.objects.select_related("researcher").order_by("id"):
                result = source_link_refresh(link=link, client=client)
                assert result.ok, result.summary()
            requests = client.requests
        return time.perf_counter() - started, limiter.waited, requests, Paper.objects.count()

    def bare_gets(conditional: bool) -> tuple[float, int]:
        started = time.perf_counter()
        with httpx.Client() as http:
            for n in n_range:
                headers = {"If-None-Match": api.etag(n)} if conditional else {}
                http.get(f"{settings.OPENALEX_URL}/authors/A{n}", headers=headers)
                if not conditional:
                    http.get(f"{settings.OPENALEX_URL}/works", params={"filter": f"author.id:A{n}", "page": "1"})
        return time.perf_counter() - started, args.researchers * (1 if conditional else 2)

    def parse_only() -> tuple[float, int]:
        started, papers = time.perf_counter(), 0
        for n in n_range:
            for body, layout in ((api.author(n), "openalex_author"), (api.works(n), "openalex_works")):
                text, _ = decode_capture(body, max_bytes=settings.CAPTURE_MAX_BYTES)
                papers += len(parse_capture(text, captured_on=django.utils.timezone.localdate(), layout=layout).papers)
        return time.perf_counter() - started, papers

    print(f"refresh bench: {args.researchers} researchers, {args.papers} papers each per round, "
          f"local fake OpenAlex at {settings.OPENALEX_URL}")
    # First fetch: everything is new (also the warm-up).
    refresh_all()
    before = Paper.objects.count()
    api.next_round()  # new ETags and new papers everywhere
    new_s, new_wait, new_requests, after = refresh_all()
    new_papers = after - before
    assert new_papers == args.researchers * args.papers, (new_papers, "every new work should be a new paper")
    base_s, base_requests = bare_gets(conditional=False)
    parse_s, parse_papers = parse_only()
    same_s, same_wait, same_requests, unchanged = refresh_all()
    assert unchanged == after and set(SourceLink.objects.values_list("last_outcome", flat=True)) == {SourceOutcome.NOT_MODIFIED}
    base304_s, base304_requests = bare_gets(conditional=True)
    server.shutdown()

    def line(label, value, unit, base_value):
        print(f"  {label:<44} {value:>10,.1f} {unit:<11} baseline {base_value:>10,.1f}   ratio {value / base_value:6.3f}")

    print("with new pages (200, new papers for every researcher):")
    line("requests/s (refresh vs bare GETs)", new_requests / new_s, "req/s", base_requests / base_s)
    line("papers/s (refresh vs importers alone)", new_papers / new_s, "papers/s", parse_papers / parse_s)
    print(f"  rate-limit wait at published intervals: {new_wait:,.1f} s vs own work {new_s:,.1f} s "
          f"-> waiting is {new_wait / (new_wait + new_s):.0%} of the run")
    print("all 304 (nothing changed):")
    line("requests/s (refresh vs bare conditional GETs)", same_requests / same_s, "req/s", base304_requests / base304_s)
    print(f"  rate-limit wait at published intervals: {same_wait:,.1f} s vs own work {same_s:,.1f} s "
          f"-> waiting is {same_wait / (same_wait + same_s):.0%} of the run")
    print(f"  intervals: {published}")
    shutil.rmtree(work, ignore_errors=True)  # every body is stored as a capture: hundreds of MB


if __name__ == "__main__":
    main()
