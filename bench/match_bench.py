"""Match benchmark: rank N researchers (~50 papers each) for one applicant, top 50 with reasons.

    python bench/match_bench.py [--researchers 10000] [--papers 50] [--scales 2500,5000,10000]
                                [--queries 40] [--keep DIR]

Generates captures with ../shared/bench/gen_captures.py, parses them with the real parsers
(no ORM), and builds the match index from the parsed rows. For each scale it prints the index
build time, the memory it holds, and p50/p95 latency of a ranked, explained top 50 for applicant
queries, beside a brute-force baseline run in the same process on the same index: score every
paper, take each researcher's best five, rank everyone, explain the top 50 the same way. The last
lines give the ratio and the cost per researcher across scales (it should stay flat: linear),
and the issue's targets at 10,000 researchers (met or not). With --keep, the parsed rows are
kept beside the captures too, so a second run goes straight to the index build.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generated import captures_generate, pages_for_named  # noqa: E402  (a sibling module)
TOP = 50
# The targets at 10,000 researchers (issue 23): an explained top 50 at p95 and the index
# build (with the paper vectors), on the 2-core machine.
TARGET_RESEARCHERS, TARGET_P95_MS, TARGET_BUILD_S = 10_000, 50.0, 30.0


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def _parse(path_and_day):
    from profiles.importers import parse_capture

    path, day = path_and_day
    parsed = parse_capture(Path(path).read_text(encoding="utf-8"), captured_on=day)
    return (parsed.researcher_name, parsed.affiliation, list(parsed.topics), parsed.about,
            [(p.title, p.abstract, p.date) for p in parsed.papers])


def load_rows(captures: Path, today: date) -> dict:
    """Parsed captures as the plain rows MatchIndex takes (researchers by name, papers by title)."""
    from profiles.importers import name_key, title_key

    files = sorted(p for p in captures.glob("*.txt"))
    researchers, papers, authorships = {}, {}, set()
    with ProcessPoolExecutor(max_workers=2) as pool:
        for name, affiliation, topics, about, plist in pool.map(_parse, [(str(f), today) for f in files], chunksize=64):
            if not name:
                continue  # a page naming nobody waits for a curator; it is not in the catalogue
            key = name_key(name)
            r = researchers.setdefault(key, {
                "id": len(researchers) + 1, "name": name, "slug": key.replace(" ", "-"),
                "affiliation": affiliation or "", "topics": topics, "about": about or "",
                "taking_students": "unknown", "captured_on": today})
            for title, abstract, day in plist:
                tk = title_key(title)
                p = papers.setdefault(tk, {"id": len(papers) + 1, "title": title, "abstract": abstract, "date": day})
                authorships.add((r["id"], p["id"]))
    return {"researchers": list(researchers.values()), "papers": list(papers.values()),
            "authorships": sorted(authorships)}


def subset(rows: dict, n: int) -> dict:
    keep = {r["id"] for r in rows["researchers"][:n]}
    auth = [(r, p) for r, p in rows["authorships"] if r in keep]
    pids = {p for _, p in auth}
    return {"researchers": rows["researchers"][:n], "papers": [p for p in rows["papers"] if p["id"] in pids],
            "authorships": auth}


def applicant_queries(rows: dict, n: int, seed: int = 11):
    """Applicants who write a few sentences about their interests (taken from random abstracts,
    cut and mixed, so no query is a paper) and list some methods."""
    from matching.ranking import ApplicantQuery

    rng = random.Random(seed)
    methods = ["bilevel optimization, PyTorch", "reinforcement learning, JAX", "Bayesian inference, R",
               "convex optimization", "transformer, fine-tuning", "graph neural network, Python"]
    out = []
    for _ in range(n):
        words = []
        for p in rng.sample(rows["papers"], 3):
            w = (p["abstract"] or p["title"]).split()
            start = rng.randrange(max(1, len(w) - 25))
            words += w[start:start + 25]
        out.append(ApplicantQuery(interests=" ".join(words), methods=rng.choice(methods)))
    return out


def brute_force_top(index, query, top=TOP):
    """Baseline: no postings, no padding: every paper scored by a full pass over the paper ×
    term matrix (and the same embedding similarity), every authorship sorted to find each
    researcher's best five, every researcher sorted; then the same explanations for the top."""
    import numpy as np

    from matching.ranking import Ranking

    ids, w = index._query_terms(query.interests + " " + query.methods)
    dense = np.zeros(len(index.vocab))
    dense[ids] = w
    qvec = index.query_vector(query)
    mass = index.query_mass(ids, w)
    paper, _ = index.paper_fit(index.paper_bm25() @ dense, qvec, mass)  # the hybrid fit of every paper
    a = (paper * index.p_recency)[index.auth_p]
    order = np.lexsort((-a, index.auth_r))
    seg = index.auth_r[order]
    place = np.arange(len(order)) - np.searchsorted(seg, seg)
    best = place < index.top_papers
    keep = order[best]
    score = np.bincount(index.auth_r[keep], weights=a[keep] * np.power(index.best_decay, place[best]),
                        minlength=len(index.researchers))
    profile_bm25 = index.profile_w.tocsr() @ dense  # the researchers' topics and about, also in full
    profile = (index.semantic_weight * index.similarity(index.r_vec, qvec)
               + (1 - index.semantic_weight) * profile_bm25 / mass)
    score = score + index.profile_weight * profile
    ranked = np.argsort(-score, kind="stable")
    ranked = ranked[score[ranked] > 0]
    n = len(index.researchers)
    axes = {axis: score / (score.max() or 1.0) for axis in ("topic", "method", "trajectory", "certainty")}
    ranking = Ranking(index, query, ranked, score, axes, np.zeros(n), np.zeros(n, dtype=bool), ids, w, paper)
    return ranking.top(top)


