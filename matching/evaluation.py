"""Does the match rank the right researcher first? An evaluation set built from the seed
captures, and top-1 accuracy and MRR for the method and for plain baselines, side by side.

Queries are written from each researcher's own papers: the paper's title, and the opening of
its abstract, with that paper held out of the index (5 folds: each fold's papers are removed,
the index is rebuilt, and each held-out paper is a query whose answer is its author). No query
may copy a full title that stays in the index; papers listed by two researchers are not used as
queries (their answer would be ambiguous). Papers from captures that name no researcher
(hf_papers) join the catalogue as distractors under each of their authors (one anonymous
author per paper when the page names none).

A second set asks what applicants actually write: interest statements in their own words
(matching/data/interest_statements.json), each naming the researcher who should come first,
run against the seed catalogue (and, reported apart, joined by generated researchers from
shared/bench/gen_captures.py). Its "tune" split and the title/abstract queries of fold 0 chose
the fusion weights; the "test" split and folds 1-4 are only measured.

    python -m matching.evaluation [SEEDS_DIR]
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

if __name__ == "__main__":
    # `python -m matching.evaluation`: Django is set up before the imports below reach the models.
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

from profiles.importers import name_key, parse_capture, title_key  # noqa: E402  (after Django's set-up)

from .expertise import evaluate_expertise, format_expertise
from .index import MatchIndex
from .ranking import ApplicantQuery
from .text import STOPWORDS

FOLDS = 5
TUNING_FOLDS = (0,)  # title/abstract queries that may be used to choose weights
TEST_FOLDS = tuple(f for f in range(FOLDS) if f not in TUNING_FOLDS)
ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "seeds"
STATEMENTS_FILE = Path(__file__).resolve().parent / "data" / "interest_statements.json"
# The generator of synthetic captures lives in the shared folder beside the repository.
GEN_CAPTURES = Path(os.environ.get("ADVISOR_SHARED_DIR", ROOT.parent / "shared")) / "bench" / "gen_captures.py"
GENERATED_RESEARCHERS = 300  # distractors for the interest statements
TODAY = date(2026, 6, 1)  # fixed, so the figures do not drift with the calendar

# Candidates measured; the first is what the app uses (index.py defaults, calibration.json).
# "relative" is the scoring before the absolute score: BM25 over the query's best paper and
# every axis over the query's best researcher (with that method's own weights).
TODAY_METHOD = {"relative": True, "semantic_weight": 0.6, "cosine_floor": 0.5, "best_decay": 0.1,
                "profile_weight": 0.3}
METHODS = {
    "absolute calibrated hybrid (app)": {},
    "bm25 alone (same aggregation)": {"semantic_weight": 0.0},
    "embedding alone (same aggregation)": {"semantic_weight": 1.0},
    "bm25, best 5 papers summed (the app before the hybrid)": {
        "relative": True, "semantic_weight": 0.0, "best_decay": 1.0, "recency_floor": 0.0, "profile_weight": 0.3},
    "relative hybrid (the app before the absolute score)": TODAY_METHOD,
    "hybrid, topic axis only": {"weights": {"topic": 1, "method": 0, "trajectory": 0, "certainty": 0}},
    "hybrid, best 5 papers summed": {"best_decay": 1.0},
    "hybrid, all papers / sqrt(n)": {"top_papers": None},
}
APP, BM25, EMBEDDING, BEFORE, RELATIVE = list(METHODS)[:5]
# Compared on the interest statements and the expertise set (the title/abstract set runs METHODS).
STATEMENT_METHODS = {name: METHODS[name] for name in (APP, BM25, EMBEDDING, BEFORE, RELATIVE)}
EXPERTISE_METHODS = {name: METHODS[name] for name in (APP, RELATIVE, BM25, EMBEDDING)}
BASELINE = "word overlap (baseline)"


@dataclass
class Query:
    text: str
    kind: str  # "title" or "abstract"
    expected: int  # researcher id
    paper_id: int
    fold: int


def seed_catalogue(seeds_dir: Path = SEEDS_DIR) -> dict:
    """The seed captures parsed (profiles.importers) into the plain rows MatchIndex takes."""

    meta = json.loads((seeds_dir / "captures.json").read_text(encoding="utf-8"))
    researchers: dict[str, dict] = {}
    papers: dict[str, dict] = {}
    authors: dict[str, set[str]] = defaultdict(set)
    distractor_papers: list[tuple[list[str], str]] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        captured_on = date.fromisoformat(meta.get(path.name, {}).get("captured_on", "2026-01-01"))
        parsed = parse_capture(path.read_text(encoding="utf-8"), captured_on=captured_on)
        if parsed.researcher_name:
            key = name_key(parsed.researcher_name)
            r = researchers.setdefault(key, {
                "id": len(researchers) + 1, "name": parsed.researcher_name, "slug": key.replace(" ", "-"),
                "affiliation": parsed.affiliation or "", "topics": list(parsed.topics),
                "about": parsed.about or "", "taking_students": "unknown", "captured_on": captured_on})
            r["captured_on"] = max(r["captured_on"], captured_on)
        for p in parsed.papers:
            tk = title_key(p.title)
            if not tk:
                continue
            papers.setdefault(tk, {"id": len(papers) + 1, "title": p.title, "abstract": p.abstract,
                                   "date": p.date})
            if parsed.researcher_name:
                authors[tk].add(name_key(parsed.researcher_name))
            else:
                distractor_papers.append((p.authors, tk))
    main_keys = set(researchers)
    for n, (names, tk) in enumerate(distractor_papers):
        # A page that names no authors still gives a distractor: one anonymous author per paper.
        for name in names or [f"Unnamed author {n + 1}"]:
            key = name_key(name) if names else f"unnamed-{n + 1}"
            if not key or key in main_keys:
                continue  # a seed researcher's paper in an unassigned capture: not theirs yet
            researchers.setdefault(key, {
                "id": len(researchers) + 1, "name": name, "slug": key.replace(" ", "-"), "affiliation": "",
                "topics": [], "about": "", "taking_students": "unknown", "captured_on": None})
            authors[tk].add(key)
    authorships = [(researchers[k]["id"], papers[tk]["id"]) for tk, keys in authors.items() for k in keys]
    return {"researchers": list(researchers.values()), "papers": list(papers.values()),
            "authorships": authorships, "main_ids": {researchers[k]["id"] for k in main_keys}}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def build_queries(catalogue: dict) -> list[Query]:
    by_paper = defaultdict(set)
    for r, p in catalogue["authorships"]:
        by_paper[p].add(r)
    queries = []
    candidates = sorted(
        (p for p in catalogue["papers"]
         if len(by_paper[p["id"]]) == 1 and next(iter(by_paper[p["id"]])) in catalogue["main_ids"]),
        key=lambda p: _norm(p["title"]))
    for n, p in enumerate(candidates):
        expected = next(iter(by_paper[p["id"]]))
        fold = n % FOLDS
        queries.append(Query(p["title"], "title", expected, p["id"], fold))
        opening = " ".join(re.split(r"(?<=[.!?])\s+", (p.get("abstract") or "").strip())[:2]).split()[:30]
        if len(opening) >= 8:
            queries.append(Query(" ".join(opening), "abstract", expected, p["id"], fold))
    return queries


def _fold_catalogue(catalogue: dict, held_out: set[int]) -> dict:
    return {"researchers": catalogue["researchers"],
            "papers": [p for p in catalogue["papers"] if p["id"] not in held_out],
            "authorships": [(r, p) for r, p in catalogue["authorships"] if p not in held_out]}


def _check_honest(query: Query, fold_catalogue: dict) -> None:
    if query.kind != "title":
        return
    q = _norm(query.text)
    for p in fold_catalogue["papers"]:
        if q and q in _norm(p["title"]):
            raise AssertionError(f"query copies a title still in the index: {query.text!r}")


def _researcher_words(fold: dict) -> dict[int, set[str]]:
    words_of = defaultdict(set)
    paper_words = {p["id"]: set(_norm(f"{p['title']} {p.get('abstract') or ''}").split()) for p in fold["papers"]}
    for r, p in fold["authorships"]:
        words_of[r] |= paper_words[p]
    for r in fold["researchers"]:
        words_of[r["id"]] |= set(_norm(" ".join(r["topics"]) + " " + r["about"]).split())
    return words_of


def _overlap_ranking(words_of: dict[int, set[str]], fold: dict, text: str) -> list[int]:
    """Baseline: how many distinct query words a researcher's text contains (no weighting)."""
    q = set(_norm(text).split()) - STOPWORDS
    scores = {r["id"]: len(q & words_of[r["id"]]) for r in fold["researchers"]}
    return [rid for rid, s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])) if s > 0]


