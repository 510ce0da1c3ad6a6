"""The researcher page's "why this match", filled into the page shared through the cache
(config/fragments.py): the page is the catalogue's, the match is the signed-in applicant's."""
from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string

from config.fragments import Role, fragment_shared, holes_fill

from .applicant import match_explain_for, ranking_of_user


def why_match_fill(request, args: list[str], context: dict) -> dict[str, str]:
    """``{% hole "why_match" researcher.pk %}``: the applicant's match with that researcher. A
    match is rendered once per ranking and researcher and shared like the page around it: two
    applicants with the same profile have the same ranking."""
    user = request.user
    ranking = ranking_of_user(user) if user.is_authenticated else None
    filled = {}
    for arg in args:
        researcher = SimpleNamespace(pk=int(arg))
        if ranking is None:  # no match to show: a line asking to log in or fill in the profile
            filled[arg] = render_to_string("matching/_why_match.html", {"match": None, "user": user, "request": request})
            continue
        filled[arg] = holes_fill(fragment_shared(
            "why-match", [ranking.fingerprint, researcher.pk], "matching/_why_match.html",
            lambda researcher=researcher: {
                "match": match_explain_for(user=user, researcher=researcher, ranking=ranking), "user": Role.of(user)}),
            request)
    return filled
