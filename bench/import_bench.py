"""Import benchmark: 2,000 generated captures through the real import service.

    python bench/import_bench.py [--researchers 2000] [--papers 50] [--keep DIR] [--import-only]
                                 [--profile FILE]

Generates captures with ../shared/bench/gen_captures.py (the seed layouts at scale), then in
one process: parses every file (the parse-only baseline), and imports every file into a fresh
SQLite database (or DATABASE_URL if set). Prints captures/s, papers/s, MB/s, the import's
cost as a ratio of parsing alone, the issue's target for the database in use (2,000 captures
on the embedded SQLite in 30 s, 10,000 on PostgreSQL in 150 s; scaled linearly at other
counts) and whether it is met, and resident memory as the count grows (it should stay
flat: each capture is imported and dropped). Also checks the result against truth.jsonl.

Then, on the imported catalogue: the paper vectors of the hybrid match (matching/embedding.py)
for every paper (papers/s, against parsing), and directory search in titles and abstracts
(full-text: FTS5 on SQLite, GIN on PostgreSQL) against a plain LIKE scan of the same papers.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generated import captures_generate  # noqa: E402  (a sibling module)


# Issue 23: (captures, seconds) single-process, per database.
IMPORT_TARGETS = {"sqlite": (2000, 30), "postgresql": (10_000, 150)}


def rss_mb() -> float:
    """Current resident memory of this process (not the peak), from /proc."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--researchers", type=int, default=2000)
    ap.add_argument("--papers", type=int, default=50)
    ap.add_argument("--import-only", action="store_true", help="stop after the import and its check")
    ap.add_argument("--keep", type=Path, help="write captures and the database here instead of a temp dir")
    ap.add_argument("--profile", type=Path, help="write a cProfile of the full import here")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    captures_dir = captures_generate(work / "captures", pages=args.researchers, papers=args.papers, quiet=False)
    db_path = work / "bench.sqlite3"
    db_path.unlink(missing_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db_path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Production settings: under DEBUG Django keeps every query's SQL, which production does not.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["CAPTURE_MAX_BYTES"] = str(50 * 1024 * 1024)

    import django

    django.setup()
    from django.conf import settings

    # Measure the import alone: no match-index rebuild requests into the developer's broker.
    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False
    from django.core.management import call_command

    from profiles.importers import decode_capture, parse_capture
    from profiles.models import Capture, Paper, Researcher
    from profiles.services import CaptureImportBatch

    call_command("migrate", verbosity=0)
    truth = [json.loads(line) for line in (captures_dir / "truth.jsonl").read_text().splitlines()]
    files = [(captures_dir / t["file"], date.fromisoformat(t["captured_on"])) for t in truth]
    total_mb = sum(p.stat().st_size for p, _ in files) / 1e6

    def raws():
        # One file in memory at a time, so resident memory shows what the import keeps.
        for path, day in files:
            yield path.read_bytes(), day, path.name

    # Baseline: parsing alone, same files, same process.
    started, cpu_started = time.perf_counter(), time.process_time()
    entries = 0
    for raw, day, _ in raws():
        text, _ = decode_capture(raw, max_bytes=len(raw) + 1)
        entries += len(parse_capture(text, captured_on=day).papers)
    parse_s, parse_cpu = time.perf_counter() - started, time.process_time() - cpu_started

    # Full import, with memory sampled as the count grows.
    memory = []
    checkpoints = {len(files) // 4, len(files) // 2, 3 * len(files) // 4, len(files)}
    profiler = cProfile.Profile() if args.profile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    failed = 0
    # As import_profiles imports a folder: a few captures parsed, then written in one commit.
    if profiler:
        profiler.enable()
    with CaptureImportBatch() as batch:
        arguments = (dict(raw=raw, captured_on=day, filename=name) for raw, day, name in raws())
        for i, (_, result) in enumerate(batch.capture_import_each(arguments), 1):
            failed += (not result.ok) and result.reason != "awaiting_assignment"
            if i in checkpoints:
                memory.append((i, rss_mb()))
    if profiler:
        profiler.disable()
    import_s, import_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if profiler:
        profiler.dump_stats(str(args.profile))

    n = len(files)
    print(f"captures: {n} files, {total_mb:.1f} MB, {entries:,} paper entries")
    print(f"parse only   : {parse_s:7.2f} s  {n / parse_s:8.1f} captures/s  {entries / parse_s:9.0f} papers/s  "
          f"{total_mb / parse_s:6.1f} MB/s")
    print(f"full import  : {import_s:7.2f} s  {n / import_s:8.1f} captures/s  {entries / import_s:9.0f} papers/s  "
          f"{total_mb / import_s:6.1f} MB/s")
    print(f"ratio        : full import takes {import_s / parse_s:.1f}x the parse-only time")
    # CPU time of this process (SQLite runs in it): steadier than wall time on a shared machine.
    print(f"ratio (CPU)  : {import_cpu:.2f} s of CPU against {parse_cpu:.2f} s = {import_cpu / parse_cpu:.1f}x"
          + (" (PostgreSQL's own CPU not counted)" if os.environ["DATABASE_URL"].startswith("postgres") else ""))
    from django.db import connection

    target_n, target_s = IMPORT_TARGETS[connection.vendor]
    scaled = target_s * n / target_n
    print(f"target       : {target_n:,} captures in {target_s} s on {connection.vendor} "
          f"(= {scaled:.1f} s for {n:,}): {import_s:.1f} s, {'met' if import_s <= scaled else 'NOT met'}"
          f"{'' if n == target_n else ' (scaled: measure at ' + format(target_n, ',') + ' to decide)'}")
    print("memory (RSS) : " + ", ".join(f"{i} captures {mb:.0f} MB" for i, mb in memory))
    growth = memory[-1][1] - memory[0][1]
    print(f"memory growth from {memory[0][0]} to {memory[-1][0]} captures: {growth:+.0f} MB")

    # Correctness at scale: every named capture imported, one record per researcher.
    named = [t for t in truth if t["researcher"]]
    print(f"check        : {Researcher.objects.count()} researchers (truth {len({t['researcher'] for t in named})}), "
          f"{Capture.objects.count()} captures stored, {Paper.objects.count():,} distinct papers, "
          f"{failed} failed imports")
    from django.db.models import Count

    from profiles.importers import name_key

    counts = dict(Researcher.objects.annotate(n=Count("authorships")).values_list("name_key", "n"))
    wrong = [t["researcher"] for t in named if counts.get(name_key(t["researcher"])) != t["papers"]]
    print(f"check        : {len(named) - len(wrong)} of {len(named)} researchers have exactly the papers "
          f"their capture lists")
    if wrong or failed or Researcher.objects.count() != len({t["researcher"] for t in named}):
        sys.exit("benchmark check failed: see the counts above")
    if not args.import_only:
        vectors_and_search(entries / parse_s)


def vectors_and_search(parse_papers_per_s: float) -> None:
    """Paper vectors for the match index, and directory full-text search, on the imported rows."""
    from django.db.models import Q

    from matching.embedding import embedding_model
    from matching.index import paper_text
    from profiles.models import Paper
    from profiles.selectors import papers_matching

    rows = list(Paper.objects.values("title", "abstract"))
    model = embedding_model()
    model.encode([paper_text(r) for r in rows[:200]])  # warm up
    started = time.perf_counter()
    vectors = model.encode(paper_text(r) for r in rows)
    vec_s = time.perf_counter() - started
    print(f"paper vectors: {len(rows):,} papers in {vec_s:.2f} s = {len(rows) / vec_s:,.0f} papers/s "
          f"({vectors.shape[1]} dims; {len(rows) / vec_s / parse_papers_per_s:.2f}x the parse-only papers/s)")

    queries = ["loss of plasticity", "speculative decoding", "differentially private clustering",
               "time series forecasting", "bilevel optimization", "graph neural networks",
               "quantization", "federated learning", "attention", "matrix completion"]

    def like_scan(q):
        match = Q()
        for word in q.split():
            match &= Q(title__icontains=word) | Q(abstract__icontains=word)
        return list(Paper.objects.filter(match, hidden=False).values_list("id", flat=True)[:5000])

    timings = {}
    for name, fn in (("full-text", papers_matching), ("LIKE scan", like_scan)):
        fn(queries[0])
        ms = []
        for q in queries:
            started = time.perf_counter()
            fn(q)
            ms.append((time.perf_counter() - started) * 1000)
        timings[name] = ms
    for name, ms in timings.items():
        print(f"paper search : {name:10} p50 {statistics.median(ms):7.1f} ms  max {max(ms):7.1f} ms "
              f"over {len(queries)} queries")
    print(f"paper search : full-text is {statistics.median(timings['LIKE scan']) / statistics.median(timings['full-text']):.1f}x "
          f"faster than the LIKE scan (p50)")


if __name__ == "__main__":
    main()
