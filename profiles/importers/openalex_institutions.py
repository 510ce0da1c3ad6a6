"""OpenAlex institutions (``GET /institutions?search=``, ``GET /institutions/I…``): which
institution a name the user typed stands for.

Pure: text in, dataclasses out. Choosing is strict: a name is taken only when it is the
institution's own name, one of its other names or its acronym, or when the search found
exactly one institution; otherwise the user is shown what was found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii

from .openalex_author import openalex_id
from .response_text import as_int, load_json, one_line


@dataclass(frozen=True)
class Institution:
    kind: str  # the source: "openalex"
    external_id: str  # I161548249
    name: str
    other_names: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    country_code: str = ""
    works_count: int | None = None

    def describe(self) -> str:
        """One line for a list of institutions to choose from."""
        where = f", {self.country_code}" if self.country_code else ""
        works = f"; {self.works_count:,} works" if self.works_count is not None else ""
        return f"{self.name}{where}{works} [{self.kind} {self.external_id}]"


def institution_from_openalex(data: dict) -> Institution:
    """One OpenAlex institution object."""
    return Institution(
        kind="openalex",
        external_id=openalex_id(data.get("id")),
        name=one_line(data.get("display_name")),
        other_names=tuple(one_line(n) for n in data.get("display_name_alternatives") or [] if isinstance(n, str)),
        acronyms=tuple(one_line(n) for n in data.get("display_name_acronyms") or [] if isinstance(n, str)),
        country_code=one_line(data.get("country_code")),
        works_count=as_int(data.get("works_count")),
    )


def parse_institution(text: str) -> Institution:
    return institution_from_openalex(load_json(text, what="OpenAlex institution"))


def parse_institution_search(text: str) -> list[Institution]:
    data = load_json(text, what="OpenAlex institution search")
    found = [institution_from_openalex(item) for item in data.get("results") or [] if isinstance(item, dict)]
    return [i for i in found if i.external_id and i.name]


def _key(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", anyascii(name).lower()).split()
    return " ".join(word for word in words if word not in ("the", "of", "at"))


def institutions_named(found: list[Institution], asked: str) -> list[Institution]:
    """The institutions ``asked`` names: those whose name, other name or acronym it is;
    when none is, the one the search found, if it found exactly one."""
    key = _key(asked)
    exact = [i for i in found if key and key in {_key(n) for n in (i.name, *i.other_names)}]
    if not exact:
        exact = [i for i in found if any(a.lower() == asked.strip().lower() for a in i.acronyms)]
    if exact:
        return exact
    return found if len(found) == 1 else []
