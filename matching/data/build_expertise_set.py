"""Builds matching/data/expertise_set.json.gz, the real-data expertise evaluation set, from a
local clone of https://github.com/papercopilot/paperlists (the PMLR proceedings of COLT,
AISTATS, CoRL and ACML as JSON: title, authors, abstract, page address). Run once by hand;
the evaluation reads only the compressed output. See matching/data/PROVENANCE.md.

    python matching/data/build_expertise_set.py /path/to/paperlists [COMMIT]
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

VENUES = {"colt": range(2011, 2025), "aistats": range(2015, 2025), "corl": range(2021, 2025),
          "acml": range(2015, 2025)}
MONTH = {"colt": 7, "aistats": 5, "corl": 11, "acml": 11}  # when each meets
PROFILE_UNTIL = 2022  # papers up to this year build the researchers' profiles
QUERY_YEARS = (2023, 2024)  # tuning split, test split
MIN_PROFILE_PAPERS = 5
MIN_ABSTRACT = 100
OUT = Path(__file__).resolve().parent / "expertise_set.json.gz"


def main(repo: Path, commit: str = "HEAD") -> None:
    sha = subprocess.check_output(["git", "-C", str(repo), "rev-parse", commit], text=True).strip()
    rows = []
    for venue, years in VENUES.items():
        for year in years:
            raw = subprocess.check_output(["git", "-C", str(repo), "show", f"{sha}:{venue}/{venue}{year}.json"])
            for r in json.loads(raw):
                abstract = " ".join((r.get("abstract") or "").split())
                authors = list(dict.fromkeys(a.strip() for a in (r.get("author") or "").split(";") if a.strip()))
                if len(abstract) < MIN_ABSTRACT or not authors:
                    continue
                rows.append({"title": " ".join(r["title"].split()), "abstract": abstract, "authors": authors,
                             "venue": venue, "year": year, "month": MONTH[venue], "url": r.get("site") or ""})
    # One row per title (a paper listed twice keeps its first listing).
    seen, papers = set(), []
    for r in rows:
        key = r["title"].lower()
        if key not in seen:
            seen.add(key)
            papers.append(r)
    early, late = Counter(), Counter()
    for p in papers:
        for a in p["authors"]:
            (early if p["year"] <= PROFILE_UNTIL else late)[a] += 1
    chosen = sorted(a for a in early if early[a] >= MIN_PROFILE_PAPERS and late[a] >= 1)
    chosen_set = set(chosen)
    keep = [p for p in papers if p["year"] in QUERY_YEARS
            or (p["year"] <= PROFILE_UNTIL and chosen_set & set(p["authors"]))]
    for n, p in enumerate(keep, 1):
        p["id"] = n
    out = {
        "source": {"repository": "https://github.com/papercopilot/paperlists", "commit": sha,
                   "files": [f"{v}/{v}{y}.json" for v, ys in VENUES.items() for y in ys],
                   "origin": "PMLR proceedings pages (proceedings.mlr.press) and, for CoRL, OpenReview "
                             "pages, as listed by paperlists"},
        "profile_until": PROFILE_UNTIL, "tune_year": QUERY_YEARS[0], "test_year": QUERY_YEARS[1],
        "researchers": chosen, "papers": keep,
    }
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(chosen)} researchers, {len(keep)} papers "
          f"({sum(p['year'] <= PROFILE_UNTIL for p in keep)} profile) -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(sys.argv[2:3]))
