"""The JSON shape of `export_profiles`: one researcher as plain data."""
from __future__ import annotations

from .models import Researcher


def researcher_as_dict(researcher: Researcher) -> dict:
    """Everything known about a researcher, with unknown values as null or empty."""
    return {
        "name": researcher.name,
        "slug": researcher.slug,
        "hidden": researcher.hidden,
        "title": researcher.title or None,
        "affiliation": researcher.affiliation or None,
        "department": researcher.department or None,
        "about": researcher.about or None,
        "topics": list(researcher.topics),
        "metrics": {
            "h_index": researcher.h_index,
            "citations": researcher.citations,
            "paper_count": researcher.paper_count,
            "novelty_pct": researcher.novelty_pct,
            "ai_score": researcher.ai_score,
        },
        "coauthors": [
            {"name": c.get("name"), "shared_papers": c.get("shared_papers"), "affiliation": c.get("affiliation")}
            for c in researcher.coauthors
        ],
        "education": [
            {"degree": e.get("degree"), "institution": e.get("institution")} for e in researcher.education
        ],
        "awards": list(researcher.awards),
        "labs": researcher.labs or None,
        "papers": [
            {
                "title": paper.title,
                "date": paper.date.isoformat() if paper.date else None,
                # "month": the date is the 1st of the month the source gave, "year": January 1st.
                "date_precision": (paper.date_precision or "day") if paper.date else None,
                "venues": list(paper.venues),
                "kind": paper.kind or None,
                "open_access": paper.open_access,
                "abstract": paper.abstract or None,
                "authors": list(paper.authors),
                "author_count": paper.author_count,
                "categories": list(paper.categories),
                "has_code": paper.has_code,
                "orgs": list(paper.orgs),
                "researchers": [r.name for r in paper.researchers.all()],
            }
            for paper in researcher.papers.all()
            if not paper.hidden
        ],
        "sources": [
            {"layout": c.layout, "sha256": c.sha256, "captured_on": c.captured_on.isoformat()}
            for c in researcher.captures.all()
        ],
    }
