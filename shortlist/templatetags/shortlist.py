"""Template tags the catalogue's pages load to show the signed-in user's shortlist state
(the catalogue's views know nothing of the shortlist, which sits above it)."""
from django import template

from shortlist.save_button import save_buttons_for
from shortlist.selectors import saved_researcher_ids as saved_researcher_ids_for

register = template.Library()


@register.simple_tag(takes_context=True)
def saved_researcher_ids(context) -> set[int]:
    """``{% saved_researcher_ids as saved_ids %}``: the researchers the user saved, in one query."""
    if "saved_ids" in context:  # the view already looked them up
        return context["saved_ids"]
    request = context.get("request")
    return saved_researcher_ids_for(user=request.user) if request is not None else set()


@register.simple_tag(takes_context=True)
def save_button(context, researcher):
    """``{% save_button researcher %}``: the Save / Saved toggle (context: request, saved_ids)."""
    saved = context.get("saved_ids")
    if saved is None:
        saved = saved_researcher_ids(context)
    return save_buttons_for(context["request"]).html(researcher.pk, researcher.pk in saved)
