"""Template filters for catalogue pages: topic names for codes, LaTeX in paper text as text."""
from django import template

from profiles.text import latex_to_text
from profiles.topics import topic_is_code, topic_name

register = template.Library()


@register.filter
def topic_label(topic: str) -> str:
    """ "LG" → "Machine Learning"."""
    return topic_name(topic)


@register.filter
def topic_coded(topic: str) -> bool:
    return topic_is_code(topic)


@register.filter
def as_text(value) -> str:
    """A paper's title or abstract with its LaTeX ($k$-means, \\textit{…}) as plain text."""
    return latex_to_text(str(value or ""))
