"""Template filters for catalogue pages: topic names for codes, LaTeX in paper text as text,
paper dates only as precise as their source."""
import re
from html import escape as escape_text  # plain str: no lazy-string wrapper per value
from urllib.parse import quote

from django import template
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from config.fragments import hole
from profiles.dates import date_text, paper_date_iso, paper_date_text
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


# A directory page's 25 rows through the template engine were most of a page's cost on a cache
# miss (~300 variable lookups and filters each): this tag writes the same rows in one pass.
@register.simple_tag
def directory_rows(rows) -> str:
    """The directory's table rows, from (researcher, freshness) pairs; each row's save button is
    a hole (config/fragments.py), the row itself the same for every user."""
    url_of = _researcher_url_maker()
    return mark_safe("".join(_directory_row(researcher, freshness, url_of) for researcher, freshness in rows))


def _directory_row(researcher, freshness, url_of) -> str:
    who = [format_html('<a class="researcher-name" href="{}">{}</a>', url_of(researcher), researcher.name)]
    if researcher.title:
        who.append(format_html('<div class="muted small">{}</div>', truncatechars(researcher.title, 90)))
    paper = getattr(researcher, "matched_paper", None)  # the paper that matched a search
    if paper:
        year = format_html(' <span class="muted">({})</span>', date_text(paper.date, "Y")) if paper.date else ""
        who.append(format_html('<div class="small matched-paper">Paper: <em>{}</em>{}</div>',
                               truncatechars(as_text(paper.title), 120), year))
    if freshness.stale:
        who.append(format_html('<span class="flag" title="Newest capture {}">stale</span>',
                               date_text(freshness.newest_capture_on, "j M Y")))
    if freshness.disagree:
        who.append(format_html('<span class="flag bad" title="Captures give different {}">sources disagree</span>',
                               " and ".join(d.field for d in freshness.disagreements)))
    department = format_html('<div class="muted small">{}</div>', researcher.department) if researcher.department else ""
    topics = format_html_join("", '<span class="tag">{}</span>',
                              ((topic_name(topic),) for topic in (researcher.topics or [])[:3]))
    return format_html(
        '<tr class="researcher-row"><td>{}</td><td>{}{}</td><td class="topics">{}</td><td class="num">{}</td>'
        '<td class="nowrap">{}</td><td class="nowrap">{}</td></tr>\n',
        mark_safe("".join(who)), researcher.affiliation, department, topics, researcher.listed_paper_count,
        date_text(researcher.newest_paper_on, "M Y") or "—", hole("save_button", researcher.pk))


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


# A researcher's page lists ~40 papers, each with its authors and links: rendered through the
# template engine (an include per paper, a filter per author) they were most of the page's
# cost on a cache miss (~1 ms a paper at 10,000 researchers). These build the same markup in
# one Python pass. Every value from a paper or a source goes through ``escape_text`` here.
AUTHORS_SHOWN = 6
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the URL's <slug:> takes as it is
_NO_LINK_NOTE = '<span class="muted"> (the source gave no DOI or arXiv link)</span>'


def _author_html(author, url_of) -> str:
    name = escape_text(author.name)
    if author.is_self:
        return f"<strong>{name}</strong>"
    if author.researcher:
        return f'<a href="{escape_text(url_of(author.researcher))}">{name}</a>'
    return name


def _authors_html(paper, url_of) -> str:
    """One paper's authors: the first few, then "and N more" to expand; says when the source cut
    or omitted the list (the markup of ``profiles/_authors.html``)."""
    entries = paper.author_entries
    if not entries:
        return '<div class="authors small"><span class="muted">Authors not given by the source.</span></div>'
    out = ['<div class="authors small"><span class="visually-hidden">Authors: </span>',
           ", ".join(_author_html(a, url_of) for a in entries[:AUTHORS_SHOWN])]
    if len(entries) > AUTHORS_SHOWN:
        out.append(f' <details class="more-authors"><summary>and {len(entries) - AUTHORS_SHOWN} more</summary>'
                   + ", ".join(_author_html(a, url_of) for a in entries[AUTHORS_SHOWN:]) + "</details>")
    if paper.author_count and paper.author_count > len(entries):
        out.append(f' <span class="muted">(the source lists {len(entries)} of {paper.author_count} authors)</span>')
    out.append("</div>")
    return "".join(out)


def _paper_links_html(paper) -> str:
    links = []
    if paper.arxiv_id:
        arxiv = escape_text(paper.arxiv_id)
        links.append(f'<a href="https://arxiv.org/abs/{arxiv}" rel="noopener noreferrer nofollow">arXiv:{arxiv}</a>')
    if paper.doi:
        doi = escape_text(paper.doi)
        links.append(f'<a href="https://doi.org/{doi}" rel="noopener noreferrer nofollow">doi:{doi}</a>')
    if links:
        return " · ".join(links)
    title = escape_text(quote(paper.title or "", safe="/"))
    return (f'<a href="https://arxiv.org/search/?query={title}&amp;searchtype=title" rel="noopener noreferrer nofollow">'
            f'Search arXiv for this title</a> · <a href="https://scholar.google.com/scholar?q={title}" '
            f'rel="noopener noreferrer nofollow">Google Scholar</a>{_NO_LINK_NOTE}')


def _paper_item_html(paper, url_of) -> str:
    marks = ""
    if paper.has_code:
        marks += ' <span class="mark" title="Code available">code</span>'
    if paper.open_access:
        marks += ' <span class="mark" title="Open access">open access</span>'
    day, precision = _date_parts(paper)
    when = f' datetime="{escape_text(paper_date_iso(day, precision))}"' if paper.date else ""
    where = ""
    if paper.venues:
        where += " · " + ", ".join(escape_text(str(v)) for v in paper.venues)
    if paper.kind:
        where += " · " + escape_text(paper.kind)
    return (
        f'<li class="paper" id="paper-{paper.pk}">\n'
        f'<div class="paper-title">{escape_text(latex_to_text(str(paper.title or "")))}{marks}</div>\n'
        f'<div class="muted small"><time{when}>{escape_text(paper_date_text(day, precision))}</time>{where}</div>\n'
        f"{_authors_html(paper, url_of)}\n"
        f'<div class="small paper-links">{_paper_links_html(paper)}</div>\n'
        "</li>\n"
    )


@register.simple_tag
def paper_items(papers) -> str:
    """{% paper_items page.papers %}: the <li> of each paper on a researcher's page (papers with
    ``author_entries``, as ``researcher_page`` gives them)."""
    url_of = _researcher_url_maker()
    return mark_safe("".join(_paper_item_html(paper, url_of) for paper in papers))


def _researcher_url_maker():
    """A function giving a researcher's page address from one reverse() for the whole page: the
    links differ only in the slug."""
    pattern = reverse("profiles:researcher_detail", kwargs={"slug": "__slug__"})
    head, tail = pattern.split("__slug__")

    def url_of(researcher) -> str:
        slug = researcher.slug
        return f"{head}{slug}{tail}" if _PLAIN_SLUG.fullmatch(slug) else researcher.get_absolute_url()

    return url_of
