"""Author-search responses (OpenAlex ``/authors?search=``, Semantic Scholar
``/author/search``): the people a name could be, for someone to choose from.

Nothing is imported from a search: it only lists candidates, with what tells namesakes
apart (affiliation, paper count).
"""
from __future__ import annotations

from dataclasses import dataclass

from .names import normalize_name
from .openalex_author import openalex_id
from .response_text import as_int, load_json, one_line


@dataclass
class AuthorCandidate:
    kind: str  # the source: "openalex", "s2"
    external_id: str
    name: str
    affiliation: str = ""
    paper_count: int | None = None
    total: int | None = None  # how many people the search matched in all

    def describe(self) -> str:
        """One line for a list of candidates."""
        where = self.affiliation or "affiliation unknown"
        papers = f"{self.paper_count} papers" if self.paper_count is not None else "paper count unknown"
        return f"{self.name} ({where}; {papers}) [{self.kind} {self.external_id}]"


def parse_openalex(text: str) -> list[AuthorCandidate]:
    data = load_json(text, what="OpenAlex author search")
    found = []
    for author in data.get("results") or []:
        institutions = author.get("last_known_institutions") or []
        found.append(AuthorCandidate(
            kind="openalex",
            external_id=openalex_id(author.get("id")),
            name=normalize_name(one_line(author.get("display_name"))),
            affiliation=one_line(institutions[0].get("display_name")) if institutions else "",
            paper_count=as_int(author.get("works_count")),
            total=as_int((data.get("meta") or {}).get("count")),
        ))
    return [c for c in found if c.external_id and c.name]


def parse_s2(text: str) -> list[AuthorCandidate]:
    data = load_json(text, what="Semantic Scholar author search")
    found = []
    for author in data.get("data") or []:
        affiliations = [one_line(a) for a in author.get("affiliations") or [] if one_line(a)]
        found.append(AuthorCandidate(
            kind="s2",
            external_id=str(author.get("authorId") or ""),
            name=normalize_name(one_line(author.get("name"))),
            affiliation=affiliations[0] if affiliations else "",
            paper_count=as_int(author.get("paperCount")),
            total=as_int(data.get("total")),
        ))
    return [c for c in found if c.external_id and c.name]
