"""The templates a user can draft with: the shipped defaults (files the app names) and the
user's own, which are checked to compile before they are saved."""
from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from jinja2 import TemplateSyntaxError, meta, nodes

from ..context import SCHEMA, TOP_LEVEL, sample_contexts
from ..exceptions import OutreachError
from ..models import EmailTemplate
from ..sandbox import TemplateProblem, compile_template, render_body, render_subject, sandbox

DEFAULTS_DIR = Path(__file__).resolve().parent.parent / "defaults"
# The shipped templates, loaded by these fixed names only (never a user-supplied file name).
DEFAULT_TEMPLATES = {
    "first_contact": "First contact about PhD openings",
    "follow_up": "Follow-up after no reply",
    "paper_question": "Question about a specific paper",
}


@dataclass(frozen=True)
class TemplateSource:
    key: str
    name: str
    subject: str
    body: str


@functools.lru_cache(maxsize=None)
def default_template(name: str) -> TemplateSource:
    if name not in DEFAULT_TEMPLATES:
        raise OutreachError(f"There is no built-in template called “{name}”.")
    return TemplateSource(
        key=f"default:{name}",
        name=DEFAULT_TEMPLATES[name],
        subject=(DEFAULTS_DIR / f"{name}-subject.txt").read_text(encoding="utf-8"),
        body=(DEFAULTS_DIR / f"{name}-body.txt").read_text(encoding="utf-8"),
    )


def template_source(*, user, key: str) -> TemplateSource:
    """A built-in template ("default:first_contact") or one of this user's ("user:12")."""
    kind, _, rest = (key or "").partition(":")
    if kind == "default":
        return default_template(rest)
    if kind == "user" and rest.isdigit():
        tpl = EmailTemplate.objects.filter(user=user, pk=int(rest)).first()
        if tpl:
            return TemplateSource(tpl.key, tpl.name, tpl.subject_source, tpl.body_source)
    raise OutreachError("That template does not exist (or is not yours). Pick one from the list.")


def template_choices(*, user) -> list[tuple[str, str]]:
    """Every template this user may draft with, built-ins first."""
    out = [(f"default:{k}", v) for k, v in DEFAULT_TEMPLATES.items()]
    out += [(t.key, t.name) for t in EmailTemplate.objects.filter(user=user).order_by("name", "id")]
    return out


# Reading a plain dict's own data is fine in a template ({% for k, v in researcher.items() %}).
_DICT_METHODS = {"items", "keys", "values", "get"}


def _unknown(name: str, known: set[str], what: str) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    hint = f" Did you mean “{close[0]}”?" if close else ""
    return (f"{what} has no field “{name}”.{hint} Fields you can use: {', '.join(sorted(known))} "
            "(or insert one with the buttons beside the editor).")


def _field_problems(source: str, part: str) -> None:
    """Refuse names and fields the context never has, wherever they are in the template (also
    inside an {% if %} the preview did not take), naming the line."""
    env = sandbox()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError:
        return  # compile_template has reported it already
    allowed = TOP_LEVEL | set(env.globals)
    for name in sorted(meta.find_undeclared_variables(tree) - allowed):
        line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == name), None)
        close = difflib.get_close_matches(name, sorted(TOP_LEVEL), n=1, cutoff=0.6)
        hint = f" Did you mean “{close[0]}”?" if close else ""
        raise TemplateProblem(
            f"There is no field “{name}”.{hint} Use only the fields listed beside the editor.", line=line, part=part)
    # Which names stand for which kind of object: the context's own, and loop variables over papers.
    kind = {"applicant": "applicant", "researcher": "researcher", "paper": "paper", "original": "original"}
    for loop in tree.find_all(nodes.For):
        if isinstance(loop.iter, nodes.Name) and loop.iter.name == "papers" and isinstance(loop.target, nodes.Name):
            kind.setdefault(loop.target.name, "paper")

    def kind_of(node) -> str | None:
        if isinstance(node, nodes.Name):
            return kind.get(node.name)
        if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name == "papers":
            return "paper"
        return None

    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        what = kind_of(node.node)
        if what is None:
            continue
        if isinstance(node, nodes.Getattr):
            field = node.attr
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            field = node.arg.value
        else:
            continue
        if field not in SCHEMA[what] and field not in _DICT_METHODS:
            label = "A paper" if what == "paper" else f"“{what}”"
            raise TemplateProblem(_unknown(field, SCHEMA[what], label), line=node.lineno, part=part)


def template_check(*, subject_source: str, body_source: str, today: dt.date | None = None) -> None:
    """Everything a template must pass before it is saved, and what the preview shows: it
    compiles, names only fields that exist, and renders for every kind of researcher (several
    papers, one, none). Raises TemplateProblem naming the part, the line and the situation."""
    compile_template(subject_source, part="subject")
    compile_template(body_source, part="body")
    (_, full), *others = sample_contexts(today or dt.date.today())
    try:
        # First as the sandbox sees it: what it refuses (internals, files, size) is said its way.
        render_subject(subject_source, full)
        render_body(body_source, full)
    except TemplateProblem as exc:
        if "undefined" in exc.message or "has no attribute" in exc.message:
            _field_problems(subject_source, "subject")  # the same error, said with the fields to use
            _field_problems(body_source, "body")
        raise
    _field_problems(subject_source, "subject")
    _field_problems(body_source, "body")
    for situation, context in others:
        try:
            render_subject(subject_source, context)
            render_body(body_source, context)
        except TemplateProblem as exc:
            if not situation:
                raise
            message = exc.message
            if "'None' has no attribute" in message:
                message = ("“paper” (or “original”) is empty here, so its fields cannot be shown: put the "
                           "line inside {% if paper %} … {% endif %} (or {% if original %} … {% endif %}).")
            raise TemplateProblem(f"{message} This happens {situation}.", line=exc.line, part=exc.part) from None


def template_save(*, user, name: str, subject_source: str, body_source: str, template: EmailTemplate | None = None) -> EmailTemplate:
    """Create or update a user's template after ``template_check``: a template saved here
    drafts for any researcher."""
    name = (name or "").strip()
    if not name:
        raise OutreachError("Give the template a name.")
    template_check(subject_source=subject_source, body_source=body_source)
    with transaction.atomic():
        tpl = template or EmailTemplate(user=user)
        if EmailTemplate.objects.filter(user=user, name=name).exclude(pk=tpl.pk).exists():
            raise OutreachError(f"You already have a template called “{name}”; pick another name.")
        tpl.name, tpl.subject_source, tpl.body_source = name, subject_source, body_source
        tpl.full_clean()
        tpl.save()
    return tpl


def template_delete(*, template: EmailTemplate) -> None:
    """Delete one of the user's templates; drafts made with it keep their own copy of the text."""
    template.delete()
