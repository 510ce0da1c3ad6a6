"""Template filters for catalogue pages: topic names for codes, LaTeX in paper text as text,
paper dates only as precise as their source."""
from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from profiles.dates import paper_date_iso, paper_date_text
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
def author_link(author) -> str:
    """One author of a paper (a ``PaperAuthor``): the page's researcher in bold, one in the
    catalogue linked to their page. A filter, not an include: a researcher page's papers made
    hundreds of includes, a third of the page's rendering on a cache miss."""
    if author.is_self:
        return format_html("<strong>{}</strong>", author.name)
    if author.researcher:
        return format_html('<a href="{}">{}</a>', author.researcher.get_absolute_url(), author.name)
    return conditional_escape(author.name)


_SELECTED = mark_safe(" selected")


# The directory form's filter lists have an option per institution and per topic (thousands at
# 10,000 researchers): looping over them in the template was most of the page's rendering on a
# cache miss. These tags write the same options in one pass (tags, not filters: a filter's
# argument must exist, and the form also renders with no search at all).
@register.simple_tag
def institution_options(institutions, selected) -> str:
    return format_html_join("", '<option value="{}"{}>{}</option>', (
        (inst, _SELECTED if inst == selected else "", inst) for inst in institutions))


@register.simple_tag
def topic_options(topics, selected) -> str:
    """(topic, researchers) pairs as options: the topic's name and how many have it."""
    return format_html_join("", '<option value="{}"{}>{} ({})</option>', (
        (topic, _SELECTED if topic == selected else "", topic_name(topic), count) for topic, count in topics))


@register.filter
def as_text(value) -> str:
    """A paper's title or abstract with its LaTeX ($k$-means, \\textit{…}) as plain text."""
    return latex_to_text(str(value or ""))


def _date_parts(paper) -> tuple:
    """(date, precision) of a Paper, a match reason or a stored dict ({"date", "date_precision"})."""
    if isinstance(paper, dict):
        return paper.get("date"), paper.get("date_precision") or ""
    return getattr(paper, "date", None), getattr(paper, "date_precision", "") or ""


@register.filter
def paper_date(paper, undated: str = "undated") -> str:
    """{{ paper|paper_date }}: "5 Jul 2018", "Jul 2018" (known to the month) or "2018"."""
    day, precision = _date_parts(paper)
    return paper_date_text(day, precision, undated=undated)


@register.filter
def paper_date_machine(paper) -> str:
    """{{ paper|paper_date_machine }} for <time datetime>: "2018-07-05", "2018-07" or "2018"."""
    day, precision = _date_parts(paper)
    return paper_date_iso(day, precision)