def index_bytes(index) -> int:
    import numpy as np
    import scipy.sparse as sp

    total = 0
    for value in vars(index).values():
        if isinstance(value, np.ndarray):
            total += value.nbytes
        elif sp.issparse(value):
            total += value.data.nbytes + value.indices.nbytes + value.indptr.nbytes
    return total


def time_queries(fn, queries) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        result = fn(q)
        out.append((time.perf_counter() - t) * 1000)
        assert result is not None
    return out


def pct(values, q) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--researchers", type=int, default=10000)
    ap.add_argument("--papers", type=int, default=50)
    ap.add_argument("--scales", default="", help="comma-separated researcher counts (default: only --researchers)")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--keep", type=Path, help="keep generated captures here (reused when present)")
    args = ap.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from matching.index import MatchIndex

    work = args.keep or Path(tempfile.mkdtemp(prefix="match-bench-"))
    files = pages_for_named(args.researchers)
    captures = captures_generate(work / f"captures-{files}-{args.papers}", pages=files, papers=args.papers, seed=7)
    today = date.fromisoformat(json.loads((captures / "truth.jsonl").open().readline()).get("captured_on"))
    t = time.perf_counter()
    kept_rows = captures / "parsed-rows.pickle"
    if args.keep and kept_rows.exists():
        rows = pickle.loads(kept_rows.read_bytes())  # written by an earlier run of this bench
    else:
        rows = load_rows(captures, today)
        if args.keep:
            kept_rows.write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    print(f"parsed {len(rows['researchers']):,} researchers, {len(rows['papers']):,} papers, "
          f"{len(rows['authorships']):,} authorships in {time.perf_counter() - t:.1f}s (not part of the index build)")

    top_scale = min(args.researchers, len(rows["researchers"]))
    scales = sorted({min(int(s), top_scale) for s in args.scales.split(",") if s} | {top_scale})
    report = []
    for n in scales:
        part = subset(rows, n)
        before = rss_mb()
        t = time.perf_counter()
        index = MatchIndex(**part, today=today)
        build_s = time.perf_counter() - t
        held_mb = rss_mb() - before
        queries = applicant_queries(part, args.queries)
        for q in queries[:3]:  # warm caches (stemmer, allocator)
            index.rank(q).top(TOP)
        fast = time_queries(lambda q, index=index: index.rank(q).top(TOP), queries)
        brute = time_queries(lambda q, index=index: brute_force_top(index, q), queries)
        # Same answer? The topic order (the axis both compute) must agree with brute force.
        topic_only = {"topic": 1, "method": 0, "trajectory": 0, "certainty": 0}
        agree = statistics.mean(
            len({m.researcher_id for m in index.rank(replace(q, weights=topic_only)).top(10)}
                & {m.researcher_id for m in brute_force_top(index, q, 10)}) / 10
            for q in queries[:10])
        report.append((n, len(part["papers"]), build_s, held_mb, index_bytes(index) / 1e6, fast, brute, agree))
        print(f"\n== {n:,} researchers, {len(part['papers']):,} papers ==")
        print(f"index build      {build_s:7.1f} s      memory held {held_mb:7.0f} MB (arrays {index_bytes(index) / 1e6:.0f} MB)")
        print(f"ranked top {TOP} with reasons   p50 {statistics.median(fast):7.1f} ms   p95 {pct(fast, 95):7.1f} ms")
        print(f"brute force baseline         p50 {statistics.median(brute):7.1f} ms   p95 {pct(brute, 95):7.1f} ms")
        print(f"speed-up p50 {statistics.median(brute) / statistics.median(fast):.1f}x   p95 "
              f"{pct(brute, 95) / pct(fast, 95):.1f}x   top-10 overlap with brute force {agree:.0%}")
        del index

    print(f"\npeak resident memory {peak_rss_mb():.0f} MB")
    print("\nscaling (per 1,000 researchers; flat = linear)")
    print(f"{'researchers':>11} {'papers':>9} {'build s':>8} {'build s/1k':>10} {'p95 ms':>7} {'p95 ms/1k':>9} "
          f"{'brute p95':>9} {'ratio':>6}")
    for n, papers, build_s, _, _, fast, brute, _ in report:
        print(f"{n:>11,} {papers:>9,} {build_s:>8.1f} {build_s / n * 1000:>10.2f} {pct(fast, 95):>7.1f} "
              f"{pct(fast, 95) / n * 1000:>9.2f} {pct(brute, 95):>9.1f} {pct(brute, 95) / pct(fast, 95):>6.1f}")

    n, _, build_s, _, _, fast, _, _ = report[-1]
    at = "" if n == TARGET_RESEARCHERS else f" (measured at {n:,}: run --researchers {TARGET_RESEARCHERS} to decide)"
    load = os.getloadavg()[0]
    print(f"\ntargets at {TARGET_RESEARCHERS:,} researchers{at}, load average {load:.1f} on {os.cpu_count()} cores:")
    print(f"  explained top {TOP} p95 <= {TARGET_P95_MS:.0f} ms: {pct(fast, 95):.1f} ms, "
          f"{'met' if pct(fast, 95) <= TARGET_P95_MS else 'NOT met'}")
    print(f"  index build <= {TARGET_BUILD_S:.0f} s: {build_s:.1f} s, {'met' if build_s <= TARGET_BUILD_S else 'NOT met'}")


if __name__ == "__main__":
    main()
