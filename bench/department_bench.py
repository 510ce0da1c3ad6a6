"""Department bench: a 100-person faculty page resolved (and imported) against a local fake
OpenAlex that keeps OpenAlex's polite limit (10 requests a second, 429 to anyone faster).

    python bench/department_bench.py [--people 100]

The fake (tests/fixtures/sources/openalex_fake.py) holds the real recorded Bangor University
institution and, for the page's people, the real recorded author objects with each person's
id and name put in: most are at Bangor now, some have a namesake there too (need a choice),
some left for another institution, some are unknown. In one process, against a fresh SQLite
database (or DATABASE_URL), with the published rate limits slept for real:

1. bare: the same requests the resolution makes (the institution search, one author search per
   person), as plain httpx GETs, unpaced; and the polite floor, requests / 10 per second;
2. resolve: ``department_preview``, everyone resolved, nothing written (issue 20: under 30 s);
3. add: ``department_add``, resolved again and the sure people imported (author + works each).

It prints each time, the ratio of the resolution to the bare requests and to the polite floor,
the requests made and how many the fake refused for going too fast.
"""
from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures.sources.openalex_fake import BANGOR, FakeOpenAlex, recorded_authors  # noqa: E402

FIRST = ["Aled", "Bethan", "Carys", "Dafydd", "Eleri", "Ffion", "Gareth", "Haf", "Iwan", "Jac", "Lowri", "Meinir",
         "Nia", "Owain", "Rhian", "Sioned", "Tomos", "Wyn", "Alys", "Bryn"]
LAST = ["Ellis", "Griffith", "Hughes", "Jenkins", "Lloyd", "Morgan", "Parry", "Powell", "Pritchard", "Rowlands"]
BANGOR_INSTITUTION = {"id": f"https://openalex.org/{BANGOR}", "display_name": "Bangor University",
                      "ror": "https://ror.org/006jb1a24", "country_code": "GB", "type": "education",
                      "lineage": [f"https://openalex.org/{BANGOR}"]}
ELSEWHERE = {"id": "https://openalex.org/I16038530", "display_name": "Aberystwyth University",
             "ror": "https://ror.org/015m2p889", "country_code": "GB", "type": "education",
             "lineage": ["https://openalex.org/I16038530"]}


def person(template: dict, number: int, name: str, *, at_bangor: bool) -> dict:
    author = copy.deepcopy(template)
    author["id"] = f"https://openalex.org/A{9_000_000_000 + number}"
    author["ids"] = {"openalex": author["id"]}
    author["orcid"] = None
    author["display_name"], author["display_name_alternatives"] = name, [name]
    now = BANGOR_INSTITUTION if at_bangor else ELSEWHERE
    author["last_known_institutions"] = [now]
    author["affiliations"] = [{"institution": now, "years": [2025, 2024, 2023]},
                              {"institution": BANGOR_INSTITUTION, "years": [2018, 2017]}]
    return author


def department(people: int):
    """The fake's authors and the page's people: 80% sure, 5% with a namesake at Bangor,
    10% left for elsewhere, 5% unknown to the source."""
    from profiles.importers.faculty_directory import FacultyDirectory, FacultyMember

    templates = recorded_authors()
    authors, members = [], []
    for n in range(people):
        name = f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]}" + (f" {n // 200 + 1}" if n >= 200 else "")
        members.append(FacultyMember(name=name, title="Lecturer", role="faculty"))
        kind = n % 20
        template = templates[n % len(templates)]
        if kind in (3, 9):  # left for another institution
            authors.append(person(template, n, name, at_bangor=False))
        elif kind == 13:  # unknown to the source
            continue
        else:
            authors.append(person(template, n, name, at_bangor=True))
            if kind == 17:  # a second profile of the same name at Bangor
                authors.append(person(template, 100_000 + n, name, at_bangor=True))
    return authors, FacultyDirectory(people=members, department="School of Computer Science")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=100)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="department-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import httpx
    from django.conf import settings
    from django.core.management import call_command

    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False  # measure the department, not index rebuilds
    from profiles.models import Researcher
    from profiles.services import department_add, department_preview
    from profiles.sources import SourceClient, openalex

    call_command("migrate", verbosity=0)
    authors, directory = department(args.people)
    institutions = [i for i in FakeOpenAlex().institutions.values() if i["id"].endswith(BANGOR)]
    fake = FakeOpenAlex(authors=authors, institutions=institutions, per_second=10.0)
    server, url = fake.serve()
    settings.OPENALEX_URL = url
    interval = settings.SOURCES_MIN_INTERVALS["openalex"]
    print(f"department bench: {args.people} people on the page, local fake OpenAlex at {url} keeping "
          f"10 requests/s; our interval {interval} s")

    requests = [openalex.institution_search_request("Bangor University")] + [
        openalex.search_at_request(m.name, BANGOR) for m in directory.people]
    started = time.perf_counter()
    fake.per_second = 1e9  # the bare requests are not held to the limit: they are the floor of work
    with httpx.Client() as http:
        for request in requests:
            http.get(request.url, params=dict(request.params)).raise_for_status()
    bare_s = time.perf_counter() - started
    fake.per_second, fake._tokens = 10.0, 10.0
    polite_s = len(requests) / 10.0

    time.sleep(1.0)  # let the fake's bucket fill again
    fake.refused, fake.log = 0, []
    started = time.perf_counter()
    with SourceClient() as client:
        report = department_preview(directory=directory, institution_name="Bangor University", client=client)
        resolve_requests = client.requests
    resolve_s = time.perf_counter() - started
    assert not report.error, report.error
    counts = report.counts()
    resolve_refused = fake.refused

    time.sleep(1.0)
    fake.refused = 0
    started = time.perf_counter()
    with SourceClient() as client:
        added = department_add(raw=b"bench page", directory=directory, institution_name="Bangor University",
                               client=client)
        add_requests = client.requests
    add_s = time.perf_counter() - started
    assert not added.error, added.error
    added_counts = added.counts()

    print(f"  resolved: {counts['sure']} sure, {counts['needs_choice']} need a choice, {counts['not_found']} not found")
    print(f"  bare requests ({len(requests)} GETs, unpaced):        {bare_s:7.2f} s")
    print(f"  polite floor ({len(requests)} requests at 10/s):       {polite_s:7.2f} s")
    print(f"  resolve ({resolve_requests} requests, {resolve_refused} refused 429): {resolve_s:7.2f} s   "
          f"x{resolve_s / bare_s:.1f} the bare requests, x{resolve_s / polite_s:.2f} the polite floor   "
          f"{'under' if resolve_s < 30 else 'OVER'} the 30 s target")
    print(f"  resolve + import ({add_requests} requests, {fake.refused} refused 429): {add_s:7.2f} s   "
          f"(import alone ~{add_s - resolve_s:.2f} s for {added_counts['imported']} people, "
          f"{Researcher.objects.count()} researchers in the catalogue)")
    server.shutdown()


if __name__ == "__main__":
    main()
