"""Re-make the real-page captures in this folder: arXiv's own list markup over arXiv's own data,
rendered in headless Chromium with every network request blocked, then select-all text.

    python tests/profiles/importers/real_captures/render.py

Inputs (see PROVENANCE.md): arXiv's listing macros from a mirror of arXiv/arxiv-browse, and
arXiv API responses for an author query from a mirror of commotum/get-arXiv. Not run by the
tests: its output files are committed, so the tests never need the mirrors or a browser.
"""
from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import jinja2
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
BROWSE = Path("/work/.mirror/arXiv+arxiv-browse/repo")
FEEDS = Path("/work/.mirror/commotum+get-arXiv/repo")
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
# arXiv's display names of the categories these feeds use (arxiv-base taxonomy).
CATEGORY_NAMES = {
    "cs.AI": "Artificial Intelligence", "cs.CL": "Computation and Language", "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition", "cs.CY": "Computers and Society", "cs.GR": "Graphics",
    "cs.HC": "Human-Computer Interaction", "cs.IR": "Information Retrieval", "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning", "cs.MM": "Multimedia", "cs.NE": "Neural and Evolutionary Computing",
    "cs.RO": "Robotics", "cs.SD": "Sound", "cs.SE": "Software Engineering", "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing", "stat.ML": "Machine Learning", "stat.AP": "Applications",
    "q-bio.NC": "Neurons and Cognition", "physics.bio-ph": "Biological Physics",
    "cond-mat.dis-nn": "Disordered Systems and Neural Networks", "cond-mat.stat-mech": "Statistical Mechanics",
}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def git_show(repo: Path, path: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True).stdout


class Category:
    def __init__(self, code: str):
        self.code = code

    def display(self) -> str:
        name = CATEGORY_NAMES.get(self.code)
        return f"{name} ({self.code})" if name else self.code


def items_from_feed(xml: str):
    root = ET.fromstring(xml)
    items, author_links, downloads = [], {}, {}
    for index, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        id_v = entry.findtext(f"{ATOM}id").rsplit("/abs/", 1)[1]
        arxiv_id = re.sub(r"v[0-9]+$", "", id_v)
        primary = entry.find(f"{ARXIV}primary_category").get("term")
        others = [c.get("term") for c in entry.findall(f"{ATOM}category") if c.get("term") != primary]
        article = SimpleNamespace(
            arxiv_id=arxiv_id, arxiv_id_v=id_v, title=" ".join(entry.findtext(f"{ATOM}title").split()),
            comments=entry.findtext(f"{ARXIV}comment"), journal_ref=entry.findtext(f"{ARXIV}journal_ref"),
            abstract=entry.findtext(f"{ATOM}summary").strip(), primary_category=Category(primary),
            secondary_categories=others,
            display_secondaries=lambda others=others: [Category(code).display() for code in others],
        )
        names = [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")]
        parts: list = []
        for position, name in enumerate(names):
            if position:
                parts.append(", ")
            parts.append((name, name))
        author_links[id_v] = (parts,)
        downloads[id_v] = ["pdf", "other"]
        items.append(SimpleNamespace(article=article, list_index=index, listingType="new"))
    return items, author_links, downloads


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "list/list_macros.html": git_show(BROWSE, "browse/templates/list/list_macros.html"),
    }), autoescape=True)
    for name in ("tex2utf", "tex2utf_no_symbols", "arxiv_urlize", "urlize"):
        env.filters[name] = lambda text: text or ""
    env.filters["abstract_lf_to_br"] = lambda text: text
    return env


PAGE = """{% import "list/list_macros.html" as list_macros with context %}
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head><body>
<div id='content-inner'><div id='dlpage'>
<h1>{{ title }}</h1>
{% if count %}{{ list_macros.page_divs() }}{% endif %}
{{ list_macros.item_list(items, '') }}
{% if count %}{{ list_macros.page_divs() }}{% endif %}
</div></div></body></html>"""


def render(env, *, feed_path: str, title: str, list_type: str, count: int | None) -> str:
    items, author_links, downloads = items_from_feed(git_show(FEEDS, feed_path))
    return env.from_string(PAGE).render(
        title=title, items=items, author_links=author_links, downloads=downloads, latexml={},
        list_type=list_type, url_for=lambda *a, **k: "/abs/" + str(k.get("arxiv_id", "")),
        url_for_author_search=lambda article, query: "/a/" + query.replace(" ", "_"),
        count=count or 0, shown=25, pg=[], paging=[{"nolink": f"1-{count}"}] if count else [],
        viewing_all=True, mf_fewer=None, mf_more=None, mf_all=None,
    )


def inner_text(html: str) -> str:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.abort())  # nothing leaves the machine
        page.set_content(html)
        text = page.evaluate("document.body.innerText")
        browser.close()
    return text


JOBS = [
    # (output, feed, page title, list type, "Total of N entries" shown or None)
    ("arxiv_author_page_barto.txt", "AUTHORS/Barto-Andrew/API/page-1.xml", "Andrew Barto's articles on arXiv", "", None),
    ("arxiv_author_page_amodei.txt", "AUTHORS/Amodei-Dario/API/page-1.xml", "Dario Amodei's articles on arXiv", "", None),
    ("arxiv_list_new_hinton.txt", "AUTHORS/Hinton-Geoffrey/API/page-1.xml", "Machine Learning", "new", 50),
]


def main() -> None:
    env = environment()
    for output, feed, title, list_type, count in JOBS:
        text = inner_text(render(env, feed_path=feed, title=title, list_type=list_type, count=count))
        (HERE / output).write_text(text + "\n", encoding="utf-8")
        print(output, len(text.splitlines()), "lines", file=sys.stderr)


if __name__ == "__main__":
    main()
