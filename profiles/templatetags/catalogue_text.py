"""Template filters for catalogue text: ``{{ paper.title|as_text }}`` shows LaTeX as text."""
from django import template

from profiles.text import latex_to_text

register = template.Library()


@register.filter
def as_text(value) -> str:
    """A paper's title or abstract with its LaTeX ($k$-means, \\textit{…}) as plain text."""
    return latex_to_text(str(value or ""))