def evaluate(seeds_dir: Path = SEEDS_DIR, methods: dict | None = None,
             folds: tuple[int, ...] = tuple(range(FOLDS))) -> dict:
    """Top-1 accuracy and MRR per method (and the baseline), overall and per query kind, over
    the queries of ``folds`` (fold 0 is the tuning part, TUNING_FOLDS; the rest is measured)."""
    catalogue = seed_catalogue(seeds_dir)
    queries = [q for q in build_queries(catalogue) if q.fold in folds]
    methods = METHODS if methods is None else methods
    ranks: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for fold in folds:
        fold_queries = [q for q in queries if q.fold == fold]
        fold_cat = _fold_catalogue(catalogue, {q.paper_id for q in fold_queries})
        for q in fold_queries:
            _check_honest(q, fold_cat)
        indexes = {name: MatchIndex(**fold_cat, today=TODAY, **{k: v for k, v in kw.items() if k != "weights"})
                   for name, kw in methods.items()}
        words_of = _researcher_words(fold_cat)
        id_of = {name: [r["id"] for r in ix.researchers] for name, ix in indexes.items()}
        for q in fold_queries:
            for name, ix in indexes.items():
                query = ApplicantQuery(interests=q.text, weights=methods[name].get("weights") or {})
                order = [id_of[name][i] for i in ix.rank(query).order]
                ranks[name].append((q.kind, order.index(q.expected) if q.expected in order else None))
            order = _overlap_ranking(words_of, fold_cat, q.text)
            ranks[BASELINE].append((q.kind, order.index(q.expected) if q.expected in order else None))
    report = {"queries": len(queries), "researchers": len(catalogue["researchers"]),
              "seed_researchers": len(catalogue["main_ids"]), "papers": len(catalogue["papers"]),
              "methods": {}}
    for name, rows in ranks.items():
        report["methods"][name] = {kind: _metrics([r for k, r in rows if kind in ("all", k)])
                                   for kind in ("all", "title", "abstract")}
    return report


