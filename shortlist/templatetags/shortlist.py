"""``{% save_button researcher %}``: the Save / Saved toggle, for pages rendered per request
(the toggle's own htmx answer, the import report). Pages shared through the cache leave a
``{% hole "save_button" pk %}`` instead, filled by the same code (shortlist/save_button.py)."""
from django import template

from shortlist.save_button import save_buttons_for
from shortlist.selectors import saved_among, shortlist_entries

register = template.Library()


@register.simple_tag(takes_context=True)
def save_button(context, researcher):
    """Context: request, and ``saved_ids`` when the view read them already."""
    request = context["request"]
    saved = context.get("saved_ids")
    if saved is None:
        saved = saved_among(user=request.user, researcher_ids=[researcher.pk])
    return save_buttons_for(request).html(researcher.pk, researcher.pk in saved)


@register.simple_tag(takes_context=True)
def shortlist_entry_of(context, researcher):
    """The signed-in user's own shortlist entry for ``researcher`` (None without one):
    ``{% shortlist_entry_of researcher as entry %}``."""
    user = context["request"].user
    if not user.is_authenticated:
        return None
    return shortlist_entries(user=user).filter(researcher=researcher).first()
