"""Expertise on real data: do a researcher's later papers find them, and do they score higher for
them than other people's papers do?

The set (matching/data/expertise_set.json.gz, PROVENANCE.md beside it) is the PMLR
proceedings of COLT, AISTATS, CoRL and ACML: 306 researchers with at least five papers up to
2022 and one after, their 1,863 papers up to 2022 as the catalogue, and every paper of 2023
(the tuning split) and 2024 (the test split) as a query, by its title (short, like an interest
statement) and by its whole abstract (like a pasted paper or CV). Earlier papers build the
profiles, later papers ask: no query is in the index it is run against (tested).

Two measures for every method, side by side:
(a) within one query written by a researcher of the catalogue, is one of its authors first
    (top-1) and how high (MRR);
(b) across queries, for each researcher, the share of pairs (a query they wrote, a query they
    did not) where the one they did not write scores at least as high for them (ties count
    half): a pairwise loss in the style of reviewer assignment, 0 is perfect, 0.5 chance.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from .index import MatchIndex
from .ranking import ApplicantQuery

EXPERTISE_FILE = Path(__file__).resolve().parent / "data" / "expertise_set.json.gz"
KINDS = ("title", "abstract")


@dataclass
class ExpertiseQuery:
    text: str
    kind: str  # "title" or "abstract"
    paper_id: int
    authors: frozenset[int]  # the catalogue's researchers who wrote it (often none)


def expertise_set(path: Path = EXPERTISE_FILE) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def expertise_catalogue(data: dict) -> dict:
    """The researchers and their papers up to ``profile_until``, as the rows MatchIndex takes."""
    rid = {name: n for n, name in enumerate(data["researchers"], 1)}
    until = data["profile_until"]
    papers, authorships = [], []
    for p in data["papers"]:
        if p["year"] > until:
            continue
        papers.append({"id": p["id"], "title": p["title"], "abstract": p["abstract"],
                       "date": date(p["year"], p["month"], 15)})
        authorships += [(rid[a], p["id"]) for a in p["authors"] if a in rid]
    researchers = [{"id": n, "name": name, "slug": f"r{n}", "affiliation": "", "topics": [], "about": "",
                    "taking_students": "unknown", "captured_on": date(until + 1, 1, 1)}
                   for name, n in rid.items()]
    return {"researchers": researchers, "papers": papers, "authorships": authorships,
            "today": date(until + 1, 1, 1)}


def expertise_queries(data: dict, split: str) -> list[ExpertiseQuery]:
    """Every paper of the split's year, as a title query and as an abstract query."""
    year = data["tune_year"] if split == "tune" else data["test_year"]
    rid = {name: n for n, name in enumerate(data["researchers"], 1)}
    out = []
    for p in data["papers"]:
        if p["year"] != year:
            continue
        authors = frozenset(rid[a] for a in p["authors"] if a in rid)
        out.append(ExpertiseQuery(p["title"], "title", p["id"], authors))
        out.append(ExpertiseQuery(p["abstract"], "abstract", p["id"], authors))
    return out


def check_queries_apart(catalogue: dict, queries: list[ExpertiseQuery]) -> None:
    """No query is a paper of the index: neither its title nor its abstract is there."""
    ids = {p["id"] for p in catalogue["papers"]}
    texts = {_norm(p["title"]) for p in catalogue["papers"]} | {_norm(p["abstract"]) for p in catalogue["papers"]}
    for q in queries:
        if q.paper_id in ids or _norm(q.text) in texts:
            raise AssertionError(f"query copies a paper of the index: {q.text[:80]!r}")


def score_matrix(index: MatchIndex, queries: list[ExpertiseQuery], weights: dict | None = None) -> np.ndarray:
    """Queries × researchers: the score each researcher gets for each query (0: not listed)."""
    out = np.zeros((len(queries), len(index.researchers)))
    for n, q in enumerate(queries):
        out[n] = index.rank(ApplicantQuery(interests=q.text, weights=weights or {})).overall
    return out


