"""Outreach's parts of other apps' pages: ``{% drafts_to researcher as drafts %}``, the signed-in
user's own drafts to one researcher (the page of a researcher a curator hid lists them)."""
from django import template

from outreach.selectors import drafts_for

register = template.Library()


@register.simple_tag(takes_context=True)
def drafts_to(context, researcher) -> list:
    """The signed-in user's drafts to ``researcher``, newest first ([] for a visitor)."""
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return list(drafts_for(user=user).filter(researcher=researcher))
