"""The plain template editor: a letter in six parts of plain text (greeting, introduction, the
sentence about their paper, the personal hook, the ask, the sign-off) with fields written as
``[Field name]`` chips, turned into the Jinja template the drafts render, and read back from it.

The Jinja source stays the one truth: each part is marked in it with a comment
(``{# part: greeting #}``), so a template written here opens here again; one edited by hand
beyond what the parts can say (a loop, a condition of its own) opens in the Jinja view only.
Pure: text in, text out, no Django.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    help: str
    default: str
    # The part is left out of the letter when this is empty (no paper chosen, no hook written).
    only_with: str = ""


PARTS: tuple[Part, ...] = (
    Part("greeting", "Greeting", "How the letter opens.", "Dear [Greeting name],"),
    Part("introduction", "Introduction", "Who you are and why you write.",
         "My name is [Your name], and I am applying to [Your program]. I am writing to ask whether you "
         "expect to take on new PhD students in your group next year."),
    Part("paper", "About their paper", "Left out when no paper of theirs was chosen for you.",
         'I have been reading your recent work. Your paper "[Paper title]" ([Paper year]) connects closely '
         "to what I want to work on.", only_with="paper"),
    Part("hook", "Your personal hook", "Your sentence from the shortlist entry; left out when you wrote none.",
         "[Your personal hook]", only_with="hook"),
    Part("ask", "The ask", "What you would like from them.",
         "I would be grateful to know whether you are recruiting, and whether there is anything you would "
         "like prospective students to read or prepare first."),
    Part("sign_off", "Sign-off", "How the letter ends.", "Thank you for your time.\n\nBest regards,\n[Your name]"),
)
PART_KEYS = tuple(part.key for part in PARTS)
DEFAULT_SUBJECT = "Prospective PhD student: your work on [Paper short name]"

# The chips: what the applicant sees in the text, and the field it stands for.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("Greeting name", "researcher.salutation", "e.g. “Professor Okafor”"),
    ("Their last name", "researcher.last_name", ""),
    ("Their institution", "researcher.institution", "from the catalogue"),
    ("Your name", "applicant.name", "from your profile"),
    ("Your program", "applicant.program_phrase", "e.g. “the PhD program in Computer Science for Fall 2027”"),
    ("Your interests", "applicant.interests", "from your profile"),
    ("Paper title", "paper.title", "the paper chosen for you (in the paper part)"),
    ("Paper short name", "paper.short_title", "its name before a colon: good in a subject"),
    ("Paper year", "paper.year", ""),
    ("Your personal hook", "hook", "your sentence from the shortlist entry"),
)
_TO_JINJA = {label.casefold(): expression for label, expression, _ in FIELDS}
_TO_LABEL = {expression: label for label, expression, _ in FIELDS}
CHIP = re.compile(r"\[([^\[\]\n]{1,60})\]")
_MARK = re.compile(r"\{# part: (\w+) #\}")
_EXPRESSION = re.compile(r"\{\{ ([a-z_.]+) \}\}")
_ESCAPED_BRACE = '{{ "{" }}'


class PlainTemplateError(ValueError):
    """Plain text the editor cannot turn into a template; the message says which chip and where."""


def unknown_chips(text: str) -> list[str]:
    """The ``[…]`` in ``text`` that name no field (a typo, or a placeholder left in)."""
    return [m.group(0) for m in CHIP.finditer(text or "") if m.group(1).strip().casefold() not in _TO_JINJA]


_GUARDED_PAPER = re.compile(r"\{% if paper %\}(\{\{ paper\.[a-z_]+ \}\})\{% endif %\}")


def _field(expression: str, *, in_paper_part: bool) -> str:
    # With no paper chosen, a paper field outside the paper part shows nothing (never fails).
    if expression.startswith("paper.") and not in_paper_part:
        return f"{{% if paper %}}{{{{ {expression} }}}}{{% endif %}}"
    return f"{{{{ {expression} }}}}"


def _text_to_jinja(text: str, *, where: str, in_paper_part: bool = False) -> str:
    unknown = unknown_chips(text)
    if unknown:
        raise PlainTemplateError(
            f"{where}: {', '.join(unknown)} is not a field. Use a chip from the list, or remove the brackets.")
    # A brace the applicant typed is text, not template syntax.
    literal = (text or "").replace("{", _ESCAPED_BRACE)
    return CHIP.sub(lambda m: _field(_TO_JINJA[m.group(1).strip().casefold()], in_paper_part=in_paper_part), literal)


def plain_to_jinja(parts: dict[str, str]) -> str:
    """The Jinja body for these parts; empty parts are left out. Raises PlainTemplateError."""
    pieces = []
    for part in PARTS:
        text = (parts.get(part.key) or "").strip()
        if not text:
            continue
        body = _text_to_jinja(text, where=part.label, in_paper_part=part.key == "paper")
        if part.only_with:
            body = f"{{% if {part.only_with} %}}{body}{{% endif %}}"
        pieces.append(f"{{# part: {part.key} #}}{body}")
    return "\n\n".join(pieces) + "\n"


def subject_to_jinja(subject: str) -> str:
    """The Jinja subject for a plain subject line. Raises PlainTemplateError."""
    return _text_to_jinja(" ".join((subject or "").split()), where="Subject")


def _jinja_to_text(source: str) -> str | None:
    """Plain text for a part's Jinja, or None when it holds more than fields and text."""
    text = _GUARDED_PAPER.sub(r"\1", source.replace(_ESCAPED_BRACE, "\x00"))
    text = _EXPRESSION.sub(lambda m: f"[{_TO_LABEL[m.group(1)]}]" if m.group(1) in _TO_LABEL else m.group(0), text)
    if "{" in text:  # template syntax of its own: not something the parts wrote
        return None
    return text.replace("\x00", "{")


def jinja_to_plain(body_source: str) -> dict[str, str] | None:
    """The parts a plain-editor template was written from, or None when the Jinja was written
    (or edited) beyond what the parts can say."""
    source = (body_source or "").strip()
    if not source:
        return {key: "" for key in PART_KEYS}
    marks = list(_MARK.finditer(source))
    if not marks or marks[0].start() != 0:
        return None
    parts = {key: "" for key in PART_KEYS}
    order = [m.group(1) for m in marks]
    if any(key not in PART_KEYS for key in order) or order != sorted(order, key=PART_KEYS.index) \
            or len(set(order)) != len(order):
        return None
    by_key = {part.key: part for part in PARTS}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(source)
        chunk = source[mark.end():end].strip()
        part = by_key[mark.group(1)]
        if part.only_with:
            opening, closing = f"{{% if {part.only_with} %}}", "{% endif %}"
            if not (chunk.startswith(opening) and chunk.endswith(closing)):
                return None
            chunk = chunk[len(opening):-len(closing)]
        text = _jinja_to_text(chunk)
        if text is None:
            return None
        parts[part.key] = text
    return parts


def jinja_to_plain_subject(subject_source: str) -> str | None:
    """The plain subject line for a Jinja subject, or None when it is more than fields and text."""
    return _jinja_to_text((subject_source or "").strip())


def default_parts() -> dict[str, str]:
    return {part.key: part.default for part in PARTS}