def measures(scores: np.ndarray, queries: list[ExpertiseQuery], index: MatchIndex) -> dict:
    """(a) top-1 and MRR over queries with an author in the catalogue, (b) the pairwise loss."""
    col = np.array([index.r_index[r["id"]] for r in index.researchers])
    ranks = []
    for n, q in enumerate(queries):
        if not q.authors:
            continue
        s = scores[n]
        mine = [index.r_index[a] for a in q.authors if a in index.r_index]
        best_mine = max(s[mine])
        # Ties with someone else are not a win: count everyone scoring at least as high.
        ranks.append(None if best_mine <= 0 else int((s[col] > best_mine).sum() + (s[col] == best_mine).sum() - 1))
    losses = []
    for r in range(len(index.researchers)):
        rid = index.researchers[r]["id"]
        own = np.array([rid in q.authors for q in queries])
        if not own.any() or own.all():
            continue
        pos, neg = np.sort(scores[own, r]), np.sort(scores[~own, r])
        above = len(neg) - np.searchsorted(neg, pos, side="right")
        ties = np.searchsorted(neg, pos, side="right") - np.searchsorted(neg, pos, side="left")
        losses.append(float((above + 0.5 * ties).sum()) / (len(pos) * len(neg)))
    k = len(ranks) or 1
    return {"queries": len(ranks), "researchers": len(losses),
            "top1": sum(r == 0 for r in ranks) / k,
            "mrr": sum(1 / (r + 1) for r in ranks if r is not None) / k,
            "pair_loss": float(np.mean(losses)) if losses else 0.0,
            # per query and per researcher, in a fixed order: methods are compared pairwise
            "per_query_rr": [0.0 if r is None else 1 / (r + 1) for r in ranks], "per_researcher_loss": losses}


def not_worse(ours: dict, theirs: dict) -> dict[str, bool]:
    """Whether ``ours`` is better than or tied with ``theirs`` on each measure: tied when the
    paired difference (per query for MRR and top-1, per researcher for the pair loss) is
    within two standard errors of zero."""

    def ok(a, b, higher_is_better: bool) -> bool:
        d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
        if not higher_is_better:
            d = -d
        se = float(d.std(ddof=1) / np.sqrt(len(d))) if len(d) > 1 else 0.0
        return float(d.mean()) >= -2 * se

    top1 = lambda m: [float(rr == 1.0) for rr in m["per_query_rr"]]  # noqa: E731
    return {"top1": ok(top1(ours), top1(theirs), True),
            "mrr": ok(ours["per_query_rr"], theirs["per_query_rr"], True),
            "pair_loss": ok(ours["per_researcher_loss"], theirs["per_researcher_loss"], False)}


def evaluate_expertise(methods: dict, split: str = "test", data: dict | None = None) -> dict:
    """Both measures per method and query kind on one split."""
    data = data or expertise_set()
    catalogue = expertise_catalogue(data)
    queries = expertise_queries(data, split)
    check_queries_apart(catalogue, queries)
    rows = {k: catalogue[k] for k in ("researchers", "papers", "authorships")}
    report = {"split": split, "researchers": len(rows["researchers"]), "papers": len(rows["papers"]),
              "queries": len(queries) // 2, "methods": {}}
    vectors = None
    for name, kw in methods.items():
        index = MatchIndex(**rows, today=catalogue["today"], paper_vectors=vectors,
                           **{k: v for k, v in kw.items() if k != "weights"})
        vectors = index.paper_vectors()
        report["methods"][name] = {}
        for kind in KINDS:
            qs = [q for q in queries if q.kind == kind]
            report["methods"][name][kind] = measures(score_matrix(index, qs, kw.get("weights")), qs, index)
    return report


def format_expertise(report: dict) -> str:
    lines = [f"Expertise on real data ({report['split']} split): {report['researchers']} researchers, "
             f"{report['papers']} papers in the index, {report['queries']} later papers as queries",
             f"{'method':52} {'title: top-1   MRR  pair loss':>30}   {'abstract: top-1   MRR  pair loss':>33}"]
    for name, m in report["methods"].items():
        t, a = m["title"], m["abstract"]
        lines.append(f"{name:52} {t['top1']:13.3f} {t['mrr']:5.3f} {t['pair_loss']:10.3f}"
                     f"   {a['top1']:16.3f} {a['mrr']:5.3f} {a['pair_loss']:10.3f}")
    return "\n".join(lines)
