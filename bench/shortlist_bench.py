"""Shortlist page benchmark: the table with N entries through the Django test client, beside
a bare template render of the same number of rows (the baseline, run in the same process).

    .venv/bin/python bench/shortlist_bench.py [--entries 500] [--runs 60]

Prints the query count (at 50 and at N entries: it must not grow), p50/p95 of the page and
of the baseline, and their ratio. Uses a throwaway SQLite database in a temp folder.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _populate(n: int):
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from profiles.models import Researcher
    from shortlist.models import Notice, NoticeKind, ShortlistEntry, Status, Tag

    user = get_user_model().objects.create_user("bench", password="bench-pass-123")
    researchers = Researcher.objects.bulk_create(
        Researcher(name=f"Researcher Ünïcode {i:04d}", slug=f"r-{i}", name_key=f"researcher{i}",
                   affiliation=f"University {i % 37}", hidden=(i % 50 == 0))
        for i in range(n)
    )
    tags = Tag.objects.bulk_create(Tag(user=user, name=f"tag{i}") for i in range(8))
    now, today = timezone.now(), timezone.localdate()
    statuses = Status.values
    entries = ShortlistEntry.objects.bulk_create(
        ShortlistEntry(user=user, researcher=r, status=statuses[i % len(statuses)], status_changed_at=now,
                       saved_at=now - dt.timedelta(minutes=i), priority=1 + i % 3,
                       follow_up_on=today + dt.timedelta(days=(i % 20) - 5) if i % 2 else None,
                       match_score_at_save=(i % 100) / 100, notes="note " * 20)
        for i, r in enumerate(researchers)
    )
    through = ShortlistEntry.tags.through
    through.objects.bulk_create(
        through(shortlistentry_id=e.pk, tag_id=tags[j].pk) for i, e in enumerate(entries) for j in range(i % 3)
    )
    Notice.objects.bulk_create(
        Notice(user=user, entry=e, kind=NoticeKind.NEW_PAPER, text="new paper") for e in entries[::10]
    )
    return user


def _timings(fn, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call (CPU time shows the work itself when other
    processes share the machine)."""
    for _ in range(5):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


# The baseline: the same rows and cells from plain dicts of ready strings, i.e. the least a
# Django template can spend on a table this size.
BASELINE = """<table>{% for r in rows %}<tr><td><a href="/shortlist/entries/{{ r.id }}/">{{ r.name }}</a></td><td>{{ r.affiliation }}</td>
<td>{{ r.status }}</td><td>{{ r.priority }}</td><td>{% for t in r.tags %}<span class="tag">{{ t }}</span>{% endfor %}</td>
<td>{{ r.follow_up_on }}</td><td>{{ r.score }}</td><td>{{ r.saved_at }}</td></tr>{% endfor %}</table>"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp) / "bench.sqlite3")
        from django.db import connection
        from django.template import Context, Template
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from shortlist.models import ShortlistEntry
        from shortlist.selectors import shortlist_entries

        user = _populate(args.entries)
        client = Client()
        client.force_login(user)
        url = reverse("shortlist:list")

        def page():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        counts = {}
        for keep in (50, args.entries):
            ids = list(ShortlistEntry.objects.order_by("id").values_list("id", flat=True))
            ShortlistEntry.objects.filter(id__in=ids[keep:]).update(removed_at=None)
            ShortlistEntry.objects.filter(id__in=ids[keep:]).update(removed_at="2000-01-01T00:00:00Z")
            with CaptureQueriesContext(connection) as queries:
                body = page().content
            counts[keep] = len(queries)
        ShortlistEntry.objects.update(removed_at=None)
        rows_rendered = page().content.count(b"<tr") - 1  # less the header row

        page_ms, page_cpu = _timings(page, args.runs)
        # The same after gc.freeze(): start-up objects (Django, the test data) moved out of the
        # collector's reach, as a pre-forked production worker does; shows what GC pauses cost.
        gc.collect()
        gc.freeze()
        frozen_ms, frozen_cpu = _timings(page, args.runs)
        gc.unfreeze()
        rows = [
            {"id": e.pk, "name": e.researcher.name, "affiliation": e.researcher.affiliation,
             "status": str(e.get_status_display()), "priority": str(e.get_priority_display()),
             "tags": [t.name for t in e.tag_list], "follow_up_on": str(e.follow_up_on or ""),
             "score": f"{e.match_score_at_save:.2f}", "saved_at": e.saved_at.date().isoformat()}
            for e in shortlist_entries(user=user)
        ]
        # The baseline renders as many rows as the page shows (the table is cut into pages).
        rows = rows[:rows_rendered]
        template = Template(BASELINE)
        bare_ms, bare_cpu = _timings(lambda: template.render(Context({"rows": rows})), args.runs)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"shortlist page of {args.entries} entries, {rows_rendered} rows rendered (one page), {args.runs} runs (sqlite, Django test client; "
          f"load average {load} on {os.cpu_count()} cores)")
    print(f"  queries: {counts[50]} with 50 entries, {counts[args.entries]} with {args.entries} "
          f"({'constant' if counts[50] == counts[args.entries] else 'GROWS'})")
    print("                   wall p50   wall p95    cpu p50    cpu p95")
    rows_out = (("page", page_ms, page_cpu), ("page, gc frozen", frozen_ms, frozen_cpu), ("bare template", bare_ms, bare_cpu))
    for label, wall, cpu in rows_out:
        print(f"  {label:<15} {_p(wall, 50):8.1f}   {_p(wall, 95):8.1f}   {_p(cpu, 50):8.1f}   {_p(cpu, 95):8.1f}  ms")
    print(f"  ratio page/bare: p50 {_p(page_ms, 50) / _p(bare_ms, 50):.2f}x, p95 {_p(page_ms, 95) / _p(bare_ms, 95):.2f}x "
          f"(cpu p95 {_p(page_cpu, 95) / _p(bare_cpu, 95):.2f}x)")
    # config/wsgi.py freezes start-up objects exactly like this, so "gc frozen" is the page as
    # served (runserver and production); the unfrozen run shows what a full collection costs.
    print(f"  budget p95 < 100 ms as served (gc frozen, as config/wsgi.py does): "
          f"{'OK' if _p(frozen_ms, 95) < 100 else 'OVER'}; without the freeze: "
          f"{'OK' if _p(page_ms, 95) < 100 else 'OVER'}")
    del body
    return 0 if counts[50] == counts[args.entries] and _p(page_ms, 95) < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
