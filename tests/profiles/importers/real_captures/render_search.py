"""Re-make the arXiv search-results capture in this folder: arXiv's own search-results markup
over a real arXiv API answer, rendered in headless Chromium with every network request blocked,
then select-all text.

    python tests/profiles/importers/real_captures/render_search.py

Inputs (see PROVENANCE.md): the ``search_results`` macro from a mirror of arXiv/arxiv-search and
the recorded API answer ``tests/fixtures/sources/arxiv_atom_query_testing_2026.xml``. Not run
by the tests: its output file is committed, so the tests never need the mirror or a browser.
"""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import jinja2
from render import CATEGORY_NAMES, HERE, git_show, inner_text

SEARCH = Path("/work/.mirror/arXiv+arxiv-search/repo")
FEED = HERE.parents[2] / "fixtures" / "sources" / "arxiv_atom_query_testing_2026.xml"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def preview(abstract: str, size: int = 400) -> tuple[str, bool]:
    """A stand-in for arxiv-search's ``highlighting.preview`` without hit highlighting: the
    first ``size`` characters cut at a word boundary, with an ellipsis when cut."""
    if len(abstract) <= size:
        return abstract, False
    cut = abstract.rfind(" ", 0, size)
    return abstract[: cut if cut > 0 else size].strip() + "…", True


def results_from_feed(xml: bytes) -> list[SimpleNamespace]:
    results = []
    for entry in ET.fromstring(xml).findall(f"{ATOM}entry"):
        id_v = entry.findtext(f"{ATOM}id").rsplit("/abs/", 1)[1]
        paper_id, version = re.fullmatch(r"(.+)v([0-9]+)", id_v).groups()
        primary = entry.find(f"{ARXIV}primary_category").get("term")
        others = [c.get("term") for c in entry.findall(f"{ATOM}category") if c.get("term") != primary]
        abstract = " ".join(entry.findtext(f"{ATOM}summary").split())
        short, truncated = preview(abstract)
        published = datetime.fromisoformat(entry.findtext(f"{ATOM}published").replace("Z", "+00:00"))
        updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
        authors = []
        for name in (a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")):
            first, _, last = name.rpartition(" ")
            authors.append(SimpleNamespace(first_name=first, last_name=last, suffix=""))
        results.append(SimpleNamespace(
            id=paper_id, paper_id=paper_id, paper_id_v=id_v, latest=id_v, version=int(version),
            formats=["pdf", "other"], title=" ".join(entry.findtext(f"{ATOM}title").split()),
            primary_classification=SimpleNamespace(category=SimpleNamespace(id=primary)),
            secondary_classification=[SimpleNamespace(category=SimpleNamespace(id=code)) for code in others],
            doi=[d for d in [entry.findtext(f"{ARXIV}doi")] if d], highlight={}, match={},
            authors=authors, preview={"abstract": short}, truncated={"abstract": truncated}, abstract=abstract,
            submitted_date=updated, submitted_date_first=published, announced_date_first=published,
            comments=entry.findtext(f"{ARXIV}comment"), journal_ref=entry.findtext(f"{ARXIV}journal_ref"),
            report_num=None, acm_class=None, msc_class=None,
        ))
    return results


PAGE = """{% import "search/search-macros.html" as search_macros with context %}
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search</title></head><body>
<main><div class="content">
<h1 class="title is-clearfix">Showing 1&ndash;{{ results|length }} of {{ total }} results for all: testing</h1>
{{ search_macros.search_results(None, results, metadata, None, author_search, is_current, False) }}
</div></main></body></html>"""


def render() -> str:
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "search/search-macros.html": git_show(SEARCH, "search/templates/search/search-macros.html"),
    }), autoescape=True)

    def category_name(classification) -> str:
        code = classification.category.id
        return f"{CATEGORY_NAMES.get(code, code)} ({code})"

    env.filters["category_name"] = category_name
    results = results_from_feed(FEED.read_bytes())
    return env.from_string(PAGE).render(
        results=results, total=f"{len(results):,}", metadata=SimpleNamespace(total_pages=1, start=0),
        url_for=lambda endpoint, **kwargs: f"/{endpoint}/{kwargs.get('paper_id', '')}",
        author_search=lambda first, last: f"/search/?searchtype=author&query={last}, {first}",
        is_current=lambda result: True,
    )


def main() -> None:
    text = inner_text(render())
    output = "arxiv_search_results_testing.txt"
    (HERE / output).write_text(text + "\n", encoding="utf-8")
    print(output, len(text.splitlines()), "lines", file=sys.stderr)


if __name__ == "__main__":
    main()
