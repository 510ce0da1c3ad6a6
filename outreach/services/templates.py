"""The templates a user can draft with: the shipped defaults (files the app names) and the
user's own, which are checked to compile before they are saved."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ..exceptions import OutreachError
from ..models import EmailTemplate
from ..sandbox import compile_template

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


def template_save(*, user, name: str, subject_source: str, body_source: str, template: EmailTemplate | None = None) -> EmailTemplate:
    """Create or update a user's template after checking that both parts compile."""
    name = (name or "").strip()
    if not name:
        raise OutreachError("Give the template a name.")
    compile_template(subject_source, part="subject")
    compile_template(body_source, part="body")
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