@dataclass
class Statement:
    text: str
    expected: str  # a researcher's name, or "paper: <title start>"
    split: str  # "tune" or "test"


def interest_statements(path: Path = STATEMENTS_FILE) -> list[Statement]:
    """The hand-written interest statements and the researcher each should find."""
    rows = json.loads(path.read_text(encoding="utf-8"))["statements"]
    return [Statement(r["text"], r["expected"], r["split"]) for r in rows]


def generated_distractors(n: int = GENERATED_RESEARCHERS, start_id: int = 1_000_000) -> dict:
    """``n`` generated researchers (fixed seed: the same ones every run), parsed by the real
    parsers, as plain rows with ids from ``start_id``."""
    if not GEN_CAPTURES.exists():
        raise FileNotFoundError(f"{GEN_CAPTURES} not found: set ADVISOR_SHARED_DIR to the shared folder")
    researchers, papers, authorships = [], [], []
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, str(GEN_CAPTURES), "--out", out, "--researchers", str(n),
                        "--papers", "20", "--seed", "7"], check=True, capture_output=True)
        for path in sorted(Path(out).glob("*.txt")):
            parsed = parse_capture(path.read_text(encoding="utf-8"), captured_on=TODAY)
            if not parsed.researcher_name:
                continue
            rid = start_id + len(researchers)
            researchers.append({"id": rid, "name": parsed.researcher_name, "slug": f"generated-{rid}",
                                "affiliation": parsed.affiliation or "", "topics": list(parsed.topics),
                                "about": parsed.about or "", "taking_students": "unknown",
                                "captured_on": TODAY})
            for p in parsed.papers:
                pid = start_id + len(papers)
                papers.append({"id": pid, "title": p.title, "abstract": p.abstract, "date": p.date})
                authorships.append((rid, pid))
    return {"researchers": researchers, "papers": papers, "authorships": authorships}


