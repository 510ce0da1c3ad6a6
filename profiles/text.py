"""Paper text as a reader sees it: the LaTeX that titles and abstracts carry from arXiv
("$\\textit{master weights}$", "$k$-means", "$\\spadesuit$") turned into plain text (pylatexenc)."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

logger = logging.getLogger(__name__)
_LATEX_HINT = re.compile(r"\$|\\[A-Za-z]")
# Plain inline maths ("$k$-means", "$n=10$") needs no parser: the dollars go, the text stays.
_PLAIN_MATH = re.compile(r"\$([^$\\{}%&#~]{1,40})\$")
# Characters LaTeX gives a meaning that plain prose around the formulas does not have:
# "5% faster" is not a comment, "R&D" not a table cell, "~10x" not a non-breaking space.
# They are swapped for private-use characters while converting, and back after.
_PROSE = "%&#~"
_HIDE = str.maketrans({c: chr(0xE000 + i) for i, c in enumerate(_PROSE)})
_SHOW = str.maketrans({chr(0xE000 + i): c for i, c in enumerate(_PROSE)})
_EXTRA_SYMBOLS = {"spadesuit": "♠", "heartsuit": "♥", "diamondsuit": "♦", "clubsuit": "♣",
                  "checkmark": "✓", "star": "⋆"}


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    context = get_default_latex_context_db().filter_context()
    context.add_context_category("advisor-scout", prepend=True,
                                 macros=[MacroTextSpec(name, text) for name, text in _EXTRA_SYMBOLS.items()])
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces="based-on-source")


@lru_cache(maxsize=20_000)
def latex_to_text(text: str) -> str:
    """``text`` with its LaTeX shown as text; text without LaTeX comes back unchanged."""
    if not text or not _LATEX_HINT.search(text):
        return text or ""
    text = _PLAIN_MATH.sub(r"\1", text)
    if not _LATEX_HINT.search(text):
        return text
    try:
        out = _converter().latex_to_text(text.translate(_HIDE)).translate(_SHOW)
    except Exception as exc:  # pylatexenc's tolerant parser still raises on some inputs
        logger.warning("LaTeX left as written (%s): %.80s", exc, text)
        return text
    return " ".join(out.split()) or text
