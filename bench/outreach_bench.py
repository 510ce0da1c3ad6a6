"""Outreach benchmark: the time per draft, and a bulk run of N drafts through a real Celery
worker, beside the bare Jinja2 render time of the same template (the baseline, same process).

    .venv/bin/python bench/outreach_bench.py [--drafts 500] [--papers 8] [--runs 200]

Uses a throwaway SQLite database and a filesystem broker in a temp folder. Prints, per draft:
bare Jinja2 render (plain Environment) → the sandboxed render (thread, deadline and size
guards) → a full draft render (context from the database, paper choice, grounding check) →
a saved draft (plus history, timeline); then the bulk job through `start_worker`, each as a
ratio of the bare render.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ("sparse attention long context retrieval graph neural networks causal inference robust "
         "optimization federated privacy vision language reinforcement planning protein design "
         "diffusion models speech recognition compilers verification").split()


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def ms(samples: list[float]) -> str:
    s = sorted(samples)
    return f"p50 {statistics.median(s) * 1e3:8.3f} ms  p95 {s[int(len(s) * 0.95) - 1] * 1e3:8.3f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=500)
    ap.add_argument("--papers", type=int, default=8, help="papers per researcher")
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["CELERY_BROKER_DIR"] = str(work / "broker")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    for sub in ("queue", "processed"):
        (work / "broker" / sub).mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    import random

    import jinja2
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from applicants.models import ApplicantProfile
    from outreach import sandbox
    from outreach.models import BulkDraftJob, Draft
    from outreach.services import (
        bulk_job_create,
        default_template,
        draft_create,
        draft_render,
    )
    from profiles.models import Authorship, Paper, Researcher
    from shortlist.models import ShortlistEntry

    rng = random.Random(7)
    user = get_user_model().objects.create_user("bench", password="x")
    ApplicantProfile.objects.create(
        user=user, full_name="Ada Lovelace", program="PhD in Computer Science",
        interests="sparse attention, long context, retrieval", methods="efficient transformers",
        background="I built a retrieval system for legal documents.",
    )
    now = timezone.now()
    researchers = Researcher.objects.bulk_create([
        Researcher(name=f"Researcher{i} Surname{i}", slug=f"r-{i}", name_key=f"r{i}",
                   title="Professor of Computer Science", affiliation=f"University {i % 40}",
                   department="Computer Science")
        for i in range(args.drafts)
    ])
    papers = Paper.objects.bulk_create([
        Paper(title=f"{' '.join(w.title() for w in rng.sample(WORDS, 5))} Study {i}", title_key=f"p{i}",
              date=date(2026, 6, 1) - timedelta(days=rng.randint(0, 3000)),
              abstract=" ".join(rng.choices(WORDS, k=60)))
        for i in range(args.drafts * args.papers)
    ])
    Authorship.objects.bulk_create([
        Authorship(researcher=researchers[i // args.papers], paper=p) for i, p in enumerate(papers)
    ])
    ShortlistEntry.objects.bulk_create([
        ShortlistEntry(user=user, researcher=r, status="considering", status_changed_at=now, saved_at=now,
                       personal_hook="Your paper on sparse attention changed how I think about retrieval.")
        for r in researchers
    ])
    print(f"catalogue: {len(researchers)} researchers, {len(papers)} papers; {args.drafts} entries")

    template = default_template("first_contact")
    r0 = researchers[0]
    rendered = draft_render(user=user, researcher=r0, template=template)
    context = rendered.context
    bare_env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    bare = bare_env.from_string(template.body)
    compiled = sandbox.compile_template(template.body, part="body")
    assert bare.render(**context).strip() == sandbox.render(compiled, context).strip()

    bare_t = timed(lambda: bare.render(**context), args.runs)
    sand_t = timed(lambda: sandbox.render(compiled, context), args.runs)
    full_t = timed(lambda: draft_render(user=user, researcher=r0, template=template), max(20, args.runs // 4))
    others = iter(researchers[1:])
    save_t = timed(lambda: draft_create(user=user, researcher=next(others), template_key=template.key),
                   min(50, args.drafts - 1))
    Draft.objects.all().delete()
    base = statistics.median(bare_t)
    print(f"bare Jinja2 render       {ms(bare_t)}  1.0x")
    print(f"sandboxed render         {ms(sand_t)}  {statistics.median(sand_t) / base:8.1f}x")
    print(f"draft render + checks    {ms(full_t)}  {statistics.median(full_t) / base:8.1f}x")
    print(f"draft saved (one)        {ms(save_t)}  {statistics.median(save_t) / base:8.1f}x")

    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        t = time.perf_counter()
        job = bulk_job_create(user=user, entry_status="considering", template_key=template.key)
        while True:
            job.refresh_from_db()
            if job.state in ("done", "failed"):
                break
            if time.perf_counter() - t > 1800:
                raise SystemExit("bulk job did not finish in 30 minutes")
            time.sleep(0.2)
        wall = time.perf_counter() - t
    count = Draft.objects.filter(bulk_job=job).count()
    assert count == args.drafts and job.failed == 0, (count, job.failed, job.errors[:3])
    per = wall / count
    print(f"bulk via real worker     {count} drafts in {wall:6.2f} s = {per * 1e3:8.3f} ms/draft  {per / base:8.1f}x")
    # A second run of the same job must add nothing.
    from outreach.services import bulk_job_run

    BulkDraftJob.objects.filter(pk=job.pk).update(state="running")
    bulk_job_run(job_id=job.pk)
    print(f"re-run of the same job   drafts now {Draft.objects.filter(bulk_job=job).count()} (unchanged)")


if __name__ == "__main__":
    main()