def statements_catalogue(seeds_dir: Path = SEEDS_DIR, *, generated: bool = False) -> dict:
    """The seed catalogue, joined by the generated distractors when ``generated``. (Generated
    papers are runs of the seeds' own abstracts under invented names, so they make the right
    answer ambiguous: reported apart, see docs/matching.md.)"""
    seed = seed_catalogue(seeds_dir)
    extra = generated_distractors() if generated else {"researchers": [], "papers": [], "authorships": []}
    return {"researchers": seed["researchers"] + extra["researchers"],
            "papers": seed["papers"] + extra["papers"],
            "authorships": seed["authorships"] + extra["authorships"],
            "seed": seed}


def expected_id(statement: Statement, seed: dict) -> int:
    """The researcher a statement names: by name, or the only author of the paper it names."""
    if statement.expected.startswith("paper: "):
        start = statement.expected[len("paper: "):].lower()
        found = [p["id"] for p in seed["papers"] if p["title"].lower().startswith(start)]
        authors = {r for r, p in seed["authorships"] if p in found}
    else:
        authors = {r["id"] for r in seed["researchers"] if r["name"] == statement.expected}
    if len(authors) != 1:
        raise ValueError(f"{statement.expected!r} names {len(authors)} researchers, not one")
    return authors.pop()


def evaluate_statements(seeds_dir: Path = SEEDS_DIR, methods: dict | None = None,
                        split: str = "test", catalogue: dict | None = None) -> dict:
    """Top-1 and MRR per method on one split of the interest statements."""
    catalogue = catalogue or statements_catalogue(seeds_dir)
    rows = {k: catalogue[k] for k in ("researchers", "papers", "authorships")}
    statements = [s for s in interest_statements() if s.split == split]
    methods = STATEMENT_METHODS if methods is None else methods
    report = {"queries": len(statements), "split": split, "researchers": len(rows["researchers"]),
              "papers": len(rows["papers"]), "methods": {}}
    vectors = None
    for name, kw in methods.items():
        index = MatchIndex(**rows, today=TODAY, paper_vectors=vectors,
                           **{k: v for k, v in kw.items() if k != "weights"})
        vectors = index.paper_vectors() if len(index.p_vec) == len(rows["papers"]) else None
        ids = [r["id"] for r in index.researchers]
        ranks = []
        for s in statements:
            order = [ids[i] for i in index.rank(ApplicantQuery(interests=s.text, weights=kw.get("weights") or {})).order]
            want = expected_id(s, catalogue["seed"])
            ranks.append(order.index(want) if want in order else None)
        report["methods"][name] = _metrics(ranks)
    return report


def _metrics(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1
    return {"n": len(ranks), "top1": sum(r == 0 for r in ranks) / n,
            "mrr": sum(1 / (r + 1) for r in ranks if r is not None) / n}


def format_report(report: dict) -> str:
    lines = [f"{report['queries']} queries over {report['seed_researchers']} seed researchers "
             f"({report['researchers']} with distractors, {report['papers']} papers)",
             f"{'method':46} {'top-1':>7} {'MRR':>7}   {'title top-1/MRR':>16}   {'abstract top-1/MRR':>18}"]
    for name, m in report["methods"].items():
        a, t, b = m["all"], m["title"], m["abstract"]
        lines.append(f"{name:46} {a['top1']:7.3f} {a['mrr']:7.3f}   {t['top1']:7.3f}/{t['mrr']:.3f}"
                     f"   {b['top1']:9.3f}/{b['mrr']:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS_DIR
    for split in ("test", "tune"):
        print(format_expertise(evaluate_expertise(EXPERTISE_METHODS, split=split)), end="\n\n")
    print(format_report(evaluate(seeds)))
    print("\nTitle/abstract queries of the measured folds (1-4) only:")
    print(format_report(evaluate(seeds, methods=STATEMENT_METHODS, folds=TEST_FOLDS)))
    for split, generated in (("test", False), ("tune", False), ("test", True)):
        r = evaluate_statements(seeds, split=split, catalogue=statements_catalogue(seeds, generated=generated))
        print(f"\nInterest statements, {split} split{' + generated' if generated else ''}: {r['queries']} statements, "
              f"{r['researchers']} researchers, {r['papers']} papers")
        for name, m in r["methods"].items():
            print(f"{name:56} {m['top1']:7.3f} {m['mrr']:7.3f}")
