"""Template tags the catalogue's pages load to show how a researcher fits the signed-in
applicant (the catalogue's views know nothing of matching, which sits above it)."""
from django import template

from matching.applicant import match_explain_for

register = template.Library()


@register.simple_tag(takes_context=True)
def researcher_match(context, researcher):
    """``{% researcher_match researcher as match %}``: the applicant's match with this
    researcher and its reasons, or None (no profile yet, or not in the visible catalogue)."""
    request = context.get("request")
    if request is None:
        return None
    return match_explain_for(user=request.user, researcher=researcher)
