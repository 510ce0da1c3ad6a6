"""Template filters for catalogue pages: topic names for codes."""
from django import template

from profiles.topics import topic_is_code, topic_name

register = template.Library()


@register.filter
def topic_label(topic: str) -> str:
    """ "LG" → "Machine Learning"."""
    return topic_name(topic)


@register.filter
def topic_coded(topic: str) -> bool:
    return topic_is_code(topic)
