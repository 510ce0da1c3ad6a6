"""Author-search responses (OpenAlex ``/authors?search=``, Semantic Scholar
``/author/search``): the people a name could be, for someone to choose from.

Nothing is imported from a search: it only lists candidates, with what tells namesakes
apart (affiliation, paper count).
"""
from __future__ import annotations

from dataclasses import dataclass

from .names import normalize_name
from .openalex_author import newest_affiliations, openalex_id
from .response_text import as_int, load_json, one_line


@dataclass
class AuthorCandidate:
    kind: str  # the source: "openalex", "s2"
    external_id: str
    name: str
    affiliation: str = ""
    paper_count: int | None = None
    total: int | None = None  # how many people the search matched in all
    # Where they are now, by the source's institution ids: OpenAlex's last known
    # institutions, or, when it names none, the newest entry of their affiliations.
    institution_ids: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()  # other ways the source has seen the name written
    first_year: int | None = None  # their first and newest year of works, when the source says
    last_year: int | None = None
    works_by_year: tuple[tuple[int, int], ...] = ()  # (year, works) for the years the source counts

    def describe(self) -> str:
        """One line for a list of candidates."""
        where = self.affiliation or "affiliation unknown"
        papers = f"{self.paper_count} papers" if self.paper_count is not None else "paper count unknown"
        return f"{self.name} ({where}; {papers}) [{self.kind} {self.external_id}]"


def parse_openalex(text: str) -> list[AuthorCandidate]:
    data = load_json(text, what="OpenAlex author search")
    total = as_int((data.get("meta") or {}).get("count"))
    found = [openalex_candidate(author, total=total) for author in data.get("results") or []
             if isinstance(author, dict)]
    return [c for c in found if c.external_id and c.name]


def openalex_candidate(author: dict, *, total: int | None = None) -> AuthorCandidate:
    """One OpenAlex author object as a candidate, with where they are now."""
    institutions = [i for i in author.get("last_known_institutions") or [] if isinstance(i, dict)]
    if not institutions:
        institutions = newest_affiliations(author.get("affiliations") or [])
    years = sorted(as_int(row.get("year")) for row in author.get("counts_by_year") or []
                   if isinstance(row, dict) and as_int(row.get("works_count")) and as_int(row.get("year")))
    all_years = sorted(year for entry in author.get("affiliations") or [] if isinstance(entry, dict)
                       for year in entry.get("years") or [] if isinstance(year, int))
    return AuthorCandidate(
        kind="openalex",
        external_id=openalex_id(author.get("id")),
        name=normalize_name(one_line(author.get("display_name"))),
        affiliation=one_line(institutions[0].get("display_name")) if institutions else "",
        paper_count=as_int(author.get("works_count")),
        total=total,
        institution_ids=tuple(openalex_id(i.get("id")) for i in institutions if i.get("id")),
        other_names=tuple(normalize_name(one_line(n)) for n in author.get("display_name_alternatives") or []
                          if isinstance(n, str) and one_line(n)),
        first_year=min(all_years[:1] + years[:1]) if all_years or years else None,
        last_year=max(all_years[-1:] + years[-1:]) if all_years or years else None,
        works_by_year=tuple(sorted((as_int(row.get("year")), as_int(row.get("works_count")) or 0)
                                   for row in author.get("counts_by_year") or []
                                   if isinstance(row, dict) and as_int(row.get("year")))),
    )


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
