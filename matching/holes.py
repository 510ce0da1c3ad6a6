"""The researcher page's "why this match", filled into the page shared through the cache
(config/fragments.py): the page is the catalogue's, the match is the signed-in applicant's."""
from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string

from .applicant import match_explain_for


def why_match_fill(request, args: list[str], context: dict) -> dict[str, str]:
    """``{% hole "why_match" researcher.pk %}``: the applicant's match with that researcher."""
    filled = {}
    for arg in args:
        match = match_explain_for(user=request.user, researcher=SimpleNamespace(pk=int(arg)))
        filled[arg] = render_to_string("matching/_why_match.html",
                                       {"match": match, "user": request.user, "request": request})
    return filled
