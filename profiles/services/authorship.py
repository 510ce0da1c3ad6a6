"""Whether a paper may be attached to a researcher: the rule every importer goes through.

A paper is attached only when the capture is the researcher's own profile page, or their name
is in the paper's author list (initials, accents, hyphens and "Family, Given" order
tolerated: "A. Del Maestro" is Adrian Del Maestro), or a curator confirmed that entry. A draft
can only cite what this rule let in, so a listing that merely mentions someone never makes
its other papers theirs. Live-source importers (OpenAlex, ORCID, DBLP…) call the same
functions. The rule itself is pure; ``authorships_failing_check`` applies it to the
authorships made before it existed, for curators to review (nothing is deleted).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from profiles.importers import names_match
from profiles.models import Authorship, AuthorshipBasis
from profiles.selectors import authorships_unchecked

# Layouts that are one person's own profile page: every paper on them is that person's.
OWN_PROFILE_LAYOUTS = ("phdfit", "alphaxiv")


@dataclass(frozen=True)
class AuthorshipDecision:
    """Whether one entry is attached, on what basis, or why not (a sentence for the report)."""

    attached: bool
    basis: str = ""
    reason: str = ""


def author_list_names_researcher(*, authors: Iterable[str], researcher_names: Sequence[str]) -> bool:
    """Whether any name in ``authors`` can be the researcher, under any of their known names
    (the record's name and the names of records merged into it)."""
    return any(names_match(author, name) for author in authors for name in researcher_names if author and name)


def authorship_decide(
    *,
    authors: Sequence[str],
    researcher_names: Sequence[str],
    own_profile: bool,
    confirmed: bool,
) -> AuthorshipDecision:
    """Decide one entry for one researcher (see the module docstring for the rule)."""
    if own_profile:
        return AuthorshipDecision(True, AuthorshipBasis.OWN_PROFILE)
    if authors and author_list_names_researcher(authors=authors, researcher_names=researcher_names):
        return AuthorshipDecision(True, AuthorshipBasis.AUTHOR_LIST)
    if confirmed:
        return AuthorshipDecision(True, AuthorshipBasis.CURATOR)
    who = researcher_names[0] if researcher_names else "the researcher"
    if not authors:
        return AuthorshipDecision(False, reason=(
            f"the page lists no author names for it, so nothing shows {who} wrote it; "
            "confirm the entry if they did"))
    shown = ", ".join(authors[:6]) + (f" and {len(authors) - 6} more" if len(authors) > 6 else "")
    return AuthorshipDecision(False, reason=f"{who} is not among its authors ({shown})")


@dataclass(frozen=True)
class UncheckedAuthorship:
    authorship: Authorship
    reason: str


def authorships_failing_check() -> list[UncheckedAuthorship]:
    """Authorships made before the check that the rule would not make now, each with why."""
    failing = []
    for authorship in authorships_unchecked().iterator(chunk_size=2000):
        source = authorship.source
        own = source is not None and source.layout in OWN_PROFILE_LAYOUTS
        decision = authorship_decide(authors=authorship.paper.authors, researcher_names=[authorship.researcher.name],
                                     own_profile=own, confirmed=False)
        if not decision.attached:
            failing.append(UncheckedAuthorship(authorship, decision.reason))
    return failing
